"""Ctrl-C for a run whose work is on LangGraph's worker threads.

A SIGINT raises KeyboardInterrupt in the main thread only, and LangGraph's executor then waits
for every node in flight before it lets go: a node blocked in a model call kept a run going for
minutes after Ctrl-C (up to timeout x retries x re-asks). So the CLI's signal handler also calls
`request_stop()`: it sets one process-wide event and runs the callbacks registered with
`on_stop` (the openai brain closes its client there, so its retries fail at once). Work that can
wait on something slow asks `check()` between steps, or waits through `interruptible()`, and
raises `Interrupted`, which ends the node; what the run had finished is already checkpointed, so
the same command goes on from there.

    with on_stop(client.close):
        reply = interruptible(lambda: client.chat.completions.create(...))
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from storyreel.errors import Interrupted

T = TypeVar("T")

_POLL_S = 0.05  # how often a waiting worker looks at the stop event
_stop = threading.Event()
_callbacks: list[Callable[[], object]] = []
_lock = threading.Lock()


def request_stop() -> None:
    """Stop the run: from a signal handler, so it only sets the event and calls the callbacks."""
    _stop.set()
    with _lock:
        callbacks = list(_callbacks)
    for callback in callbacks:
        callback()


def stopping() -> bool:
    return _stop.is_set()


def reset() -> None:
    """Forget a stop (a process that runs again after Ctrl-C: the chat loop, tests)."""
    _stop.clear()


def check() -> None:
    """Raise `Interrupted` once a stop was requested."""
    if _stop.is_set():
        raise Interrupted()


@contextmanager
def on_stop(callback: Callable[[], object]) -> Iterator[None]:
    """Call `callback` if a stop is requested while the block runs."""
    with _lock:
        _callbacks.append(callback)
    try:
        yield
    finally:
        with _lock:
            _callbacks.remove(callback)


def interruptible(call: Callable[[], T]) -> T:
    """`call()`, on a daemon thread this one waits for while no stop is requested.

    A blocking socket read cannot be woken from another thread (closing the client does not do
    it), so on a stop the caller raises `Interrupted` at once and leaves the call behind; being a
    daemon thread, it does not hold the process open."""
    check()
    done = threading.Event()
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # handed to the waiting thread, which re-raises it
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="storyreel-call", daemon=True).start()
    while not done.wait(_POLL_S):
        check()
    check()  # a call that failed because the stop closed its client: the stop, not its error
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
