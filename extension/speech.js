// Listen: reads sentences aloud with the browser's speechSynthesis, one utterance per sentence,
// so the overlay always knows which sentence is being read (boundary events are unreliable
// across engines and voices) and Chrome's cut-off of long utterances never applies.
// Loaded before content.js into the same isolated world; content.js draws the controls.
(() => {
  if (Object.hasOwn(globalThis, "__distillSpeech")) { // its own: a page element named so shows through
    return;
  }

  function synth() {
    return globalThis.speechSynthesis || null;
  }

  function voices() {
    const engine = synth();
    return engine ? engine.getVoices() : [];
  }

  /** The voices, once the engine has listed them (Chrome lists them late, or never headless). */
  function whenVoices(timeoutMs = 1500) {
    const engine = synth();
    if (!engine) return Promise.resolve([]);
    const now = voices();
    if (now.length) return Promise.resolve(now);
    return new Promise((resolve) => {
      const done = () => {
        engine.removeEventListener("voiceschanged", done);
        clearTimeout(timer);
        resolve(voices());
      };
      const timer = setTimeout(done, timeoutMs);
      engine.addEventListener("voiceschanged", done);
    });
  }

  /** A voice for a BCP 47 language: the same tag, else the same language; null for the default. */
  function voiceFor(lang, list = voices()) {
    if (!lang) return null;
    const norm = (tag) => String(tag || "").replace(/_/g, "-").toLowerCase();
    const wanted = norm(lang);
    const primary = wanted.split("-")[0];
    const exact = list.filter((v) => norm(v.lang) === wanted);
    const near = list.filter((v) => norm(v.lang).split("-")[0] === primary);
    const pick = (found) => found.find((v) => v.localService) || found[0];
    return pick(exact) || pick(near) || null;
  }

  /**
   * Reads a list of {index, text} one sentence after another.
   * onSentence(index) is called as each sentence starts, and with null at the end;
   * onState(state) with "playing", "paused" or "idle".
   */
  class Reader {
    constructor({ onSentence, onState }) {
      this.onSentence = onSentence;
      this.onState = onState;
      this.items = [];
      this.position = 0;
      this.state = "idle";
      this.generation = 0; // events of a cancelled utterance must not move the reader
      this.lang = "";
      this.rate = 1;
    }

    start(items, { lang, rate }) {
      this.stop();
      this.items = items.filter((item) => item.text && item.text.trim());
      this.lang = lang || "";
      this.rate = rate || 1;
      this.position = 0;
      if (!this.items.length) return;
      this.setState("playing");
      this.speakCurrent();
    }

    speakCurrent() {
      const engine = synth();
      const item = this.items[this.position];
      if (!engine || !item) {
        this.finish();
        return;
      }
      const generation = ++this.generation;
      const utterance = new SpeechSynthesisUtterance(item.text);
      const voice = voiceFor(this.lang);
      if (voice) utterance.voice = voice;
      if (this.lang) utterance.lang = this.lang;
      utterance.rate = this.rate;
      utterance.addEventListener("end", () => {
        if (generation !== this.generation) return;
        this.position += 1;
        this.speakCurrent();
      });
      utterance.addEventListener("error", (event) => {
        if (generation !== this.generation) return;
        if (event && (event.error === "interrupted" || event.error === "canceled")) return;
        this.finish();
      });
      this.onSentence(item.index);
      engine.speak(utterance);
    }

    pause() {
      const engine = synth();
      if (this.state !== "playing" || !engine) return;
      engine.pause();
      this.setState("paused");
    }

    resume() {
      const engine = synth();
      if (this.state !== "paused" || !engine) return;
      engine.resume();
      this.setState("playing");
    }

    /** A new speed applies at once: the current sentence starts again at that speed. */
    setRate(rate) {
      this.rate = rate;
      if (this.state === "idle") return;
      const engine = synth();
      this.generation += 1;
      if (engine) engine.cancel();
      this.setState("playing");
      this.speakCurrent();
    }

    stop() {
      const engine = synth();
      const wasActive = this.state !== "idle";
      this.generation += 1;
      if (engine && wasActive) engine.cancel();
      if (wasActive) this.finish();
    }

    finish() {
      this.generation += 1;
      this.items = [];
      this.position = 0;
      this.setState("idle");
      this.onSentence(null);
    }

    setState(state) {
      this.state = state;
      this.onState(state);
    }
  }

  globalThis.__distillSpeech = { synth, voices, whenVoices, voiceFor, Reader };
})();
