"""Who may talk to the studio, and which files it may send.

    loopback (default)  no token; the Host header must name the loopback (a DNS-rebinding page
                        cannot reach it), and a state-changing request from a page must come from
                        the studio's own origin (another site's form cannot post a note)
    any other --host    a token (secrets.token_urlsafe) on every request: `?token=` once, then a
                        HttpOnly SameSite=Strict cookie, or `Authorization: Bearer`; Origin as above

Files are served only by `inside(root, path)`: the resolved path (symlinks followed) must lie in
the project directory, so no shot id, version number or file name can reach another file.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

COOKIE = "storyreel_token"
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
log = logging.getLogger("storyreel.web")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class NotServed(Exception):
    """A path outside the served project (the route answers 404 and says no more)."""


@dataclass(frozen=True)
class Access:
    """What a request must show. `hosts`: Host header names accepted (None: any, when a token
    guards instead); `origins`: origins allowed besides the studio's own."""

    token: str | None = None
    hosts: frozenset[str] | None = LOOPBACK_NAMES
    origins: frozenset[str] = frozenset()


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def access_for(host: str, token: str | None = None) -> Access:
    """The rules for a server bound to `host`: loopback needs no token, anything else does."""
    if is_loopback(host):
        return Access(token=token, hosts=LOOPBACK_NAMES | {host.strip("[]")})
    return Access(token=token or new_token(), hosts=None)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def inside(root: Path, path: Path) -> Path:
    """`path` resolved, if it is a file inside `root`; else NotServed."""
    base = root.resolve()
    full = path.resolve()
    if not full.is_relative_to(base) or not full.is_file():
        raise NotServed(str(path))
    return full


class Guard:
    """ASGI middleware applying an `Access` to every HTTP request (and the SSE streams)."""

    def __init__(self, app: ASGIApp, access: Access):
        self.app = app
        self.access = access

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        send = _logged(send, scope)  # method, path and status: never the query (?token=)
        refusal = self._refusal(scope, headers, host)
        if refusal is not None:
            status, message = refusal
            await _answer(send, status, message)
            return
        token_given = self._query_token(scope)
        if self.access.token and token_given and secrets.compare_digest(token_given, self.access.token):
            send = _with_cookie(send, self.access.token)
        await self.app(scope, receive, send)

    def _refusal(self, scope: Scope, headers: dict[str, str], host: str) -> tuple[int, str] | None:
        if self.access.hosts is not None and _host_name(host) not in self.access.hosts:
            return 400, f"this studio answers only on the loopback, not on host {host!r}"
        if self.access.token and not self._has_token(scope, headers):
            return 401, "this studio needs its access token: open the URL it printed (with ?token=...)"
        if scope["method"] not in SAFE_METHODS:
            origin = headers.get("origin")
            own = f"{scope.get('scheme', 'http')}://{host}"
            if origin is not None and origin != own and origin not in self.access.origins:
                return 403, f"requests from {origin} may not change this studio's films"
        return None

    def _has_token(self, scope: Scope, headers: dict[str, str]) -> bool:
        expected = self.access.token or ""
        given = []
        authorization = headers.get("authorization", "")
        if authorization.lower().startswith("bearer "):
            given.append(authorization[7:].strip())
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except CookieError:
            cookie = SimpleCookie()
        if COOKIE in cookie:
            given.append(cookie[COOKIE].value)
        if (query := self._query_token(scope)) is not None:
            given.append(query)
        return any(secrets.compare_digest(value.encode(), expected.encode()) for value in given)

    @staticmethod
    def _query_token(scope: Scope) -> str | None:
        values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
        return values[0] if values else None


def _host_name(host: str) -> str:
    """The Host header's name without its port: 'localhost:8000' -> 'localhost', '[::1]:80' -> '::1'."""
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _logged(send: Send, scope: Scope) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            log.info("%s %s %s", scope["method"], scope["path"], message["status"])
        await send(message)

    return sending


def _with_cookie(send: Send, token: str) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            cookie = f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
            message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie.encode("latin-1"))]
        await send(message)

    return sending


async def _answer(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
