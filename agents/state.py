"""The state of the director graph.

Everything in it is plain JSON-able data (pydantic models are dumped with mode="json"), so the
SQLite checkpointer stores it without custom types and a checkpoint can be read by any tool.
Nodes turn the parts they need back into models (`storyreel.models`).

Per-shot results (`assets`, `critiques`) merge by shot id, because the per-shot nodes run as
parallel Send tasks that each return their own shot only.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, NotRequired, TypedDict

RESET = "__reset__"  # as a key of an update to a merged channel: start from empty


def merge_by_key(old: dict[str, Any] | None, new: dict[str, Any] | None) -> dict[str, Any]:
    """Reducer: entries of `new` replace those of `old` with the same key; a None value deletes;
    an update holding the RESET key starts from empty (a new run on the project's thread)."""
    new = dict(new or {})
    merged = {} if new.pop(RESET, False) else dict(old or {})
    for key, value in new.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def extend_log(old: list[dict[str, Any]] | None, new: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Reducer: append; an update whose first entry is {RESET: True} starts a new log."""
    new = list(new or [])
    if new and new[0] == {RESET: True}:
        return new[1:]
    return [*(old or []), *new]


def add_messages(old: list[dict[str, Any]] | None, new: Any) -> list[dict[str, Any]]:
    """Reducer: chat messages, kept as plain dicts in LangChain's shape (`type` human / ai,
    `content`, `id`), so checkpoints stay JSON and LangGraph's chat UIs show them as they are.

    Accepts one message or a list; each may be a dict (`{"type": "human", ...}` or OpenAI's
    `{"role": "user", ...}`), a LangChain message object, or a bare string (a human note). A
    message with the id of an earlier one replaces it.
    """
    incoming = new if isinstance(new, list) else [new]
    merged = list(old or [])
    positions = {m.get("id"): i for i, m in enumerate(merged)}
    for message in incoming:
        plain = plain_message(message)
        if plain["id"] in positions:
            merged[positions[plain["id"]]] = plain
        else:
            positions[plain["id"]] = len(merged)
            merged.append(plain)
    return merged


_ROLES = {
    "user": "human",
    "assistant": "ai",
    "human": "human",
    "ai": "ai",
    "system": "system",
    "tool": "tool",
}


def plain_message(message: Any) -> dict[str, Any]:
    """One message as {"type", "content", "id"} (+ "name" when given), whatever shape it came in."""
    if isinstance(message, str):
        message = {"type": "human", "content": message}
    elif not isinstance(message, dict):  # a LangChain BaseMessage
        message = {
            "type": getattr(message, "type", "human"),
            "content": getattr(message, "content", ""),
            "id": getattr(message, "id", None),
            "name": getattr(message, "name", None),
        }
    kind = _ROLES.get(str(message.get("type") or message.get("role") or "human"), "human")
    content = message.get("content", "")
    if isinstance(content, list):  # content blocks: keep the text
        content = "".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content)
    plain = {"type": kind, "content": str(content), "id": str(message.get("id") or uuid.uuid4())}
    if message.get("name"):
        plain["name"] = str(message["name"])
    return plain


class InputState(TypedDict, total=False):
    """What a caller gives the graph: a screenplay file, or its text, or a parsed screenplay;
    or, on a thread that has made a film, a directing note as a chat message."""

    script: str
    """Path to a .fountain, .fdx or prose file (read by the writer)."""
    script_text: str
    """Fountain or prose text, for callers without a file (LangGraph Studio, the API)."""
    screenplay: dict[str, Any]
    """An already parsed `Screenplay` (JSON), e.g. from `storyreel parse --json`."""
    settings: dict[str, Any]
    """The run settings that shaped this state (brain, renderer...), to tell a re-run from a resume."""
    messages: Annotated[list[dict[str, Any]], add_messages]
    """The directing conversation: notes (human) and the director's answers (ai), in order."""


class State(InputState, total=False):
    """Everything the crew has decided and made so far."""

    bible: dict[str, Any]
    """The `Bible`: characters, locations, style (writer)."""
    plan: dict[str, Any]
    """The `ShotPlan` (storyboard, then cinematographer)."""
    assets: Annotated[dict[str, dict[str, Any]], merge_by_key]
    """Per shot id: {"keyframes": [paths], "draft": path, "final": path, "keys": {...}}."""
    critiques: Annotated[dict[str, list[dict[str, Any]]], merge_by_key]
    """Per shot id: the critic's rounds (`storyreel.models.critique.Round` as JSON)."""
    revise: list[str]
    """Shot ids the critic sent back to the cinematographer this round."""
    round: int
    """Revision round: 0 for the first drafts."""
    report: Annotated[list[dict[str, Any]], extend_log]
    """What each brain call did (brain, attempts, fallbacks) and warnings, in order."""
    cut: dict[str, Any]
    """The assembled `Cut` (editor)."""
    outputs: dict[str, str]
    """Files the editor wrote, by kind: plan, bible, shots_csv, ..."""
    focus: list[str]
    """Ids of the shots the last note was about: what "this shot" means in the next one."""
    directed: Annotated[dict[str, dict[str, Any]], merge_by_key]
    """Per shot id: the camera values notes set, which a critic's revision round keeps."""
    direction: dict[str, Any]
    """What the last note became: status (applied, question, unchanged), reply, edits, changes,
    changed and re-rendered shot ids."""


class ShotTask(TypedDict):
    """The input of one per-shot task (keyframes, draft, critic, refine), sent with Send.

    A Send task sees only this payload, not the graph state, so it carries the whole job.
    """

    shot: str
    """Id of the shot."""
    job: dict[str, Any]
    """The shot's `ShotJob` as plain data (`ShotJob.to_dict()`)."""
    assets: dict[str, Any]
    """What earlier stages made for this shot: keyframes, draft, their cache keys."""
    round: NotRequired[int]
    """The revision round the draft belongs to (for the critic)."""
    rounds: NotRequired[list[dict[str, Any]]]
    """The critic's earlier rounds of this shot."""
