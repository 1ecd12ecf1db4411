// The reader view of a PDF, in an extension page (a PDF viewer cannot hold the overlay): the
// worker keeps the answer in storage.session under this page's #key; the page shows the loading
// state until it is there, then the same reader view as on web pages.
(() => {
  const key = decodeURIComponent(location.hash.slice(1));
  document.title = chrome.i18n.getMessage("readerPageTitle");
  document.documentElement.lang = chrome.i18n.getUILanguage();
  let shown = false;

  function show(entry) {
    if (shown || !entry) return;
    if (!entry.outcome) {
      globalThis.__distill.loading();
      return;
    }
    shown = true;
    globalThis.__distill.render(entry.outcome, entry.view);
    if (entry.outcome.ok && entry.outcome.data.title) document.title = entry.outcome.data.title;
    chrome.storage.session.remove(key).catch(() => {});
  }

  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === "session" && changes[key]) show(changes[key].newValue);
  });
  chrome.storage.session.get(key).then((stored) => show(stored[key]));
})();
