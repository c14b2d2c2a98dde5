"""The hub: events published on a worker thread reach the pages listening on the event loop,
by project; a slow page loses events instead of holding memory; close ends every stream."""

from __future__ import annotations

import asyncio
import threading

from storyreel.web import events
from storyreel.web.events import Hub, parse_events
from storyreel.web.schemas import ChangedEvent


async def _read(stream, count: int) -> list[bytes]:
    chunks = []
    async for chunk in stream:
        chunks.append(chunk)
        if len(chunks) == count:
            break
    return chunks


def test_events_from_a_thread_reach_the_projects_listeners_and_the_all_projects_stream():
    async def scenario() -> tuple[list[bytes], list[bytes]]:
        hub = Hub()
        one, every = hub.stream("a"), hub.stream(None)
        assert await anext(one) == await anext(every) == b": listening\n\n"

        def worker() -> None:
            hub.publish("b", "changed", ChangedEvent(project="b", version=3))
            hub.publish("a", "changed", ChangedEvent(project="a", version=2))

        threading.Thread(target=worker).start()
        got = await asyncio.wait_for(asyncio.gather(_read(one, 1), _read(every, 2)), 5)
        hub.close()
        return got

    mine, all_of_them = asyncio.run(scenario())
    assert parse_events(b"".join(mine).decode()) == [("changed", {"project": "a", "version": 2})]
    assert [data["project"] for _, data in parse_events(b"".join(all_of_them).decode())] == ["b", "a"]


def test_keep_alive_when_nothing_happens_and_close_ends_the_stream(monkeypatch):
    async def scenario() -> list[bytes]:
        hub = Hub()
        stream = hub.stream("a", keep_alive_s=0.01)
        chunks = [await anext(stream), await anext(stream)]
        hub.close()
        chunks += [chunk async for chunk in stream]
        assert hub.listeners == 0
        return chunks

    assert asyncio.run(scenario())[:2] == [b": listening\n\n", b": keep-alive\n\n"]


def test_a_page_that_falls_behind_loses_events_not_memory(monkeypatch):
    monkeypatch.setattr(events, "QUEUE_SIZE", 3)

    async def scenario() -> list[bytes]:
        hub = Hub()
        stream = hub.stream("a")
        await anext(stream)
        for version in range(10):
            hub.publish("a", "changed", ChangedEvent(project="a", version=version))
        await asyncio.sleep(0.05)
        hub.close()
        return [chunk async for chunk in stream]

    got = parse_events(b"".join(asyncio.run(scenario())).decode())
    assert [data["version"] for _, data in got] == [
        1,
        2,
    ]  # the first three kept; the oldest made way for close
