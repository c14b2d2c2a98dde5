"""The board of one scene while it is drawn: the shots drafted so far, who is on screen, the
run of dialogue under way, and the rule that no framing plays three times in a row."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyreel.agents.film_grammar.bible import location_name
from storyreel.agents.film_grammar.coverage.cast import Cast, cast_of
from storyreel.agents.film_grammar.coverage.sets import scene_set
from storyreel.agents.film_grammar.coverage.staging import Stager, in_scene
from storyreel.agents.schemas import BoardShot
from storyreel.models.bible import Bible
from storyreel.models.camera import LABELS
from storyreel.models.plan import Placement, Prop
from storyreel.models.screenplay import Scene

FRAMINGS_WIDE_TO_TIGHT = ("extreme_long", "long", "full", "medium", "close_up", "extreme_close_up")

KIND_LABELS = {
    "establishing": "Establishing shot",
    "master": "Master shot",
    "two_shot": "Two-shot",
    "single": "Single",
    "over_the_shoulder": "Over-the-shoulder",
    "reaction": "Reaction shot",
    "insert": "Insert",
    "pov": "POV shot",
    "cutaway": "Cutaway",
    "montage": "Montage",
}
_POV_OWNER = re.compile(r"\s*(.+?)['’]S\s+(?:POV|POINT OF VIEW)\b", re.IGNORECASE)


@dataclass
class Draft:
    """A storyboard shot being drawn."""

    kind: str
    covers: list[str]
    subjects: list[str]
    framing: str
    duration_s: float
    description: str
    start_frame: str
    end_frame: str
    emphasis: bool = False  # an emotional beat: keep it tight when varying framings
    # What the staging reads (staging.py): who talks, to whom, and what bodies are said to do.
    speaker: str | None = None  # who speaks in the shot (in frame, or the voice a reaction hears)
    partner: str | None = None  # whom the speaker, or a lone subject, plays the scene to
    action: str = ""  # the action the shot shows
    manner: dict[str, str] = field(default_factory=dict)  # speaker in frame -> their parentheticals
    blocking: list[Placement] = field(default_factory=list)  # staged when added to the board


def group_kind(subjects: list[str]) -> str:
    """The kind of shot that holds this many people."""
    return {0: "cutaway", 1: "single", 2: "two_shot"}.get(len(subjects), "master")


@dataclass
class Board:
    """One scene's board so far (the coverage functions add drafts to it)."""

    scene: Scene
    wps: float  # words per second of speech
    cast: Cast
    place: str
    drafts: list[Draft] = field(default_factory=list)
    present: list[str] = field(default_factory=list)  # on-screen characters seen so far, in order
    exchange: list[str] = field(default_factory=list)  # speakers of the current run of dialogue
    exchange_lines: int = 0
    recent: list[str] = field(default_factory=list)  # characters by last appearance, most recent last
    has_master: bool = False  # a two-shot or master of the scene's people has played
    pov_owner: str | None = None  # whose point of view the heading is
    props: list[Prop] = field(default_factory=list)  # what stands on the scene's set (sets.py)
    stager: Stager | None = None  # stages each draft as it is added (staging.py)

    @classmethod
    def start(cls, scene: Scene, bible: Bible, words_per_second: float, previous: BoardShot | None) -> Board:
        owner = _POV_OWNER.match(scene.heading)
        cast = cast_of(scene, bible, previous)
        props = scene_set(scene, cast)
        return cls(
            scene=scene,
            wps=words_per_second,
            cast=cast,
            place=location_name(scene),
            pov_owner=owner.group(1).strip().upper() if owner else None,
            props=props,
            stager=Stager(cast, props),
        )

    @property
    def exterior(self) -> bool:
        return self.scene.int_ext in ("EXT", "EST")

    def through(self) -> str:
        """' through NELL's eyes' in a point-of-view scene."""
        return f" through {self.pov_owner}'s eyes" if self.pov_owner else ""

    def touch(self, names: list[str]) -> None:
        for name in names:
            if name in self.recent:
                self.recent.remove(name)
            self.recent.append(name)

    def add(self, draft: Draft) -> None:
        """A drafted shot, staged in screen order; whoever it sees leave is no longer present."""
        if draft.kind in ("two_shot", "master") and len(draft.subjects) > 1:
            self.has_master = True
        if self.stager is not None:
            draft.blocking = self.stager.stage(draft)
            for name in self.stager.left:
                self.leave(name)
        self.drafts.append(draft)

    def leave(self, name: str) -> None:
        for people in (self.present, self.exchange):
            if name in people:
                people.remove(name)

    def who(self, names: list[str]) -> str:
        if not names:
            return "nobody in frame"
        placed = [f"{n} ({self.cast.side(n)})" for n in names]
        return placed[0] if len(placed) == 1 else ", ".join(placed[:-1]) + " and " + placed[-1]

    def arrive(self, names: list[str]) -> None:
        for name in names:
            if name not in self.present:
                self.present.append(name)

    def join_exchange(self, speakers: list[str]) -> None:
        """One more line in the run of dialogue, said by `speakers`."""
        for name in speakers:
            if name not in self.exchange:
                self.exchange.append(name)
        self.exchange_lines += 1

    def listener(self, speakers: list[str]) -> str | None:
        for name in reversed(self.exchange):
            if name not in speakers:
                return name
        for name in self.present:
            if name not in speakers:
                return name
        return None

    def shots(self) -> list[BoardShot]:
        """The drafts as storyboard shots; an eyeline names only someone in the scene's shots."""
        people = {name for d in self.drafts for name in d.subjects}
        return [
            BoardShot(
                kind=d.kind,  # type: ignore[arg-type]
                covers=list(dict.fromkeys(d.covers)),
                subjects=d.subjects,
                blocking=in_scene(d.blocking, people),
                framing=d.framing,  # type: ignore[arg-type]
                duration_s=max(0.1, d.duration_s),
                description=d.description,
                start_frame=d.start_frame,
                end_frame=d.end_frame,
            )
            for d in self.drafts
        ]


def vary_framings(drafts: list[Draft], previous: BoardShot | None) -> None:
    """Never the same framing three shots in a row (counting the previous scene's last shot)."""
    history = [previous.framing] if previous is not None else []
    for draft in drafts:
        if len(history) >= 2 and history[-1] == history[-2] == draft.framing:
            draft.framing = _alternative(draft)
        history.append(draft.framing)


def _alternative(draft: Draft) -> str:
    if draft.kind == "establishing":
        return "long" if draft.framing == "extreme_long" else "extreme_long"
    if draft.kind == "insert":
        return "close_up" if draft.framing == "extreme_close_up" else "extreme_close_up"
    i = FRAMINGS_WIDE_TO_TIGHT.index(draft.framing)
    tighter = FRAMINGS_WIDE_TO_TIGHT[min(i + 1, 5)] if i < 5 else FRAMINGS_WIDE_TO_TIGHT[4]
    looser = FRAMINGS_WIDE_TO_TIGHT[max(i - 1, 0)] if i > 0 else FRAMINGS_WIDE_TO_TIGHT[1]
    prefer_tight = draft.emphasis or draft.kind in ("single", "over_the_shoulder", "reaction", "pov")
    new = tighter if prefer_tight else looser
    # Keep the description honest about the framing.
    draft.description = draft.description.replace(LABELS[draft.framing], LABELS[new], 1)
    draft.start_frame = draft.start_frame.replace(LABELS[draft.framing], LABELS[new], 1)
    draft.end_frame = draft.end_frame.replace(LABELS[draft.framing], LABELS[new], 1)
    return new
