"""The versions of a film: PROJECT/versions.json, a `History` of LangGraph checkpoints.

    make                   -> version 1 (the thread's checkpoint after the run)
    direct "shot 3 tighter" -> version 2, parent 1
    checkout 1, direct ... -> version 3, parent 1 (a branch; version 2 stays)

Each version names the checkpoint that holds its whole state (plan, bible, assets, cut), so
going back is LangGraph time travel: a fork of that checkpoint becomes the thread's head. The
file also remembers the head it last saw: a head it does not know is a run that happened since
(a new `make`), and becomes a version of its own. Written atomically, like every document.
"""

from __future__ import annotations

from datetime import UTC, datetime

from storyreel.documents import load_document
from storyreel.errors import InputError
from storyreel.models.edits import History, Version
from storyreel.models.reply import DirectorReply
from storyreel.project import Project

FILE = "versions.json"


def load_history(project: Project) -> History:
    path = project.path(FILE)
    if not path.exists():
        return History()
    return load_document(path, History)  # one line for anything unreadable, as every document


def save_history(project: Project, history: History) -> None:
    project.write_json(FILE, history.model_dump(mode="json"))


def now(precise: bool = False) -> str:
    """The time, as ISO 8601 UTC: to the second for a record, to the microsecond to measure from."""
    return datetime.now(UTC).isoformat(timespec="microseconds" if precise else "seconds")


def record_run(history: History, checkpoint_id: str) -> History:
    """A run the history has not seen (a make) as a new version, and the current one."""
    number = next_number(history)
    version = Version(number=number, parent=None, checkpoint_id=checkpoint_id, created=now())
    return history.model_copy(
        update={"versions": [*history.versions, version], "current": number, "head_checkpoint": checkpoint_id}
    )


def record_note(
    history: History, checkpoint_id: str, reply: DirectorReply, rerendered: list[str], seconds: float
) -> History:
    """An applied note as a new version whose parent is the version it was applied to;
    `rerendered` are the shots that were in fact drawn again (not cache hits)."""
    number = next_number(history)
    version = Version(
        number=number,
        parent=history.current,
        checkpoint_id=checkpoint_id,
        created=now(),
        note=reply.note,
        edits=reply.edits,
        changed_shots=reply.changed_shots,
        rerendered_shots=rerendered,
        seconds=round(seconds, 3),
    )
    return history.model_copy(
        update={"versions": [*history.versions, version], "current": number, "head_checkpoint": checkpoint_id}
    )


def next_number(history: History) -> int:
    return max((v.number for v in history.versions), default=0) + 1


def find(history: History, number: int) -> Version:
    try:
        return history.version(number)
    except KeyError:
        known = ", ".join(str(v.number) for v in history.versions) or "none yet"
        raise InputError(f"there is no version {number} (versions: {known})") from None
