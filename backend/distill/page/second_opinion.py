"""trafilatura's second opinion on a page, read in a process of its own while the worker reads
the metadata and readability's pick.

Many pages need both extractors: readability decides, and trafilatura is asked whenever
readability's pick may have missed prose (46% of Mozilla's test pages), at 10 ms or more a page.
A team server answers one request at a time most of the day, and meanwhile its other cores are
idle. So a worker keeps one helper process, forked from it (the libraries are already loaded:
nothing to start), hands it the page's markup before parsing it, and takes trafilatura's block
back as markup, which is what trafilatura_pick makes of it anyway. The answer is the same, only
sooner.

The helper is asked only while fewer requests are being answered than there are cores (on a busy
server it would only add a second parse of each page) and never for two pages at once. A helper that is
busy, dead or slow leaves the worker to run trafilatura itself.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .extractors import trafilatura_markup
from .parse import parse_html, prepare, usable_url

LOGGER = logging.getLogger(__name__)

# How long a worker waits for its helper before running trafilatura itself. The helper does the
# same work, so this is only reached when something is wrong with it.
WAIT_S = 30.0

# Requests being answered right now by every process forked from the one that imported this
# module (the server's master, before its workers fork): shared memory, not per worker.
_ANSWERING = multiprocessing.get_context("fork").Value("i", 0)
_CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@contextmanager
def serving() -> Iterator[None]:
    """Counts a request as being answered while the block runs (the API's summarize view)."""
    with _ANSWERING.get_lock():
        _ANSWERING.value += 1
    try:
        yield
    finally:
        with _ANSWERING.get_lock():
            _ANSWERING.value -= 1


def spare_core() -> bool:
    """Whether a core is left for a helper: fewer requests being answered, this one included
    (counted once even outside the server), than cores."""
    return max(_ANSWERING.value, 1) < _CORES


class Answer:
    """A page handed to the helper; ``markup()`` waits for trafilatura's block, ``release()``
    says nobody will (the helper's answer is then dropped before its next page)."""

    def __init__(self, helper: _Helper) -> None:
        self._helper = helper
        self._result: tuple[bool, str | None] | None = None
        self.released = False

    def markup(self) -> tuple[bool, str | None]:
        """(True, trafilatura's markup or None when it found nothing), or (False, None) when the
        helper could not answer and the caller must run trafilatura itself."""
        if self._result is None:
            self._result = self._helper.receive(self)
        return self._result

    def release(self) -> None:
        self.released = True


class _Helper:
    def __init__(self) -> None:
        # os.fork, not multiprocessing.Process: a helper ends with its worker (its end of the
        # pipe closes), and a daemonic process (a multiprocessing pool's) may have one too
        self.conn, child = multiprocessing.Pipe()
        self.pid = os.getpid()
        self.child = os.fork()
        if self.child == 0:
            try:
                self.conn.close()
                _let_go_of_inherited(keep=child.fileno())
                _serve(child)
            finally:
                os._exit(0)
        child.close()
        self.reaped = False
        self.lock = threading.Lock()  # gthread workers read two pages at once
        self.outstanding: Answer | None = None  # the page handed over, its answer not yet read

    def send(self, html: str, url: str | None) -> Answer | None:
        if not self.lock.acquire(blocking=False):
            return None
        try:
            if self.outstanding is not None:
                # another request's page: busy until its reader is done and the helper too
                if not self.outstanding.released or not self.conn.poll(0):
                    return None
                self.conn.recv()
                self.outstanding = None
            self.conn.send((html, url))
            self.outstanding = Answer(self)
            return self.outstanding
        except (OSError, EOFError, ValueError):
            self.close()
            return None
        finally:
            self.lock.release()

    def receive(self, answer: Answer) -> tuple[bool, str | None]:
        with self.lock:
            if answer is not self.outstanding:  # its helper was replaced
                return False, None
            self.outstanding = None
            try:
                if not self.conn.poll(WAIT_S):
                    LOGGER.warning("the helper process took over %s s; reading the page here", WAIT_S)
                    self.close()
                    return False, None
                ok, value = self.conn.recv()
            except (OSError, EOFError):
                LOGGER.warning("the helper process ended; reading the page here")
                self.close()
                return False, None
            if not ok:
                LOGGER.info("the helper could not read the page: %s", value)
                return False, None
            return True, value

    def alive(self) -> bool:
        if self.pid != os.getpid() or self.conn.closed or self.reaped:
            return False  # a forked copy of the worker's helper object, or a closed one
        try:
            self.reaped = os.waitpid(self.child, os.WNOHANG) != (0, 0)
        except ChildProcessError:
            self.reaped = True
        return not self.reaped

    def close(self) -> None:
        self.conn.close()
        if self.pid == os.getpid() and not self.reaped:  # never signal a pid reused since
            with contextlib.suppress(OSError):
                os.kill(self.child, signal.SIGKILL)
                os.waitpid(self.child, 0)
            self.reaped = True


def _let_go_of_inherited(keep: int) -> None:
    """In a new helper: point every socket and pipe it inherited from its worker (a client's
    connection, the listening socket, a browser driver's stdin in the tests), but its own pipe
    and standard streams, at /dev/null. A copy held here would keep the other end from seeing
    the worker close it. The descriptors stay open on /dev/null rather than closed, so none of
    their numbers can be reused under an object of the worker's that still names it."""
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return  # not Linux: nothing to look through
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in fds:
            if fd <= 2 or fd in (keep, null):
                continue
            with contextlib.suppress(OSError):
                if os.readlink(f"/proc/self/fd/{fd}").startswith(("socket:", "pipe:")):
                    os.dup2(null, fd)
    finally:
        os.close(null)


_HELPER: _Helper | None = None
_START = threading.Lock()


def start() -> None:
    """Fork this process's helper now (gunicorn's post_fork: before the worker's threads start)."""
    global _HELPER
    with _START:
        if _HELPER is None or not _HELPER.alive():
            _HELPER = _Helper()


def ask(html: str, url: str | None) -> Answer | None:
    """Hand the page to this process's helper (started on first use, again if it died); None
    when it is busy or cannot be started."""
    if _HELPER is None or not _HELPER.alive():
        try:
            start()
        except OSError as exc:  # no processes left to fork: read here
            LOGGER.warning("no helper process: %s", exc)
            return None
    return _HELPER.send(html, url)


@contextmanager
def meanwhile(html: str, url: str | None, wanted: bool = True) -> Iterator[Answer | None]:
    """The page handed to this process's helper (None when not wanted, or when the helper
    cannot take it); on leaving, the answer is released, read or not."""
    answer = ask(html, url) if wanted else None
    try:
        yield answer
    finally:
        if answer is not None:
            answer.release()


def helper_pid() -> int | None:
    """The live helper's process id (for tests and the benchmark's memory count)."""
    return _HELPER.child if _HELPER is not None and _HELPER.alive() else None


def second_opinion_markup(html: str, url: str | None) -> str | None:
    """trafilatura's block of a page, as extract() would ask for it, in markup: what a helper
    process reads while its worker reads the rest. The metadata step does not change
    the tree, so parsing and prepare give trafilatura the same tree."""
    doc = parse_html(html)
    prepare(doc)
    return trafilatura_markup(doc, usable_url(url))


def _serve(conn) -> None:
    """The helper's loop: a page in, trafilatura's markup out, until its worker goes."""
    # the worker's signal handlers (gunicorn's) are not the helper's: its worker's end is its end
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2, signal.SIGWINCH,
                signal.SIGCHLD, signal.SIGQUIT):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the worker, which ends this
    while True:
        try:
            html, url = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = (True, second_opinion_markup(html, url))
        except Exception as exc:  # the worker reads the page itself and reports what is wrong
            answer = (False, f"{type(exc).__name__}: {exc}"[:300])
        try:
            conn.send(answer)
        except OSError:
            return
