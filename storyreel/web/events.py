"""The event hub: what the job threads say, fanned out to every open page as server-sent events.

    worker thread --publish(project, "progress", ProgressEvent)--> Hub
        --loop.call_soon_threadsafe--> one asyncio.Queue per subscriber --> GET .../events (SSE)

A job runs on a plain thread (jobs.py) and the pages listen on the event loop, so `publish` is
the one crossing: it never blocks the worker, and it hands each subscriber's loop the event to
queue. A subscriber too slow to keep up loses events rather than holding memory (the page
refetches on `changed` anyway). Events are what the page needs to redraw: `job` (a JobInfo on
each state change), `progress` and `changed` (a new current version: every tab refetches).
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass

from pydantic import BaseModel

KEEP_ALIVE_S = 15.0
QUEUE_SIZE = 256  # events a subscriber may fall behind by before it loses some


@dataclass(frozen=True)
class Event:
    project: str
    type: str
    data: str  # JSON

    def encoded(self) -> bytes:
        return f"event: {self.type}\ndata: {self.data}\n\n".encode()


_CLOSE = Event("", "close", "null")


@dataclass(eq=False)
class Subscriber:
    project: str | None  # None: every project
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[Event]

    def offer(self, event: Event) -> None:
        """On the subscriber's loop: queue the event, or drop it when the page is behind."""
        if self.queue.full() and event is not _CLOSE:
            return
        if self.queue.full():
            self.queue.get_nowait()
        self.queue.put_nowait(event)


class Hub:
    def __init__(self) -> None:
        self._subscribers: set[Subscriber] = set()
        self._lock = threading.Lock()

    def publish(self, project: str, type: str, body: BaseModel) -> None:
        """From any thread: send `body` as event `type` to the project's subscribers."""
        event = Event(project, type, body.model_dump_json())
        with self._lock:
            targets = [s for s in self._subscribers if s.project in (None, project)]
        for subscriber in targets:
            try:
                subscriber.loop.call_soon_threadsafe(subscriber.offer, event)
            except RuntimeError:  # that loop has closed: the page is gone
                self._drop(subscriber)

    def close(self) -> None:
        """End every stream (the server is stopping)."""
        with self._lock:
            targets = list(self._subscribers)
        for subscriber in targets:
            try:
                subscriber.loop.call_soon_threadsafe(subscriber.offer, _CLOSE)
            except RuntimeError:
                self._drop(subscriber)

    async def stream(self, project: str | None, keep_alive_s: float = KEEP_ALIVE_S) -> AsyncIterator[bytes]:
        """The SSE body for one page: a comment first (the page knows it is listening), then
        events as they come, and a keep-alive comment whenever nothing came for a while."""
        subscriber = Subscriber(project, asyncio.get_running_loop(), asyncio.Queue(QUEUE_SIZE))
        with self._lock:
            self._subscribers.add(subscriber)
        try:
            yield b": listening\n\n"
            while True:
                try:
                    event = await asyncio.wait_for(subscriber.queue.get(), keep_alive_s)
                except TimeoutError:
                    yield b": keep-alive\n\n"
                    continue
                if event is _CLOSE:
                    return
                yield event.encoded()
        finally:
            self._drop(subscriber)

    def _drop(self, subscriber: Subscriber) -> None:
        with self._lock:
            self._subscribers.discard(subscriber)

    @property
    def listeners(self) -> int:
        with self._lock:
            return len(self._subscribers)


def parse_events(text: str) -> list[tuple[str, object]]:
    """SSE text as (type, data) pairs, comments left out: for tests and the benchmark."""
    events = []
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith(":")]
        fields = dict(line.split(": ", 1) for line in lines if ": " in line)
        if "event" in fields:
            events.append((fields["event"], json.loads(fields.get("data", "null"))))
    return events
