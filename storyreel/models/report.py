"""The run's log: one `ReportEntry` per thing an agent wants on record, in order.

report.json's "log" and `PlanResult.report` are these entries. They are of a few kinds, told
apart by the fields they carry rather than by a tag, because report.json has been read that way
since before the entries were typed:

    a brain call        agent, label, brain, attempts, fallback, notes (+ warning, saved: prose)
    a warning           agent, warning
    revisions by value  agent, label, applied
    shots still failing agent, still_failing, rounds

An entry is written with the fields it was given and no others (a brain call's `fallback` is
written even when it is null: "no fallback" is what it says), so a log reads back as it was made.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer

from storyreel.models.base import Noun


class ReportEntry(Noun):
    """One entry of the run's log, of a kind told by its fields: a brain call (agent, label, brain,
    attempts, fallback, notes; adapting prose adds warning and saved), a warning (agent, warning),
    revisions applied by value (agent, label, applied) or shots still failing (agent,
    still_failing, rounds). Only the fields an entry was given are written."""

    agent: str = Field(description="The agent it is about: writer, storyboard, cinematographer, critic...")
    label: str | None = Field(None, description="What the entry is about, e.g. 'scene 3', 'shot s1-4'.")
    brain: str | None = Field(None, description="The brain whose answer was used: 'rules' or 'openai'.")
    attempts: int | None = Field(None, ge=0, description="Model calls made (0 for the rules brain).")
    fallback: str | None = Field(
        None, description="Why the rules answer replaced the model's, or null when it did not."
    )
    notes: list[str] | None = Field(None, description="The model's re-asks and their reasons.")
    warning: str | None = Field(None, description="Something the user should know, in one sentence.")
    saved: str | None = Field(None, description="A file the agent wrote, e.g. the adapted screenplay.")
    applied: list[str] | None = Field(
        None, description="Critic's requests applied by value, e.g. 'camera.move_gain = 2.2'."
    )
    still_failing: list[str] | None = Field(
        None, description="Ids of shots the critic still fails when rounds ran out; the film uses them."
    )
    rounds: int | None = Field(None, ge=0, description="How many critic rounds ran.")

    @model_serializer(mode="wrap")
    def _given_fields_only(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return {key: value for key, value in handler(self).items() if key in self.model_fields_set}
