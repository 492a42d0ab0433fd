"""Worker processes that never outlive their parent, and signals that stop a run.

Shared by every pool of worker processes: `ingest` and `reextract`, the API's
extraction pool and `extract --jsonl`. `worker_count` reads a `--workers` value (None:
one per core), `spawn_pool` starts a pool of fresh interpreters (spawn: nothing forked
from a parent that holds threads and open stores), `end_pool` ends one at once.

A worker process calls `start_worker(parent_pid)` first, which calls
`die_with_parent(parent_pid)`: Linux delivers SIGKILL to it the moment its
parent dies, whatever killed the parent (`prctl(PR_SET_PDEATHSIG)`, through ctypes);
elsewhere, and as a fallback, a watchdog thread exits the worker within a second of
seeing its parent pid change. Linux sends that signal when the parent *thread* that
started the child ends, so it is armed only for children started by a main thread
(`death_signal=False` otherwise: the API starts its workers from request threads, which
come and go; the watchdog alone guards those). With the workers gone, multiprocessing's resource
tracker (which holds the other end of a pipe the workers share) reads end-of-file and
exits too.

`stop_on_signals()` turns SIGTERM (and SIGHUP) into KeyboardInterrupt in the main
thread, so that `kill`, a service manager and Ctrl-C all stop a run the same way:
intake stops, the work in hand is abandoned, the summary is written.
`kill_processes` ends a pool's processes at once (what is abandoned was not stored
and is read again by the next run).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_SECONDS = 1.0


def worker_count(workers: int | None) -> int:
    """The worker processes a `--workers` value asks for: None is one per core, 0 (or
    less) none (all the work in this process)."""
    return (os.cpu_count() or 1) if workers is None else max(0, workers)


def spawn_pool(
    workers: int, initializer: Callable[..., None], initargs: tuple[Any, ...]
) -> ProcessPoolExecutor:
    """A pool of `workers` spawned processes, each running `initializer(*initargs)` first
    (which should call `start_worker`)."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=initializer,
        initargs=initargs,
    )


def end_pool(pool: ProcessPoolExecutor) -> None:
    """End `pool`'s processes now, dropping the work they hold and the work queued."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    kill_processes(processes)


def death_signal_allowed() -> bool:
    """Whether workers started from this thread may use the parent-death signal: only
    from the main thread (the signal follows the thread that started the child)."""
    return threading.current_thread() is threading.main_thread()


def start_worker(parent_pid: int | None, *, death_signal: bool = True) -> None:
    """First thing in a worker process: end with the process `parent_pid` (if given),
    leave Ctrl-C to the parent (it stops the run and ends the workers), log warnings."""
    if parent_pid is not None:
        die_with_parent(parent_pid, death_signal=death_signal)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def set_parent_death_signal(signum: int = signal.SIGKILL) -> bool:
    """Ask Linux to send `signum` to this process when its parent dies; False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def die_with_parent(parent_pid: int, *, death_signal: bool = True) -> None:
    """In a child process: end when the process `parent_pid` ends (see the module doc)."""
    if death_signal:
        set_parent_death_signal()
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="truceline-parent-watch", daemon=True).start()


def _stop(signum: int, _frame: Any = None) -> None:
    """Stop the run as Ctrl-C does: KeyboardInterrupt, named after the signal."""
    log.warning("%s: stopping", signal.Signals(signum).name)
    raise KeyboardInterrupt(signal.Signals(signum).name)


@contextlib.contextmanager
def _handling(signals: tuple[int, ...], handler: Any) -> Iterator[None]:
    """`handler` for `signals` while inside (main thread only); the previous handlers
    come back after."""
    previous = {s: signal.signal(s, handler) for s in signals}
    try:
        yield
    finally:
        for s, before in previous.items():
            signal.signal(s, before)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise KeyboardInterrupt in the main thread while inside (as
    Ctrl-C does); the previous handlers come back after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    with _handling((signal.SIGTERM, signal.SIGHUP), _stop):
        yield


@contextlib.contextmanager
def deferred_stop() -> Iterator[None]:
    """A signal that stops the run (Ctrl-C, SIGTERM, SIGHUP) waits until the block ends,
    then stops it as before: a store write and its count are done together or not at
    all (an article stored but left out of the run's summary is lost to its reader)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    got: list[int] = []
    with _handling((signal.SIGINT, signal.SIGTERM, signal.SIGHUP), lambda s, _f: got.append(s)):
        yield
    if got:
        _stop(got[0])


def kill_processes(processes: Iterable[Any], grace: float = 2.0) -> None:
    """SIGTERM `processes` (multiprocessing.Process), SIGKILL those alive after `grace` s."""
    processes = [p for p in processes if p.is_alive()]
    for p in processes:
        with contextlib.suppress(OSError, ValueError):
            p.terminate()
    deadline = time.monotonic() + grace
    for p in processes:
        with contextlib.suppress(OSError, ValueError):
            p.join(max(0.0, deadline - time.monotonic()))
            if p.is_alive():
                p.kill()
                p.join(1.0)
