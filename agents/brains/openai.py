"""The `openai` brain: any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama, llama.cpp
server, LM Studio) answering with structured outputs against the task's pydantic model.

    brain = OpenAIBrain.from_context(context)      # key from OPENAI_API_KEY, never from context
    answer = brain.ask(task)                       # never raises for a bad model or server

One question, step by step:
  1. render prompts/system.j2 and prompts/<agent>.j2 with the task's inputs;
  2. ask for a JSON answer: a strict `json_schema` response format built from the task's model;
     a server that rejects it (HTTP 400/422 naming response_format) is asked in JSON mode, the
     schema then travelling in the system message, and this brain remembers it;
  3. validate: the pydantic model, then `task.problems(value)`; on malformed JSON, a cut-off
     reply, a refusal or a problem, re-ask with the error quoted, up to `max_reasks` times;
  4. when there is still no valid answer, or the server cannot be reached, return the `rules`
     answer with the reason in `Answer.fallback`: a model never corrupts the plan.

Why `chat.completions.create` and not the SDK's `chat.completions.parse`: `parse` builds its
schema with `openai.lib._pydantic.to_strict_json_schema`, which keeps non-null defaults (our
models have them, e.g. `Transition.type = "cut"`, `Bible.schema_version`), `title` and
`minLength`, which strict structured outputs reject; and it raises on a cut-off reply instead of
returning it. So the schema is made strict here (`strict_schema`) and the reply validated here.
Every call has a deadline (`timeout_s`, its retries included) and an output budget
(`max_tokens`). A refused connection, 408/409/429 or a 5xx is tried again up to `max_retries`
times while the deadline allows, waiting what the server's `retry-after-ms` / `retry-after` asks;
a timeout is not tried again (the deadline is spent). Retrying is ours, not the client's
(`max_retries=0` there): the client retries timeouts too and has no deadline over its retries.

Once a run (storyreel/runs.py), before its first question, the server is asked for its models:
a refused key (401/403) or no answer stops the run with `BrainUnavailable`, unless the user chose
`fallback="rules"`. A server that fails `GIVE_UP_AFTER` calls in a row is given up on for the
rest of the run: later questions get the rules answer at once, saying why.

Ctrl-C (storyreel/stopping.py) ends a call at once: the wait for it raises `Interrupted`, and the
client is closed so the call left behind makes no retries.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import random
import re
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import openai
from pydantic import BaseModel, ValidationError

from storyreel import runs
from storyreel.agents.brains.base import Answer, Out, Task
from storyreel.agents.context import Context
from storyreel.agents.prompting import render_prompt
from storyreel.errors import BrainUnavailable, InputError
from storyreel.redaction import MASK, redact_url, url_secrets
from storyreel.stopping import interruptible, on_stop, sleep

log = logging.getLogger(__name__)

# How the answer's format is requested, most to least constrained. A server that rejects one
# (HTTP 400/422 naming response_format) is asked with the next; the brain remembers the level.
MODES = ("json_schema", "json_object", "plain")
PLACEHOLDER_KEY = "not-needed"  # local servers ignore the key; the client insists on one
# The output budget's parameter: OpenAI's reasoning models refuse max_tokens and take
# max_completion_tokens, which older local servers do not know. A 400 naming it steps down.
BUDGETS = ("max_tokens", "max_completion_tokens")
GIVE_UP_AFTER = 3  # failed calls in a row after which a server is not asked again this run
RETRYABLE = frozenset({408, 409, 429})  # and every 5xx: the statuses the openai client retries
_MAX_WAIT_S = 30.0  # the longest retry-after honoured; a longer one is the deadline's to refuse
T = TypeVar("T")

_MAX_QUOTED = 300  # characters of an error quoted back to the model or into a report
_MAX_ECHOED = 6000  # characters of a bad reply kept in the conversation for the re-ask

# JSON Schema keywords strict structured outputs reject or ignore; pydantic still checks them.
_DROP = frozenset(
    [
        "default",
        "title",
        "examples",
        "minLength",
        "maxLength",
        "minProperties",
        "maxProperties",
        "uniqueItems",
        "contains",
        "propertyNames",
        "patternProperties",
    ]
)


class OpenAIBrain:
    """Asks an OpenAI-compatible model; falls back to the task's rules answer, saying why."""

    name = "openai"

    def __init__(
        self,
        client: openai.OpenAI,
        model: str,
        *,
        timeout_s: float = 60.0,
        max_retries: int = 2,
        max_reasks: int = 2,
        max_tokens: int = 4096,
        fallback: str = "none",
        prompts_dir: str | None = None,
    ) -> None:
        self._client = client  # holds the API key: never printed, see __repr__
        self.model = model
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.max_reasks = max_reasks
        self.max_tokens = max_tokens
        self.fallback = fallback
        self.prompts_dir = prompts_dir
        self.secrets: tuple[str | None, ...] = ()  # the URL's credentials, masked in every line quoted
        self.mode = MODES[0]
        self.budget = BUDGETS[0]
        # What lasts one run (storyreel/runs.py): the server checked, failures in a row, given up
        self._lock = threading.Lock()
        self._run = -1
        self._failures = 0
        self._given_up: str | None = None

    @classmethod
    def from_context(cls, context: Context, *, http_client: Any = None) -> OpenAIBrain:
        """Build the client from run settings; the key comes from OPENAI_API_KEY only.

        `http_client` (an `httpx2.Client`, what this openai SDK takes) is for tests and proxies.
        """
        if not context.model:
            raise InputError(
                "the openai brain needs a model: set STORYREEL_MODEL (e.g. gpt-4o-mini, or the "
                "name your local server serves)"
            )
        key = os.environ.get("OPENAI_API_KEY") or None
        if key is None and not context.base_url:
            raise InputError(
                "the openai brain needs OPENAI_API_KEY (for api.openai.com) or OPENAI_BASE_URL "
                "(for a local server, e.g. http://localhost:11434/v1 for Ollama)"
            )
        # A query in the base URL (Azure's ?api-version=, ?api-key=) goes with every request: the
        # client would append the paths after it, so it is passed as its default query instead.
        base_url, query = _split_query(context.base_url)
        try:
            client = openai.OpenAI(
                base_url=base_url,
                default_query=query or None,
                api_key=key or PLACEHOLDER_KEY,
                timeout=context.timeout_s,
                max_retries=0,  # ours, within the deadline (see the module docstring)
                http_client=http_client,
            )
        except (openai.OpenAIError, ValueError, TypeError) as exc:
            # Misconfiguration (a malformed URL, a negative retry count): one line, no key.
            secrets = (key, context.base_url, *url_secrets(context.base_url or ""))
            raise InputError(f"cannot set up the openai brain: {_one_line(str(exc), secrets)}") from None
        brain = cls(
            client,
            context.model,
            timeout_s=context.timeout_s,
            max_retries=context.max_retries,
            max_reasks=context.max_reasks,
            max_tokens=context.max_tokens,
            fallback=context.fallback,
            prompts_dir=context.prompts_dir,
        )
        brain.secrets = (key, *url_secrets(context.base_url or ""))
        return brain

    def __repr__(self) -> str:
        return f"OpenAIBrain(model={self.model!r}, base_url={self.base_url!r}, mode={self.mode!r})"

    @property
    def base_url(self) -> str:
        """The endpoint as it may be shown and stored: no credentials (storyreel/redaction.py)."""
        parts = urlsplit(str(self._client.base_url))
        return redact_url(urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), parts.query, "")))

    def close(self) -> None:
        self._client.close()

    # -- the contract ---------------------------------------------------------------------------

    def ask(self, task: Task[Out]) -> Answer[Out]:
        # 0. Once a run, the server is checked; one given up on this run is not asked.
        given_up = self._check_server()
        if given_up:
            return self._fall_back(task, 0, given_up, [])

        # 1. Render the prompts (a broken template is the user's InputError and escapes).
        system = render_prompt("system", {"agent": task.agent}, self.prompts_dir)
        user = render_prompt(task.agent, task.inputs, self.prompts_dir)
        conversation: list[dict[str, str]] = [{"role": "user", "content": user}]

        notes: list[str] = []
        problem = ""
        attempts = 0
        for attempts in range(1, self.max_reasks + 2):
            # 2. Ask.
            try:
                with on_stop(self._client.close):  # Ctrl-C: its retries fail at once
                    completion = self._complete(task.output, system, conversation, notes)
            except _CallFailed as failed:
                # A dead, slow or refusing server falls back to the rules answer; one that keeps
                # failing is given up on for the run. Anything else is a bug of ours and escapes.
                return self._fall_back(task, attempts, self._failed(failed.reason), notes)
            self._answered()

            # 3. Validate; on a bad reply, quote the error and ask again.
            value, problem, reply = self._read(task, completion)
            if value is not None:
                return Answer(value=value, brain=self.name, attempts=attempts, notes=notes)
            notes.append(self._clean(f"attempt {attempts}: {problem}"))
            log.info("%s: re-asking the model: %s", task.label or task.agent, notes[-1])
            conversation.append({"role": "assistant", "content": reply[:_MAX_ECHOED] or "(empty)"})
            conversation.append({"role": "user", "content": _reask(problem)})

        # 4. No valid answer: the rules answer, and why.
        reason = f"no valid answer after {attempts} attempts: {problem}"
        return self._fall_back(task, attempts, reason, notes)

    # -- the server, once a run -----------------------------------------------------------------

    def _check_server(self) -> str | None:
        """Check the server at the first question of a run (its models listed within the
        deadline); why it is not asked this run, or None. A refused key or no answer stops the run
        (`BrainUnavailable`), unless the user chose the rules brain as the fallback."""
        with self._lock:
            if self._run == runs.current():
                return self._given_up
            self._run, self._failures, self._given_up = runs.current(), 0, None
            try:
                self._within_deadline(lambda left: self._client.models.list(timeout=left))
            except _CallFailed as failed:
                if not failed.fatal:
                    return None  # it answered: a server without /models, or one busy right now
                if self.fallback != "rules":
                    raise BrainUnavailable(
                        f"the openai brain cannot be used: {failed.reason} (check the key, the URL "
                        "and that the server runs; --fallback rules plans with the rules brain instead)"
                    ) from None
                self._given_up = f"not asked this run: {failed.reason}"
                log.warning("the openai brain is not used this run: %s", failed.reason)
            return self._given_up

    def _failed(self, reason: str) -> str:
        """Count a failed call; the reason, saying so when the server is now given up on."""
        with self._lock:
            self._failures += 1
            if self._failures >= GIVE_UP_AFTER and self._given_up is None:
                self._given_up = (
                    f"not asked again this run: {self._failures} calls in a row failed, the last: {reason}"
                )
                log.warning("giving up on %s for this run: %s", self.base_url, reason)
                return f"{reason}; {self._failures} calls in a row failed: not asked again this run"
        return reason

    def _answered(self) -> None:
        with self._lock:
            self._failures = 0

    # -- steps ----------------------------------------------------------------------------------

    def _within_deadline(self, request: Callable[[float], T]) -> T:
        """`request(seconds left)` within one call's deadline: tried again after a refused
        connection or a retryable status while time is left, never after a timeout. Failures are
        `_CallFailed` with one line saying why."""
        started = time.monotonic()
        retries = 0
        while True:
            left = self.timeout_s - (time.monotonic() - started)
            try:
                return interruptible(partial(request, max(left, 0.001)), within=left)
            except (TimeoutError, openai.APITimeoutError):
                raise _CallFailed(self._describe(None, retries), fatal=True) from None
            except openai.APIConnectionError as exc:
                error: openai.APIError = exc
            except openai.APIStatusError as exc:
                if not _retryable(exc):
                    reason = self._describe(exc, retries)
                    raise _CallFailed(reason, fatal=_refused_key(exc), status_error=exc) from None
                error = exc
            wait = _retry_wait(error, retries)
            if retries >= self.max_retries or time.monotonic() - started + wait >= self.timeout_s:
                fatal = isinstance(error, openai.APIConnectionError)  # never reached: not a busy one
                raise _CallFailed(self._describe(error, retries), fatal=fatal) from None
            retries += 1
            sleep(wait)

    def _complete(
        self,
        output: type[BaseModel],
        system: str,
        conversation: list[dict[str, str]],
        notes: list[str],
    ) -> Any:
        """One chat completion, stepping down MODES while the server rejects the format (and
        BUDGETS while it rejects the budget's parameter)."""
        while True:
            messages = [{"role": "system", "content": self._system(system, output)}, *conversation]
            request = partial(
                self._client.chat.completions.create,
                model=self.model,
                messages=messages,
                **{self.budget: self.max_tokens},
                **self._format(output),
            )
            try:
                return self._within_deadline(lambda left, request=request: request(timeout=left))
            except _CallFailed as failed:
                rejected = failed.status_error
                if rejected is not None and self.budget != BUDGETS[-1] and _rejects(rejected, (self.budget,)):
                    self.budget = BUDGETS[BUDGETS.index(self.budget) + 1]
                    notes.append(f"the server rejected {BUDGETS[0]}; using {self.budget} from now on")
                    continue
                if rejected is None or self.mode == MODES[-1] or not _rejects(rejected, _FORMAT_WORDS):
                    raise
                old, self.mode = self.mode, MODES[MODES.index(self.mode) + 1]
                note = f"the server rejected response_format {old}; using {self.mode} from now on"
                notes.append(note)
                log.warning("%s (%s)", note, self._clean(str(rejected.message)))

    def _system(self, system: str, output: type[BaseModel]) -> str:
        if self.mode == "json_schema":
            return system  # the schema travels as the response format
        schema = json.dumps(strict_schema(output), ensure_ascii=False, separators=(",", ":"))
        return (
            f"{system.rstrip()}\n\nReply with one JSON object, and nothing else, that validates "
            f"against this JSON Schema:\n{schema}\n"
        )

    def _format(self, output: type[BaseModel]) -> dict[str, Any]:
        if self.mode == "json_schema":
            schema = {"name": output.__name__, "schema": strict_schema(output), "strict": True}
            return {"response_format": {"type": "json_schema", "json_schema": schema}}
        if self.mode == "json_object":
            return {"response_format": {"type": "json_object"}}
        return {}

    def _read(self, task: Task[Out], completion: Any) -> tuple[Out | None, str, str]:
        """(value, problem, reply text): value is None when the reply is unusable."""
        choices = getattr(completion, "choices", None) or []
        if not choices:
            return None, "the reply had no choices", ""
        choice = choices[0]
        message = choice.message
        reply = message.content or ""
        refusal = getattr(message, "refusal", None)
        if refusal:
            return None, f"the model refused: {self._clean(refusal)}", reply or refusal
        if choice.finish_reason == "content_filter":
            return None, "the reply was stopped by the server's content filter", reply
        if choice.finish_reason == "length":
            return None, "the reply was cut off (finish_reason length) before the JSON ended", reply
        if not reply.strip():
            return None, "the reply was empty", reply
        try:
            value = task.output.model_validate_json(_json_text(reply))
        except ValidationError as exc:
            return None, _validation_problem(exc), reply
        problems = task.problems(value)  # a check that crashes on a valid answer is our bug: it escapes
        if problems:
            return None, "the answer does not fit the script: " + "; ".join(problems), reply
        return value, "", reply

    def _fall_back(self, task: Task[Out], attempts: int, reason: str, notes: list[str]) -> Answer[Out]:
        reason = self._clean(reason)
        log.warning("%s: using the rules answer: %s", task.label or task.agent, reason)
        return Answer(
            value=task.rules(),
            brain="rules",
            attempts=attempts,
            fallback=reason,
            notes=list(notes),
        )

    def _describe(self, exc: openai.APIError | None, retries: int) -> str:
        """Why a call failed, in one line, for the report (`exc` None: it ran out of time)."""
        after = f" after {retries} {'retry' if retries == 1 else 'retries'}" if retries else ""
        if exc is None or isinstance(exc, openai.APITimeoutError):
            return f"no answer from {self.base_url} within {self.timeout_s:g} s{after}"
        if isinstance(exc, openai.APIConnectionError):
            cause = exc.__cause__ or exc
            return f"cannot reach {self.base_url}{after}: {type(cause).__name__}: {cause}"
        if isinstance(exc, openai.APIStatusError):
            return f"HTTP {exc.status_code} from {self.base_url}{after}: {_server_says(exc)}"
        return f"{type(exc).__name__}: {exc}"

    def _clean(self, text: str) -> str:
        return _one_line(text, (self._client.api_key, *self.secrets))


class _CallFailed(Exception):
    """A call that got no usable reply within its deadline: `reason` is one line (secrets not
    yet masked); `fatal` when the server refused the key or could not be reached at all;
    `status_error` the server's reply when it answered with an error status."""

    def __init__(
        self, reason: str, *, fatal: bool = False, status_error: openai.APIStatusError | None = None
    ):
        super().__init__(reason)
        self.reason = reason
        self.fatal = fatal
        self.status_error = status_error


# -- the strict schema ----------------------------------------------------------------------------


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """`model`'s JSON Schema in the strict subset of structured outputs.

    Every object lists all its properties as required and forbids others; `$ref`s that carry a
    description are inlined (strict mode allows no siblings next to `$ref`); `const` becomes a
    one-value `enum`; keywords in `_DROP` go (defaults above all: strict mode rejects them).
    Property *names* are never touched, so a field called `description` or `title` survives.
    """
    root = model.model_json_schema()
    defs = root.get("$defs", {})

    def visit(node: Any) -> Any:
        if isinstance(node, list):
            return [visit(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = dict(node)
        ref = node.get("$ref")
        if isinstance(ref, str) and len(node) > 1 and ref.startswith("#/$defs/"):
            target = copy.deepcopy(defs[ref.removeprefix("#/$defs/")])
            node.pop("$ref")
            node = {**target, **node}  # the referring node's description wins
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in _DROP:
                continue
            if key in ("properties", "$defs"):
                out[key] = {name: visit(sub) for name, sub in value.items()}
            elif key == "const":
                out["enum"] = [value]
            elif key in ("items", "anyOf", "allOf", "prefixItems", "additionalProperties"):
                out[key] = visit(value)
            else:
                out[key] = value
        if out.get("type") == "object" or "properties" in out:
            out["additionalProperties"] = False
            out["required"] = list(out.get("properties", {}))
        return out

    strict = visit(root)
    if "$defs" in strict:  # keep the definitions still referenced once the others were inlined
        defs_out = strict.pop("$defs")
        used: set[str] = set()
        pending = [strict]
        while pending:
            text = json.dumps(pending.pop())
            for name in re.findall(r'"\$ref": "#/\$defs/([^"]+)"', text):
                if name not in used:
                    used.add(name)
                    pending.append(defs_out[name])
        if used:
            strict["$defs"] = {name: defs_out[name] for name in defs_out if name in used}
    return strict


# -- small helpers --------------------------------------------------------------------------------


_FORMAT_WORDS = (
    "response_format", "json_schema", "response format", "json schema", "structured output",
    "grammar",
)  # fmt: skip


def _rejects(exc: openai.APIStatusError, words: Iterable[str]) -> bool:
    """A 400/422 that names one of `words`: the server cannot take that parameter."""
    if exc.status_code not in (400, 422):
        return False
    text = f"{exc.message} {exc.body}".lower()
    return any(word in text for word in words)


def _retryable(exc: openai.APIStatusError) -> bool:
    """What the openai client would retry: the server's x-should-retry, else the status."""
    should = exc.response.headers.get("x-should-retry")
    if should in ("true", "false"):
        return should == "true"
    return exc.status_code in RETRYABLE or exc.status_code >= 500


def _refused_key(exc: openai.APIStatusError) -> bool:
    return exc.status_code in (401, 403)


def _retry_wait(exc: openai.APIError, retries: int) -> float:
    """Seconds before trying again: the server's retry-after-ms or retry-after (in seconds) when
    it says, else 0.5 s doubling per retry up to 8 s, less up to a quarter at random (jitter)."""
    response = getattr(exc, "response", None)
    headers = response.headers if response is not None else {}
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        try:
            wait = float(headers.get(name, "")) * scale
        except ValueError:
            continue
        if 0 <= wait <= _MAX_WAIT_S:
            return wait
    return min(0.5 * 2**retries, 8.0) * (1 - 0.25 * random.random())


def _server_says(exc: openai.APIStatusError) -> str:
    """The server's own error message: OpenAI's {"error": {"message"}}, vLLM's {"message"},
    Ollama's {"error": "..."}; the SDK's "Error code: ..." line otherwise."""
    body = exc.body
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return body["message"]
    if isinstance(body, str) and body.strip():
        return body
    return exc.message


_FENCE = re.compile(r"^```[a-zA-Z]*\s*\n(.*?)\n?```\s*$", re.DOTALL)
_THINK = re.compile(r"^\s*<think>.*?</think>\s*", re.DOTALL)


def _json_text(reply: str) -> str:
    """The JSON in a reply: without a reasoning model's <think> block or a ```json fence."""
    text = _THINK.sub("", reply).strip()
    fenced = _FENCE.match(text)
    return fenced.group(1) if fenced else text


def _validation_problem(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False, include_input=False)
    shown = []
    for error in errors[:5]:
        where = ".".join(str(part) for part in error["loc"])
        shown.append(f"{where}: {error['msg']}" if where else error["msg"])
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    kind = "invalid JSON" if errors and errors[0]["type"] == "json_invalid" else "schema errors"
    return f"{kind}: " + "; ".join(shown) + more


def _reask(problem: str) -> str:
    return (
        f"Your reply could not be used: {_one_line(problem, (), limit=1200)}\n"
        "Reply again with only the corrected JSON object, complete, valid against the schema."
    )


def _split_query(url: str | None) -> tuple[str | None, dict[str, str]]:
    """`url` without its query, and the query's parameters."""
    if not url:
        return url, {}
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")), dict(parse_qsl(parts.query))


def _one_line(text: str, secrets: Iterable[str | None], limit: int = _MAX_QUOTED) -> str:
    """One line of at most `limit` characters, with the secrets (the key, the URL's credentials)
    masked first."""
    text = str(text)
    for secret in secrets:
        if secret and secret != PLACEHOLDER_KEY:
            text = text.replace(secret, MASK)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
