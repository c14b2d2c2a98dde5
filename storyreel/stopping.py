"""Ctrl-C for a run whose work is on LangGraph's worker threads.

A SIGINT raises KeyboardInterrupt in the main thread only, and LangGraph's executor then waits
for every node in flight before it lets go: a node blocked in a model call kept a run going for
minutes after Ctrl-C (up to timeout x retries x re-asks). So the CLI's signal handler also calls
`request_stop()`: it sets one process-wide event and runs the callbacks registered with
`on_stop` (the openai brain closes its client there, so its retries fail at once). Work that can
wait on something slow asks `check()` between steps, or waits through `interruptible()`, and
raises `Interrupted`, which ends the node; what the run had finished is already checkpointed, so
the same command goes on from there. The places that check: each per-shot node as it starts
(the queued ones end at once), every frame a video is written or read (storyreel/media/video.py),
every denoising step of a diffusers pipeline (`between_steps`), and a model call's wait.

    with on_stop(client.close):
        reply = interruptible(lambda: client.chat.completions.create(...))
"""

from __future__ import annotations

import threading
import time
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


def between_steps(pipe: object, step: int, timestep: object, tensors: dict[str, object]) -> dict[str, object]:
    """A diffusers `callback_on_step_end`: a stop ends a denoising loop at its next step."""
    check()
    return tensors


def sleep(seconds: float) -> None:
    """Wait `seconds`, or raise `Interrupted` as soon as a stop is requested."""
    if _stop.wait(max(seconds, 0.0)):
        raise Interrupted()


def interruptible(call: Callable[[], T], within: float | None = None) -> T:
    """`call()`, on a daemon thread this one waits for while no stop is requested, and for at
    most `within` seconds when given (then `TimeoutError`).

    A blocking socket read cannot be woken from another thread (closing the client does not do
    it), so on a stop or a deadline the caller raises at once and leaves the call behind; being a
    daemon thread, it does not hold the process open (give the call a timeout of its own near
    `within`, so it ends soon after)."""
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
    ends = None if within is None else time.monotonic() + within
    while not done.wait(_POLL_S):
        check()
        if ends is not None and time.monotonic() >= ends:
            raise TimeoutError(f"no result within {within:g} s")
    check()  # a call that failed because the stop closed its client: the stop, not its error
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
