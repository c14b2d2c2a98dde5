"""A fake OpenAI-compatible chat server on loopback, scripted per test with a queue of replies.

    fake.ok('{"passed": true, ...}')              # 200, one chat completion with this content
    fake.ok("...", finish_reason="length")        # a cut-off reply
    fake.refuse("I can't help with that.")        # message.refusal set, content null
    fake.fail(500, "overloaded")                  # an error reply (retry-after-ms: 1)
    fake.otherwise = Reply.error(500, "down")     # what to answer once the queue is empty
    fake.models = Reply.error(401, "bad key")     # the answer to GET /v1/models (default: a list)

Every request's JSON body and headers are kept in `fake.requests` / `fake.headers`, so a test
can read what the brain sent (the re-ask, the response format, the Authorization header).
Error replies carry `retry-after-ms: 1`, which the openai client honours: retries are immediate.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0

    @classmethod
    def completion(
        cls,
        content: str | None,
        *,
        finish_reason: str = "stop",
        refusal: str | None = None,
        delay_s: float = 0.0,
    ) -> Reply:
        message = {"role": "assistant", "content": content, "refusal": refusal}
        body = {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": "fake-model",
            "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        return cls(body=body, delay_s=delay_s)

    @classmethod
    def error(cls, status: int, message: str, *, param: str | None = None) -> Reply:
        body = {
            "error": {
                "message": message,
                "type": "invalid_request_error",
                "param": param,
                "code": None,
            }
        }
        return cls(status=status, body=body, headers={"retry-after-ms": "1"})


class FakeOpenAI:
    """The server; `base_url` ends in /v1 like a real OpenAI-compatible endpoint."""

    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.otherwise = Reply.error(500, "fake server: no reply scripted for this request")
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        # GET /v1/models, which the brain asks once a run before its first question
        self.models = Reply(body={"object": "list", "data": [{"id": "fake-model", "object": "model"}]})
        self.checks: list[dict[str, str]] = []  # the headers of each GET /v1/models
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    # -- scripting ------------------------------------------------------------------------------

    def ok(self, content: str, **kwargs: Any) -> None:
        self.replies.append(Reply.completion(content, **kwargs))

    def refuse(self, refusal: str) -> None:
        self.replies.append(Reply.completion(None, refusal=refusal))

    def fail(self, status: int, message: str, **kwargs: Any) -> None:
        self.replies.append(Reply.error(status, message, **kwargs))

    # -- reading what was sent ------------------------------------------------------------------

    def messages(self, request: int = -1) -> list[dict[str, Any]]:
        return self.requests[request]["messages"]

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _next(self, body: dict[str, Any], headers: dict[str, str]) -> Reply:
        with self._lock:
            self.requests.append(body)
            self.headers.append(headers)
            return self.replies.popleft() if self.replies else self.otherwise


QUERY = ":query"  # the key under which a request's URL query is kept with its headers


def _handler(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like a real server

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = {"unreadable": raw.decode("utf-8", "replace")}
            headers = {key.lower(): value for key, value in self.headers.items()}
            path, _, query = self.path.partition("?")
            headers[QUERY] = query  # what the client put in the URL's query, for the tests
            if path.rstrip("/") != "/v1/chat/completions":
                reply = Reply.error(404, f"fake server: no route {self.path}")
            else:
                reply = fake._next(body, headers)
            self._send(reply)

        def do_GET(self) -> None:
            headers = {key.lower(): value for key, value in self.headers.items()}
            path, _, query = self.path.partition("?")
            headers[QUERY] = query
            with fake._lock:
                fake.checks.append(headers)
            found = path.rstrip("/") == "/v1/models"
            self._send(fake.models if found else Reply.error(404, f"fake server: no route {self.path}"))

        def _send(self, reply: Reply) -> None:
            if reply.delay_s:
                time.sleep(reply.delay_s)
            data = json.dumps(reply.body).encode()
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the client gave up (a timeout test): nothing to answer
                self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler
