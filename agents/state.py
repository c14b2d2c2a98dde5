"""The state of the director graph, and the one place it turns into models and back.

Everything in the state is plain JSON-able data, so the SQLite checkpointer stores it without
custom types and a checkpoint can be read by any tool (LangGraph's dev server included). Nodes
work with models (`storyreel.models`) all the same, going in and out through this module:

    StateView(state).plan, .assets, .critiques ...   the state read as models, each part once
    ShotWork(task, sources).job, .assets, .rounds    a per-shot Send payload read as models
    to_state({"plan": plan, "report": [entry]}, project)   a node's update, its models dumped as JSON

The documents (screenplay, bible, plan, cut) are not in the state itself: each is written once,
content-addressed, to PROJECT/.storyreel/documents/<sha256>.json, and the state holds a
`Reference` to it (the file's path and hash). The SQLite checkpointer stores the whole state at
every superstep, and a Send payload in full for every task: with the documents inline, a
10,000-scene script (a 100 MB plan) put gigabytes into the database within minutes of a make.
A document file is never overwritten or deleted, so every checkpoint of the thread (directing's
undo, checkout and diff read old ones) still reads back as it was. A state holding a document
inline (an older project's checkpoints, a caller's parsed screenplay) reads the same.

Per-shot results (`assets`, `critiques`) merge by shot id, because the per-shot nodes run as
parallel Send tasks that each return their own shot only.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from threading import Lock
from typing import TYPE_CHECKING, Annotated, Any, NotRequired, TypedDict, TypeVar

from pydantic import BaseModel

from storyreel.agents.jobs import ShotIndex
from storyreel.models.assets import ShotAssets
from storyreel.models.bible import Bible
from storyreel.models.critique import Round
from storyreel.models.cut import Cut
from storyreel.models.job import ShotJob
from storyreel.models.plan import ShotPlan
from storyreel.models.reply import DirectorReply
from storyreel.models.report import ReportEntry
from storyreel.models.screenplay import Screenplay
from storyreel.project import STATE_DIR, atomic_write, opened_roots

if TYPE_CHECKING:
    from storyreel.project import Project

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

    A Send task sees only this payload, not the graph state, and LangGraph stores every payload
    twice (the dispatching task's writes, the next checkpoint): so it names its shot and the
    documents its job is built from, by one hash, and carries no document itself (a
    10,000-scene plan has 68,000 shots). The task reads them with `ShotWork(task, sources)`.
    """

    shot: str
    """Id of the shot."""
    edition: str
    """The sha256 of the file naming the plan, bible and screenplay the shot's `ShotJob` is
    built from (`edition`), in the project's documents folder."""
    assets: NotRequired[dict[str, Any]]
    """What earlier stages made for this shot (`ShotAssets` as JSON); none before keyframes."""
    round: NotRequired[int]
    """The revision round the draft belongs to (for the critic)."""
    rounds: NotRequired[list[dict[str, Any]]]
    """The critic's earlier rounds of this shot."""


# -- documents on disk, references in the state --------------------------------------------------------

DOCUMENTS_DIR = "documents"  # in the project's state folder: .storyreel/documents/<sha256>.json
M = TypeVar("M", bound=BaseModel)


class Reference(TypedDict):
    """A document of the state, as the state holds it: a content-addressed file of the project."""

    document: str
    """What it is: the document's `schema_version` ("ShotPlan.1")."""
    sha256: str
    """The hash of the file's bytes, which names it."""
    path: str
    """The file (absolute, as the state's asset paths are)."""


def is_reference(value: Any) -> bool:
    return isinstance(value, dict) and value.keys() == Reference.__annotations__.keys()


def store(project: Project, document: BaseModel) -> Reference:
    """Write `document` once, content-addressed, into the project (atomically; a file already
    there with its hash is left as it is) and return the reference the state holds."""
    data = document.model_dump_json().encode("utf-8")
    sha256 = hashlib.sha256(data).hexdigest()
    path = project.root / STATE_DIR / DOCUMENTS_DIR / f"{sha256}.json"
    if not (path.is_file() and path.stat().st_size == len(data)):
        atomic_write(path, data)
    kind = getattr(document, "schema_version", None) or type(document).__name__
    _LOADED.put((sha256, type(document)), document)  # what reading it back would give
    return Reference(document=kind, sha256=sha256, path=str(path))


def load(reference: Mapping[str, str], cls: type[M]) -> M:
    """The document a reference points at, read and checked against its hash once per process
    (the last few stay in memory: every per-shot task of a run reads the same plan)."""
    key = (reference["sha256"], cls)
    found = _LOADED.get(key)
    if found is None:
        found = cls.model_validate(_read(reference))
        _LOADED.put(key, found)
    return found  # type: ignore[return-value]


def _read(reference: Mapping[str, str]) -> Any:
    from storyreel.errors import InputError

    path = Path(reference["path"])
    if not path.is_file():  # the project was moved or copied: the same file, by its hash, here
        moved = [root / STATE_DIR / DOCUMENTS_DIR / path.name for root in opened_roots()]
        path = next((candidate for candidate in moved if candidate.is_file()), (moved or [path])[0])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"{path}: the run's {reference['document']} cannot be read ({exc.strerror or exc}); "
            "the project's .storyreel/documents folder must stay as the runs left it"
        ) from None
    if hashlib.sha256(data).hexdigest() != reference["sha256"]:
        raise InputError(f"{path}: the run's {reference['document']} was changed on disk (its hash differs)")
    return json.loads(data)


class _Recent:
    """The few documents read last, by (hash, model): shared by the graph's worker threads."""

    def __init__(self, size: int) -> None:
        self.size, self.items, self.lock = size, OrderedDict[Any, Any](), Lock()

    def get(self, key: Any) -> Any:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
            return self.items.get(key)

    def put(self, key: Any, value: Any) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


_LOADED = _Recent(12)


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
        return self._document("screenplay", Screenplay)

    @cached_property
    def bible(self) -> Bible:
        return self._document("bible", Bible)

    @cached_property
    def plan(self) -> ShotPlan:
        return self._document("plan", ShotPlan)

    @cached_property
    def cut(self) -> Cut | None:
        return self._document("cut", Cut) if self.state.get("cut") else None

    def _document(self, name: str, cls: type[M]) -> M:
        value = self.state[name]
        return load(value, cls) if is_reference(value) else cls.model_validate(value)

    def data(self, name: str) -> Any:
        """A document of the state as plain JSON, as it was written (for the project's files)."""
        value = self.state[name]
        return _read(value) if is_reference(value) else value

    def references(self, project: Project, **documents: BaseModel) -> dict[str, Reference]:
        """References to the plan, bible and screenplay (a per-shot task's documents): those
        given, else the state's; a document the state holds inline is stored now."""
        found = {}
        for name in ("plan", "bible", "screenplay"):
            value = documents[name] if name in documents else self.state[name]
            if isinstance(value, BaseModel):
                found[name] = store(project, value)
            elif is_reference(value):
                found[name] = Reference(**value)
            else:
                found[name] = store(project, getattr(self, name))
        return found

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


def to_state(update: Mapping[str, Any], project: Project | None = None) -> dict[str, Any]:
    """A node's update as state: every model in it dumped as JSON (`mode="json"`, each model
    leaving out what it does not write), whatever dict or list it sits in; plain data as it is.
    With the project, a document (screenplay, bible, plan, cut) is stored there and the state
    gets its `Reference`."""
    return {
        key: store(project, value)
        if project is not None and key in _DOCUMENTS and isinstance(value, BaseModel)
        else _plain(value)
        for key, value in update.items()
    }


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


# -- a per-shot task as models ------------------------------------------------------------------------


def edition(project: Project, documents: Mapping[str, Reference]) -> str:
    """The hash that names these documents (plan, bible, screenplay; `StateView.references`)
    together, for per-shot tasks: a small file of their hashes, written once like a document."""
    data = json.dumps({name: documents[name]["sha256"] for name in _EDITION}).encode("utf-8")
    sha256 = hashlib.sha256(data).hexdigest()
    path = project.root / STATE_DIR / DOCUMENTS_DIR / f"{sha256}.json"
    if not path.is_file():
        atomic_write(path, data)
    return sha256


def shot_task(
    shot: str,
    edition: str,
    assets: ShotAssets | None = None,
    round_number: int | None = None,
    rounds: list[Round] | None = None,
) -> ShotTask:
    """The plain payload of a per-shot Send: the shot, the `edition` of the documents its job
    is built from, the assets so far, the critic's earlier rounds (left out when none)."""
    task = ShotTask(shot=shot, edition=edition)
    if assets is not None:
        task["assets"] = assets.model_dump(mode="json")
    if round_number is not None:
        task["round"] = round_number
    if rounds:
        task["rounds"] = [r.model_dump(mode="json") for r in rounds]
    return task


@dataclass(frozen=True)
class ShotWork:
    """A `ShotTask` read as models; `sources` are the run's `Crew.image_sources` (the project
    whose documents folder holds the edition, and where keyframe images are found)."""

    task: ShotTask
    sources: Mapping[str, str | None] = field(default_factory=dict)

    @cached_property
    def job(self) -> ShotJob:
        if "job" in self.task:  # a payload sent before documents were references
            return ShotJob.from_dict(self.task["job"])  # type: ignore[typeddict-item]
        folder = Path(self.sources.get("project_dir") or ".") / STATE_DIR / DOCUMENTS_DIR
        shas = _edition(folder, self.task["edition"])
        plan, bible, screenplay = (
            Reference(document=name, sha256=shas[name], path=str(folder / f"{shas[name]}.json"))
            for name in _EDITION
        )
        return _index(plan, bible, screenplay).job(self.task["shot"], **self.sources)

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


_EDITION = ("plan", "bible", "screenplay")


def _edition(folder: Path, sha256: str) -> dict[str, str]:
    """The documents' hashes an edition names, read once per process."""
    key = ("edition", sha256)
    found = _LOADED.get(key)
    if found is None:
        found = _read(Reference(document="edition", sha256=sha256, path=str(folder / f"{sha256}.json")))
        _LOADED.put(key, found)
    return found


def _index(plan: Mapping[str, str], bible: Mapping[str, str], screenplay: Mapping[str, str]) -> ShotIndex:
    """The job index of these three documents, built once per process (`_LOADED` keeps it)."""
    key = ("index", plan["sha256"], bible["sha256"], screenplay["sha256"])
    found = _LOADED.get(key)
    if found is None:
        found = ShotIndex(load(plan, ShotPlan), load(bible, Bible), load(screenplay, Screenplay))
        _LOADED.put(key, found)
    return found
