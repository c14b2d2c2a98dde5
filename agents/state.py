"""The state of the director graph, and the one place it turns into models and back.

Everything in the state is plain JSON-able data, so the SQLite checkpointer stores it without
custom types and a checkpoint can be read by any tool (LangGraph's dev server included). Nodes
work with models (`storyreel.models`) all the same, going in and out through this module:

    StateView(state).plan, .assets, .critiques ...   the state read as models, each part once
    ShotWork(task).job, .assets, .rounds             a per-shot Send payload read as models
    to_state({"plan": plan, "report": [entry]})      a node's update, its models dumped as JSON

Per-shot results (`assets`, `critiques`) merge by shot id, because the per-shot nodes run as
parallel Send tasks that each return their own shot only.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, NotRequired, TypedDict

from pydantic import BaseModel

from storyreel.models.assets import ShotAssets
from storyreel.models.bible import Bible
from storyreel.models.critique import Round
from storyreel.models.cut import Cut
from storyreel.models.job import ShotJob
from storyreel.models.plan import ShotPlan
from storyreel.models.reply import DirectorReply
from storyreel.models.report import ReportEntry
from storyreel.models.screenplay import Screenplay

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
    focus: list[str]
    """Ids of the shots the last note was about: what "this shot" means in the next one. A caller
    may set it with a note (the panel selected in the studio); the director then sets it again."""


class State(InputState, total=False):
    """Everything the crew has decided and made so far."""

    bible: dict[str, Any]
    """The `Bible`: characters, locations, style (writer)."""
    plan: dict[str, Any]
    """The `ShotPlan` (storyboard, then cinematographer)."""
    assets: Annotated[dict[str, dict[str, Any]], merge_by_key]
    """Per shot id: what the renderer made (`storyreel.models.assets.ShotAssets` as JSON)."""
    critiques: Annotated[dict[str, list[dict[str, Any]]], merge_by_key]
    """Per shot id: the critic's rounds (`storyreel.models.critique.Round` as JSON)."""
    revise: list[str]
    """Shot ids the critic sent back to the cinematographer this round."""
    round: int
    """Revision round: 0 for the first drafts."""
    report: Annotated[list[dict[str, Any]], extend_log]
    """What each brain call did (brain, attempts, fallbacks) and warnings, in order
    (`storyreel.models.report.ReportEntry` as JSON)."""
    cut: dict[str, Any]
    """The assembled `Cut` (editor)."""
    outputs: dict[str, str]
    """Files the editor wrote, by kind: plan, bible, shots_csv, ..."""
    directed: Annotated[dict[str, dict[str, Any]], merge_by_key]
    """Per shot id: the camera values notes set, which a critic's revision round keeps."""
    direction: dict[str, Any]
    """What the last note became (`storyreel.models.reply.DirectorReply` as JSON): status
    (applied, question, unchanged), reply, edits, changes, changed and re-rendered shot ids."""


class ShotTask(TypedDict):
    """The input of one per-shot task (keyframes, draft, critic, refine), sent with Send.

    A Send task sees only this payload, not the graph state, so it carries the whole job.
    """

    shot: str
    """Id of the shot."""
    job: dict[str, Any]
    """The shot's `ShotJob` as plain data (`ShotJob.to_dict()`)."""
    assets: NotRequired[dict[str, Any]]
    """What earlier stages made for this shot (`ShotAssets` as JSON); none before keyframes."""
    round: NotRequired[int]
    """The revision round the draft belongs to (for the critic)."""
    rounds: NotRequired[list[dict[str, Any]]]
    """The critic's earlier rounds of this shot."""


# -- the state as models ------------------------------------------------------------------------------

_DOCUMENTS = {"screenplay", "bible", "plan", "cut"}  # the documents StateView reads and caches


class StateView:
    """The state read as models, each part validated once, when a node first asks for it."""

    def __init__(self, state: Mapping[str, Any]) -> None:
        self.state = state

    @property
    def has_film(self) -> bool:
        """Whether a run has planned a film here (a plan and its bible)."""
        return "plan" in self.state and "bible" in self.state

    @cached_property
    def screenplay(self) -> Screenplay:
        return Screenplay.model_validate(self.state["screenplay"])

    @cached_property
    def bible(self) -> Bible:
        return Bible.model_validate(self.state["bible"])

    @cached_property
    def plan(self) -> ShotPlan:
        return ShotPlan.model_validate(self.state["plan"])

    @cached_property
    def cut(self) -> Cut | None:
        return Cut.model_validate(self.state["cut"]) if self.state.get("cut") else None

    @cached_property
    def assets(self) -> dict[str, ShotAssets]:
        return {k: ShotAssets.model_validate(v) for k, v in (self.state.get("assets") or {}).items()}

    @cached_property
    def critiques(self) -> dict[str, list[Round]]:
        return {
            shot_id: [Round.model_validate(r) for r in rounds]
            for shot_id, rounds in (self.state.get("critiques") or {}).items()
        }

    @cached_property
    def report(self) -> list[ReportEntry]:
        return [ReportEntry.model_validate(entry) for entry in self.state.get("report") or []]

    @cached_property
    def reply(self) -> DirectorReply | None:
        """What the last note became, if a note was ever given on this thread."""
        given = self.state.get("direction")
        return DirectorReply.model_validate(given) if given else None

    def updated(self, documents: Mapping[str, BaseModel]) -> StateView:
        """The state after an update of whole documents (plan, bible, cut, screenplay), with
        those models already read."""
        unknown = set(documents) - _DOCUMENTS
        if unknown:
            raise ValueError(f"not documents of the state: {sorted(unknown)}")
        view = StateView({**self.state, **to_state(documents)})
        view.__dict__.update(documents)  # what cached_property would have read
        return view

    @property
    def revise(self) -> list[str]:
        return list(self.state.get("revise") or [])

    @property
    def round(self) -> int:
        return int(self.state.get("round", 0))

    @property
    def focus(self) -> list[str]:
        return list(self.state.get("focus") or [])

    @property
    def directed(self) -> dict[str, dict[str, Any]]:
        return dict(self.state.get("directed") or {})

    @property
    def outputs(self) -> dict[str, str]:
        return dict(self.state.get("outputs") or {})


def to_state(update: Mapping[str, Any]) -> dict[str, Any]:
    """A node's update as state: every model in it dumped as JSON (`mode="json"`, each model
    leaving out what it does not write), whatever dict or list it sits in; plain data as it is."""
    return {key: _plain(value) for key, value in update.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


# -- a per-shot task as models ------------------------------------------------------------------------


def shot_task(
    job: ShotJob,
    assets: ShotAssets | None = None,
    round_number: int | None = None,
    rounds: list[Round] | None = None,
) -> ShotTask:
    """The plain payload of a per-shot Send: the job, the assets so far, the critic's rounds."""
    task = ShotTask(shot=job.shot.id, job=job.to_dict())
    if assets is not None:
        task["assets"] = assets.model_dump(mode="json")
    if round_number is not None:
        task["round"] = round_number
    if rounds is not None:
        task["rounds"] = [r.model_dump(mode="json") for r in rounds]
    return task


@dataclass(frozen=True)
class ShotWork:
    """A `ShotTask` read as models."""

    task: ShotTask

    @cached_property
    def job(self) -> ShotJob:
        return ShotJob.from_dict(self.task["job"])

    @cached_property
    def assets(self) -> ShotAssets:
        return ShotAssets.model_validate(self.task.get("assets") or {})

    @property
    def round(self) -> int:
        return self.task.get("round", 0)

    @cached_property
    def rounds(self) -> list[Round]:
        return [Round.model_validate(r) for r in self.task.get("rounds", [])]

    def onward(self, assets: ShotAssets) -> ShotTask:
        """This task for the next stage, carrying the assets made so far."""
        return {**self.task, "assets": assets.model_dump(mode="json")}
