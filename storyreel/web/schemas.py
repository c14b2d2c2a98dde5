"""The studio's JSON contract: one pydantic model per body the server reads or writes.

The routes (app.py) return these and nothing else, and the pages (static/*.js) read them, so a
field is named once, here. Documents that already have a model (`Version`) are returned as they
are. Field descriptions are what /docs shows.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from storyreel.models.edits import Version
from storyreel.models.reply import Status

NOTE_MAX_CHARS = 2000  # a note is a sentence or two; anything longer is refused, not truncated


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(Body):
    error: str = Field(description="What went wrong, in one line.")


class ProjectSummary(Body):
    id: str = Field(description="The server's slug for the project (never a path).")
    name: str
    made: bool = Field(description="A film was made (not only planned).")
    shots: int
    current_version: int | None
    busy: bool = Field(description="A job runs or waits on the project.")


class SceneGroup(Body):
    number: str = Field(description="The scene's number as the slate shows it.")
    heading: str
    first_shot_index: int = Field(description="0-based index of its first shot in the film.")
    shots: int


class ProjectView(Body):
    id: str
    name: str
    settings: dict[str, Any] = Field(description="What shaped the film (Studio.settings(): no secrets).")
    current_version: int | None
    film_url: str | None = Field(description="The film, with ?v=<version> so a new cut is fetched anew.")
    duration_s: float
    shots_total: int
    scenes: list[SceneGroup]
    shot_starts: list[float] | None = Field(
        None, description="Each shot's start in the film, in film order: the timeline's markers."
    )
    job: JobInfo | None = Field(
        None,
        description="The job running on the project (or first in line): a page opened mid-render follows it.",
    )


class DialogueLine(Body):
    character: str
    text: str


class Panel(Body):
    id: str
    index: int = Field(description="0-based place in the film.")
    number: int = Field(description="1-based shot number, as notes say it.")
    scene: int = Field(description="0-based scene index.")
    start_s: float = Field(description="Where the shot starts in the film (after slates and dissolves).")
    duration_s: float
    camera_words: str = Field(description="Framing, angle, move and lens in words.")
    dialogue: list[DialogueLine]
    passed: bool | None = Field(description="The critic's last verdict; None when not checked.")
    reasons: list[str]
    thumbs: list[str] = Field(description="URLs of small JPEG thumbnails of its keyframes.")


class ShotsPage(Body):
    total: int
    panels: list[Panel]


class CriticRound(Body):
    round: int
    passed: bool
    reasons: list[str]
    scores: dict[str, Any]
    changes: list[str] = Field(default_factory=list, description="What changed since the round before.")
    revisions: list[str] = Field(
        default_factory=list, description="What the critic asked to change before the next round."
    )


class ShotChange(Body):
    version: int
    note: str
    lines: list[str] = Field(description="What the note changed, in the words `storyreel direct` prints.")


class ShotDetail(Body):
    panel: Panel
    camera: dict[str, Any] = Field(description="The shot's CameraSpec as JSON.")
    lens: float
    pacing: str
    description: str
    keyframes: list[str] = Field(description="URLs of the full keyframe images.")
    rounds: list[CriticRound]
    changes: list[ShotChange] = Field(description="The notes that touched this shot, oldest first.")


class JobProgress(Body):
    stage: str = ""
    done: int = 0
    total: int = 0
    label: str = ""


JobKind = Literal["make", "note", "undo", "checkout"]
JobState = Literal["queued", "running", "done", "failed"]


class JobInfo(Body):
    id: str
    project: str
    kind: JobKind
    state: JobState
    position: int = Field(0, description="Place in the project's queue: 0 when running or finished.")
    progress: JobProgress = Field(default_factory=JobProgress)
    result: dict[str, Any] | None = Field(
        None,
        description="note: a NoteResult; undo/checkout: the Version; make: {project: id}.",
    )
    error: str | None = Field(None, description="Why it failed, in one line.")


class NoteResult(Body):
    """What a note did (`DirectResult.to_dict()`, checked here): a note job's `result`."""

    note: str
    status: Status = Field(description="applied, question (nothing changed) or unchanged.")
    version: int | None = Field(description="The version the note made, when applied.")
    reading: str = Field(description="How the note was read, in one line.")
    question: str | None = Field(description="What the director asks back, when status is question.")
    choices: list[str] = Field(
        default_factory=list,
        description="The question's answers, when it has a few: each a note to send back as it is "
        "(the page draws them as buttons). Empty for an open question.",
    )
    changed_shots: list[str]
    removed_shots: list[str]
    rerendered_shots: list[str]
    seconds: float
    changes: list[str] = Field(description="The changes in words, one per shot or sheet.")
    notes: list[str] = Field(description="What the director wants you to know.")
    edits: list[dict[str, Any]] = Field(description="The edits the note became, as JSON.")
    reply: str = Field(description="The director's answer as a chat shows it.")


class NoteRequest(Body):
    note: str = Field(min_length=1, max_length=NOTE_MAX_CHARS)
    shot_id: str | None = Field(None, description='The selected panel: what "this shot" means.')


class CheckoutRequest(Body):
    version: int = Field(ge=1)


class VersionsView(Body):
    current: int | None
    versions: list[Version]


class ChangeItem(Body):
    kind: str
    subject: str
    field: str | None = None
    before: Any = None
    after: Any = None
    number: int | None = None
    old_number: int | None = None


class DiffView(Body):
    changes: list[ChangeItem]
    lines: list[str] = Field(description="The changes in words, one per shot or sheet.")


class ProgressEvent(Body):
    job: str
    stage: str
    done: int
    total: int
    label: str


class ChangedEvent(Body):
    project: str
    version: int | None
