"""Structured outputs of the agents: what each brain must answer, as pydantic models.

Field descriptions are the spec a language model reads (they go into the JSON Schema of
structured outputs), so they say precisely what is wanted. The `rules` brain produces the same
models. The writer answers with a `Bible` (storyreel.models.bible).
"""

from __future__ import annotations

from pydantic import Field

from storyreel.models.base import Noun
from storyreel.models.camera import Angle, Framing, Movement
from storyreel.models.critique import RevisionRequest
from storyreel.models.plan import Pacing, Placement, Prop, ShotKind, Transition


class BoardShot(Noun):
    """One shot of the storyboard: what it covers and shows, before the camera is designed."""

    kind: ShotKind = Field(
        description="Coverage: establishing (a new place), master, two_shot, single (one "
        "speaker), over_the_shoulder, reaction (a listener), insert (an object), pov, "
        "cutaway, montage."
    )
    covers: list[str] = Field(
        description="Ids of this scene's elements the shot shows, in script order. Every "
        "dialogue element of the scene must be covered by at least one shot."
    )
    subjects: list[str] = Field(description="Characters in frame, canonical uppercase names from the bible.")
    blocking: list[Placement] = Field(
        description="One placement per subject, in the order of `subjects`: screen side (the same "
        "for a character in every shot of the scene: 180-degree rule); eyeline (whom they look at: "
        "a speaker the one they talk to, a listener or a reaction the speaker); facing from the "
        "sides (on the left looking at someone on the right: 'right'; 'camera' only when "
        "addressing the lens, 'away' for a back turned); pose and motion as the action says "
        "(an entrance starts off screen, start_x < 0 or > 1, and ends on their side's mark; an "
        "exit the reverse; sit/lie/kneel hold until the action gets them up); in an "
        "over_the_shoulder shot the listener is `foreground` (facing 'away') and the speaker "
        "faces toward them; `holding` names one of the scene's `props`."
    )
    framing: Framing = Field(description="How tight the shot is.")
    duration_s: float = Field(gt=0, le=600, description="Seconds on screen.")
    description: str = Field(description="What happens in the shot, one or two sentences.")
    start_frame: str = Field(description="What the first frame shows.")
    end_frame: str = Field(description="What the last frame shows.")


class StoryboardOutput(Noun):
    """The shots that cover one scene, in screen order."""

    shots: list[BoardShot] = Field(min_length=1, description="Shots in screen order.")
    props: list[Prop] = Field(
        default_factory=list,
        description="What stands on the scene's set, the same place in every shot: the things the "
        "action names as dressing or handles (a handful, not every noun), each with a shape, a "
        "place across the set (x, -1 left to 1 right as the master shot sees it) and a depth "
        "behind the actors' line, none on top of another or of an actor's mark (a seat someone "
        "sits on stands on their mark); [] when the action names none.",
    )


class KeyframeChoice(Noun):
    """A keyframe placed along the shot: at 0 the first frame, at 1 the last."""

    at: float = Field(ge=0, le=1, description="Position in the shot, 0 (first frame) to 1 (last).")
    description: str = Field(description="What the frame shows.")
    prompt: str = Field(description="An image prompt for this frame: subject, place, light, lens.")


class CameraChoice(Noun):
    """The camera design of one storyboard shot."""

    shot: str = Field(description="Id of the shot this designs (as given in the input).")
    framing: Framing = Field(description="Keep the storyboard's framing unless there is a reason.")
    angle: Angle = Field(
        description="low for menace or heroics, high for vulnerability, dutch for unease, "
        "overhead for geography, eye_level otherwise."
    )
    movements: list[Movement] = Field(
        min_length=1,
        description="Moves performed together, from the action: ['static'] when nothing "
        "motivates a move; dolly_in to press in on a realisation; pan or truck to follow.",
    )
    lens_mm: float = Field(ge=8, le=1200, description="Focal length, full-frame equivalent mm.")
    speed: float = Field(ge=0, le=1, description="0.25 slow, 0.5 medium, 1.0 fast.")
    pacing: Pacing = Field(description="linear, ease_in, ease_out or ease_in_out.")
    keyframes: list[KeyframeChoice] = Field(
        min_length=2,
        description="At least the first (at=0) and last (at=1) frames; inner ones for compound "
        "or long moves, in increasing order.",
    )
    prompt: str = Field(description="A video prompt for the whole shot, camera language included.")
    reason: str = Field(description="Why this camera, in film-grammar terms, one sentence.")


class CinematographerOutput(Noun):
    """The camera design of every shot given."""

    shots: list[CameraChoice] = Field(description="One choice per input shot, same order.")


class CriticVerdict(Noun):
    """Whether a rendered draft shows the shot as planned, and what to change if not."""

    passed: bool = Field(description="True when the draft is good enough to refine.")
    reasons: list[str] = Field(description="What the scores show, one finding per line.")
    revisions: list[RevisionRequest] = Field(
        description="Changes for the cinematographer when the draft failed; empty otherwise."
    )


class EditDecision(Noun):
    """How one shot hands over to the next."""

    after: str = Field(description="Id of the outgoing shot.")
    transition: Transition = Field(description="cut, dissolve, or fade through a colour.")


class EditorOutput(Noun):
    """The editor's decisions on top of the plan: transitions between shots."""

    decisions: list[EditDecision] = Field(
        description="One per shot boundary that is not a plain cut; script transitions first."
    )


class FountainDraft(Noun):
    """A screenplay adapted from prose, as Fountain text (read back with the ordinary reader, so a
    model's adaptation is checked like a hand-written script)."""

    fountain: str = Field(
        min_length=1,
        description="The whole screenplay in Fountain: an optional title page (Title:, Credit:, "
        "Author:), then scenes that each open with a heading such as 'INT. KITCHEN - NIGHT', "
        "action paragraphs in the present tense, and dialogue as an uppercase character cue "
        "on its own line, an optional (parenthetical), then the lines. Blank line between "
        "paragraphs. No markdown, no commentary.",
    )
