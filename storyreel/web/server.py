"""uvicorn on a socket the studio binds itself, so port 0 means "any free port" and the URL is
known before the first request; in the foreground (`storyreel studio`) or on a thread (tests and
the benchmark).

uvicorn's access log is off: it would print every URL, `?token=` included. The studio logs its own
line per request without the query string (`log_requests`).
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

log = logging.getLogger("storyreel.web")
STOP_WAIT_S = 1.0  # open event streams get this long to end when the server stops


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on (host, port); port 0 picks a free one."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket, host: str) -> str:
    port = sock.getsockname()[1]
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    return f"http://{shown}:{port}"


def server(app: Any, *, log_level: str = "warning") -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        log_level=log_level,
        access_log=False,  # it would print ?token=; see log_requests
        timeout_graceful_shutdown=int(STOP_WAIT_S),
        lifespan="on",
    )
    return uvicorn.Server(config)


@contextmanager
def serving(app: Any, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run `app` on a thread while the block runs; yields its base URL."""
    sock = bind(host, port)
    running = server(app)
    thread = threading.Thread(target=running.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield url_of(sock, host)
    finally:
        hub = getattr(getattr(app, "state", None), "hub", None)
        if hub is not None:
            hub.close()
        running.should_exit = True
        thread.join(timeout=10)
        sock.close()
