"""The shot plan: what the storyboard and cinematographer agents decide and the renderers make.

Every shot carries its camera language (one framing, one angle, a list of moves), keyframes at
frame indices with a pacing curve between them (SmartDirector), the screenplay elements it covers,
and frames of earlier shots it is conditioned on (STAGE / OneStory memory).

Frame indices count from 0 at the plan's `fps`; a shot of `duration_s` seconds has
`frame_count(fps)` frames, so its keyframes lie in `0 .. frame_count - 1`.
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from storyreel.models.base import Document, Noun, upgrade
from storyreel.models.bible import HexColour
from storyreel.models.camera import GEOMETRY, OPPOSITE, Angle, Framing, Movement

Pacing = Literal["linear", "ease_in", "ease_out", "ease_in_out"]
PACINGS: tuple[str, ...] = Pacing.__args__  # type: ignore[attr-defined]

TransitionType = Literal["cut", "dissolve", "fade"]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"  # ids name files in the project cache


def where(shot_id: object, index: int) -> str:
    """How a message names a shot: ``shot 's3' (shots[2])``, or ``shots[2]`` without an id."""
    if isinstance(shot_id, str) and shot_id:
        return f"shot {shot_id!r} (shots[{index}])"
    return f"shots[{index}]"


class CameraSpec(Noun):
    """The camera language of a shot: the 20-class vocabulary plus lens and speed."""

    framing: Framing = Field(description="How much of the subject the frame holds.")
    angle: Angle = Field(description="Where the camera looks from.")
    movements: list[Movement] = Field(
        min_length=1,
        description="Camera moves performed together through the shot, e.g. "
        "['zoom_in', 'tilt_up']; ['static'] for a locked-off shot.",
    )
    lens_mm: float = Field(
        35.0,
        ge=8,
        le=1200,
        description="Focal length at the start of the shot, full-frame equivalent mm; "
        "a zoom changes it from here.",
    )
    speed: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Movement magnitude from 0 (barely) to 1 (fast); 0.25 slow, 0.5 medium, "
        "1.0 fast. Ignored for a static shot.",
    )
    move_gain: float = Field(
        1.0,
        ge=0.25,
        le=8,
        description="How hard the renderer is asked to move, as a multiplier on speed; 1.0 = as "
        "planned. The critic raises it when a renderer under-delivers movement (diffusion models "
        "often do) and keeps judging the result against `speed`, the intent.",
    )

    @field_validator("movements")
    @classmethod
    def _coherent_moves(cls, moves: list[str]) -> list[str]:
        if "static" in moves and len(moves) > 1:
            raise ValueError(f"'static' cannot be combined with other moves: {moves}")
        if len(set(moves)) != len(moves):
            raise ValueError(f"a move is listed twice: {moves}")
        for move in moves:
            if OPPOSITE.get(move) in moves:
                raise ValueError(f"{move!r} and {OPPOSITE[move]!r} cancel out: {moves}")
        return moves

    @property
    def is_static(self) -> bool:
        return self.movements == ["static"]

    @property
    def has_parallax(self) -> bool:
        """True when the camera translates (dolly, truck, pedestal, arc, crane)."""
        return any(GEOMETRY[m].parallax for m in self.movements)


class Keyframe(Noun):
    """A frame the shot must pass through: planned by the storyboard, drawn by the keyframe step
    or given by the user."""

    frame: int = Field(ge=0, description="Frame index into the shot, 0 .. frame_count - 1.")
    description: str = Field(description="What the frame shows: who, where, doing what.")
    prompt: str | None = Field(
        None, description="Image prompt for this frame, written by the cinematographer."
    )
    image: str | None = Field(
        None,
        description="Path to an image the user supplied for this frame (a drawn storyboard, "
        "another model's output); absolute or relative to the project directory. "
        "When set, it is used instead of generating one.",
    )


class Transition(Noun):
    """How a shot enters or leaves: a cut, a dissolve to the next shot, or a fade through a colour.

    Script transitions map here: 'CUT TO:' and 'SMASH CUT TO:' -> cut; 'DISSOLVE TO:' ->
    dissolve; 'FADE IN:' / 'FADE OUT.' / 'FADE TO BLACK.' -> fade with colour #000000;
    'BURN TO WHITE.' -> fade with colour #FFFFFF.
    """

    type: TransitionType = Field("cut", description="cut, dissolve or fade.")
    duration_s: float = Field(
        0.0, ge=0, le=10, description="Length in seconds: 0 for a cut, more than 0 otherwise."
    )
    colour: HexColour | None = Field(
        None, description="For a fade: the colour faded through ('#000000' black)."
    )
    text: str | None = Field(None, description="The script's transition as written, e.g. 'BURN TO WHITE.'.")

    @model_validator(mode="after")
    def _consistent(self) -> Transition:
        if self.type == "cut" and self.duration_s != 0:
            raise ValueError(f"a cut has no duration (got duration_s={self.duration_s})")
        if self.type != "cut" and self.duration_s == 0:
            raise ValueError(f"a {self.type} needs duration_s > 0")
        if self.type == "fade" and self.colour is None:
            raise ValueError("a fade needs a colour ('#000000' for black)")
        if self.type != "fade" and self.colour is not None:
            raise ValueError(f"only a fade has a colour (this is a {self.type})")
        return self


class FrameRef(Noun):
    """A frame of an earlier shot that conditions this one (multi-shot memory)."""

    shot: str = Field(description="Id of an earlier shot in the plan.")
    frame: int = Field(ge=0, description="Frame index into that shot.")


ShotKind = Literal[
    "establishing",
    "master",
    "two_shot",
    "single",
    "over_the_shoulder",
    "reaction",
    "insert",
    "pov",
    "cutaway",
    "montage",
]
ScreenSide = Literal["left", "center", "right"]
Facing = Literal["left", "right", "camera", "away"]
Pose = Literal["stand", "sit", "lie", "kneel"]
Motion = Literal["still", "walk", "run", "enter", "exit", "turn"]
MOVING: tuple[str, ...] = ("walk", "run", "enter", "exit")  # motions that go from one mark to another
# The mark a figure stands on when its placement gives none (start_x/end_x None): its side's
# third of the frame. The storyboard ends an entrance and starts an exit here, and a renderer
# stands a still figure here, so the two agree where "left" is.
SIDE_MARKS: dict[str, float] = {"left": 0.3, "center": 0.5, "right": 0.7}
PropShape = Literal[
    "vehicle", "table", "seat", "bed", "door", "window", "shelf", "box", "bag", "bucket",
    "bottle", "cup", "phone", "screen", "lamp", "gun", "knife", "tool", "paper", "plant",
]  # fmt: skip


class Placement(Noun):
    """Where a character is in frame, which way they look and what their body does in the shot.

    A speaker keeps their side within a scene (180-degree rule); `eyeline` says whom they look at
    and `facing` how that reads on screen (a character on the left looking at one on the right
    faces right; frontal, `camera`, only when addressing the lens). Marks are horizontal screen
    positions as fractions of the frame width, 0 the left edge and 1 the right; below 0 or above
    1 is off screen, where an entrance starts and an exit ends.
    """

    character: str = Field(description="Canonical uppercase name, as in the bible.")
    side: ScreenSide = Field(description="Screen side: left, center or right.")
    eyeline: str | None = Field(
        None, description="Canonical name of the character they look at (their eyeline partner), if any."
    )
    facing: Facing = Field(
        "camera",
        description="Which way they turn on screen: left or right (3/4 or profile toward what they "
        "look at), camera (frontal: addressing the lens) or away (their back to us).",
    )
    pose: Pose = Field("stand", description="stand, sit, lie or kneel.")
    motion: Motion = Field(
        "still",
        description="What the body does over the shot: still, walk or run (start mark to end mark), "
        "enter (from off screen) or exit (to off screen), turn (from away to `facing`).",
    )
    start_x: float | None = Field(
        None, ge=-0.5, le=1.5, description="Mark at the first frame (walk, run, enter, exit); None: its side."
    )
    end_x: float | None = Field(
        None, ge=-0.5, le=1.5, description="Mark at the last frame (walk, run, enter, exit); None: its side."
    )
    foreground: bool = Field(
        False,
        description="Seen from behind at the frame edge, nearer the lens and out of focus: the "
        "shoulder of an over-the-shoulder shot.",
    )
    holding: str | None = Field(
        None, description="Name of the prop in their hands (a `Prop.name` of the scene)."
    )

    def marks(self) -> tuple[float, float]:
        """(first, last) frame's mark, each its side's mark (`SIDE_MARKS`) where not given."""
        home = SIDE_MARKS[self.side]
        return (home if self.start_x is None else self.start_x, home if self.end_x is None else self.end_x)

    @model_validator(mode="after")
    def _marks_fit_the_motion(self) -> Placement:
        onscreen = [x for x in (self.start_x, self.end_x) if x is not None and 0 <= x <= 1]
        if self.motion == "enter" and (self.start_x is None or 0 <= self.start_x <= 1):
            raise ValueError("an entrance starts off screen: start_x below 0 or above 1")
        if self.motion == "exit" and (self.end_x is None or 0 <= self.end_x <= 1):
            raise ValueError("an exit ends off screen: end_x below 0 or above 1")
        if self.motion not in MOVING and (self.start_x is not None or self.end_x is not None):
            raise ValueError(f"a {self.motion} figure has no marks: it stays on its side")
        if self.motion in ("walk", "run") and len(onscreen) < 2:
            raise ValueError(f"a {self.motion} goes between two marks on screen (start_x and end_x in 0..1)")
        if self.foreground and self.facing != "away":
            raise ValueError("a foreground shoulder is seen from behind: facing 'away'")
        return self


class Prop(Noun):
    """A thing on the set the action names: dressing (a car under a dust sheet) or something handled
    (a phone). World-fixed: in every shot of its scene it stands where the set puts it."""

    name: str = Field(min_length=1, description="As the script says it, short: 'the car', 'the bucket'.")
    shape: PropShape = Field(description="The stand-in the animatic draws, from a small vocabulary.")
    x: float = Field(
        0.0, ge=-1, le=1, description="Across the set, as the scene's master shot sees it: -1 left, 1 right."
    )
    depth: float = Field(
        0.0, ge=-2, le=6, description="Metres behind the line the characters stand on (negative: in front)."
    )
    element: str | None = Field(None, description="Id of the screenplay element that introduced it.")


class SceneSet(Noun):
    """What stands on one scene's set, in every shot of the scene."""

    scene: int = Field(ge=0, description="0-based index of the screenplay scene.")
    props: list[Prop] = Field(
        default_factory=list, description="The scene's props, in the order the action names them."
    )


class Shot(Noun):
    """One shot: what it shows, for how long, and how the camera films it."""

    id: str = Field(pattern=ID_PATTERN, description="Unique in the plan, e.g. 's12'.")
    scene: int = Field(ge=0, description="0-based index of the screenplay scene it belongs to.")
    duration_s: float = Field(gt=0, le=600, description="Length on screen in seconds.")
    description: str = Field(description="What happens in the shot, in one or two sentences.")
    camera: CameraSpec = Field(description="Framing, angle, movements, lens and speed.")
    kind: ShotKind = Field(
        "single",
        description="The coverage this shot provides: establishing, master, two_shot, single, "
        "over_the_shoulder, reaction, insert, pov, cutaway or montage.",
    )
    subjects: list[str] = Field(
        default_factory=list,
        description="Canonical uppercase names of the characters in frame, as in the bible.",
    )
    blocking: list[Placement] = Field(
        default_factory=list,
        description="Screen side of each character in frame; constant per character within a "
        "scene, so cutting between speakers keeps the 180-degree rule.",
    )
    covers: list[str] = Field(
        default_factory=list,
        description="Ids of the screenplay elements the shot shows, in the order shown.",
    )
    keyframes: list[Keyframe] = Field(
        default_factory=list,
        description="Keyframes in increasing frame order; usually one at the first and one "
        "at the last frame, with inner ones where the action turns.",
    )
    pacing: Pacing = Field(
        "linear",
        description="How progress along the camera path and between keyframes spreads over "
        "time: linear, ease_in (starts slow), ease_out (ends slow), ease_in_out.",
    )
    transition_in: Transition = Field(
        default_factory=Transition,
        description="How the shot starts: cut or fade in from a colour. A dissolve is written "
        "on the previous shot's transition_out.",
    )
    transition_out: Transition = Field(
        default_factory=Transition, description="How the shot ends: cut, dissolve or fade out."
    )
    prompt: str | None = Field(None, description="Video prompt for the whole shot.")
    memory: list[FrameRef] = Field(
        default_factory=list,
        description="Frames of earlier shots to condition on, for continuity of characters and places.",
    )
    seed: int | None = Field(None, ge=0, description="Seed for this shot; None uses the bible's.")

    @field_validator("covers")
    @classmethod
    def _no_repeated_cover(cls, covers: list[str]) -> list[str]:
        if len(set(covers)) != len(covers):
            raise ValueError(f"an element is listed twice: {covers}")
        return covers

    @field_validator("keyframes")
    @classmethod
    def _increasing_frames(cls, keyframes: list[Keyframe]) -> list[Keyframe]:
        frames = [k.frame for k in keyframes]
        if any(b <= a for a, b in pairwise(frames)):
            raise ValueError(f"frames must strictly increase, got {frames}")
        return keyframes

    @field_validator("transition_in")
    @classmethod
    def _no_dissolve_in(cls, transition: Transition) -> Transition:
        if transition.type == "dissolve":
            raise ValueError("a dissolve belongs on the previous shot's transition_out")
        return transition

    def frame_count(self, fps: int) -> int:
        """Frames in the shot at `fps`: duration rounded half up, at least one."""
        return max(1, math.floor(self.duration_s * fps + 0.5))


class ShotPlan(Document):
    """The film as a list of shots, in screen order, and what stands on each scene's set."""

    SCHEMA = "ShotPlan"
    VERSION = 2
    schema_version: Literal["ShotPlan.2"] = "ShotPlan.2"

    fps: int = Field(24, gt=0, le=240, description="Frames per second keyframe indices refer to.")
    screenplay_sha256: str | None = Field(
        None, description="Hash of the screenplay the plan was made from (its source.sha256)."
    )
    shots: list[Shot] = Field(default_factory=list, description="Shots in screen order.")
    sets: list[SceneSet] = Field(
        default_factory=list, description="Each scene's props, world-fixed (scenes without any are left out)."
    )

    @model_validator(mode="after")
    def _check_shots(self) -> ShotPlan:
        # These checks need the plan (fps, other shots), so they run here and name the shot
        # and field themselves: a root validator's error carries no location.
        index: dict[str, int] = {}
        for i, shot in enumerate(self.shots):
            if shot.id in index:
                raise ValueError(
                    f"{where(shot.id, i)} id: duplicate id (first used by shots[{index[shot.id]}])"
                )
            last = shot.frame_count(self.fps) - 1
            for k, keyframe in enumerate(shot.keyframes):
                if keyframe.frame > last:
                    raise ValueError(
                        f"{where(shot.id, i)} keyframes[{k}].frame: frame {keyframe.frame} is "
                        f"outside the shot (0..{last}: {shot.duration_s} s at {self.fps} fps)"
                    )
            for m, ref in enumerate(shot.memory):
                if ref.shot not in index:
                    raise ValueError(
                        f"{where(shot.id, i)} memory[{m}].shot: {ref.shot!r} is not an earlier shot"
                    )
                earlier = self.shots[index[ref.shot]]
                if ref.frame >= earlier.frame_count(self.fps):
                    raise ValueError(
                        f"{where(shot.id, i)} memory[{m}].frame: frame {ref.frame} is outside "
                        f"shot {ref.shot!r} (0..{earlier.frame_count(self.fps) - 1})"
                    )
            index[shot.id] = i
        return self

    @property
    def duration_s(self) -> float:
        """Sum of shot durations (transitions that overlap are the editor's business)."""
        return sum(shot.duration_s for shot in self.shots)

    def shot(self, shot_id: str) -> Shot:
        for shot in self.shots:
            if shot.id == shot_id:
                return shot
        raise KeyError(shot_id)

    def frame_count(self, shot_id: str) -> int:
        return self.shot(shot_id).frame_count(self.fps)

    def props(self, scene: int) -> list[Prop]:
        """The props on `scene`'s set (none when the plan names none)."""
        return next((s.props for s in self.sets if s.scene == scene), [])


@upgrade("ShotPlan", 1)
def _blocking_and_sets(data: dict[str, Any]) -> dict[str, Any]:
    """ShotPlan.1 -> .2: placements gain eyeline, facing, pose, motion, marks, foreground and
    holding, and the plan gains `sets`; the defaults (facing the camera, standing still, no
    props) are what a ShotPlan.1 film showed."""
    return dict(data)
