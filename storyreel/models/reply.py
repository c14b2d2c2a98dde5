"""The director's reply to a note: what the note did to the film, as the graph records it.

    "shots 3-5 tighter"  -> DirectorReply(status="applied", reading=..., edits=[...],
                                          lines=["shot 3 (s1-3): framing ..."], render_shots=[...])
    "make it pop"        -> DirectorReply(status="question", question="What should change?")
    "shot 3 close-up wide" -> DirectorReply(status="question", question="Which framing: ...?",
                                            choices=["shot 3 close-up", "shot 3 wide"])

The director node writes one into the state (`direction`) with its chat message; the API reads
it back into `DirectResult` and records an applied one as a `Version`. Not a file of its own:
it lives in the thread's checkpoints, so a field added here has a default, and a reply a
checkpoint holds from before the field reads as it was (`choices` came later: none).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from storyreel.models.base import Noun
from storyreel.models.edits import Edit

Status = Literal["applied", "question", "unchanged"]


class DirectorReply(Noun):
    """What the last note became, and what it changed."""

    note: str = Field(description="The note as the director gave it.")
    status: Status = Field(
        description="applied: the film changed; question: nothing changed, see `question`; "
        "unchanged: the film already is as the note asks."
    )
    reply: str = Field(description="The director's answer as a chat shows it.")
    reading: str = Field("", description="How the note was read, in one line.")
    question: str | None = Field(None, description="What the director asks back, when status is question.")
    choices: list[str] = Field(
        default_factory=list,
        description="The question's answers, when it has a few: each a note that settles it when sent "
        "back (`Direction.choices`). Empty for an open question and when status is not question.",
    )
    edits: list[Edit] = Field(default_factory=list, description="The edits applied (only when applied).")
    changes: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Each difference the note made, as `storyreel.plan_diff.Change.to_dict()` "
        "(kind, subject, field, before, after, number, old_number).",
    )
    lines: list[str] = Field(default_factory=list, description="The changes in words, one per shot or sheet.")
    notes: list[str] = Field(default_factory=list, description="What the director wants you to know.")
    changed_shots: list[str] = Field(default_factory=list, description="Ids of the shots the note changed.")
    removed_shots: list[str] = Field(default_factory=list, description="Ids of the shots the note removed.")
    render_shots: list[str] = Field(
        default_factory=list, description="Ids of the shots whose render job changed: sent to be drawn again."
    )

    @property
    def applied(self) -> bool:
        return self.status == "applied"
