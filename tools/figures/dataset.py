"""A figure-detector data set drawn by a renderer that knows what it drew (`Renderer.truth`).

    plan_shots(count, seed, size, fps)    -> ShotSpec per clip, a pure function of its arguments
    build_dataset(folder, renderer, ...)  -> the clips drawn by `renderer` (skipping those already
                                             there), each sampled frame's FrameTruth, manifest.json
    load_manifest(folder)                 -> the manifest, checked
    load_frames(folder, entries)          -> every sampled frame, decoded from its draft

    folder/manifest.json
    folder/clips/00012-1a2b3c4d.mp4

What is randomised per clip, so that the detector meets every case the critic asks it about: the
coverage (nobody, a single, a two-shot, an over-the-shoulder, three people), each figure's side,
facing, pose and motion, the framing, angle, lens and a camera move, the set (interior or
exterior, time of day, palette), props on it, and the characters' identities. Frames are taken
from the draft as the critic sees one (H.264), with the truth the renderer gives for each.

A clip's file name ends in the hash of everything that draws it, and clips are written through
the renderer's atomic writer, so a killed build resumes where it stopped and a changed setting
never reuses a stale clip. The renderer is handed in (the CLI builds the animatic through the
renderer registry with DRAWN_WITH), so the critic's tools import no renderer.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np
from pydantic import Field

from storyreel.documents import load_document
from storyreel.errors import InputError
from storyreel.media.video import check_format
from storyreel.models.base import Document, Noun
from storyreel.models.bible import CharacterSheet, LocationSheet, Style
from storyreel.models.camera import ANGLES, BASE_MOVEMENTS, FRAMINGS, Angle, Framing, Movement
from storyreel.models.job import ShotJob
from storyreel.models.plan import CameraSpec, Placement, Prop, PropShape, Shot
from storyreel.models.truth import FrameTruth
from storyreel.project import atomic_write
from storyreel.tools.cameraclip.dataset import Draws, Progress

MANIFEST = "manifest.json"
# The animatic's settings a set is drawn with: drafts at the clip's full size, no text burned in.
DRAWN_WITH: dict[str, Any] = {"draft_scale": 1.0, "subtitles": False, "preset": "veryfast"}
# Coverage drawn, with its weight: who is in frame and how they are arranged.
COVERAGE: tuple[tuple[str, int, float], ...] = (
    ("nobody", 0, 0.08),
    ("single", 1, 0.34),
    ("two_shot", 2, 0.24),
    ("over_the_shoulder", 2, 0.22),
    ("group", 3, 0.12),
)
POSES: tuple[tuple[str, float], ...] = (("stand", 0.7), ("sit", 0.14), ("kneel", 0.1), ("lie", 0.06))
SETS: tuple[tuple[str, str], ...] = (
    ("PARK", "EXT"), ("STREET", "EXT"), ("BEACH", "EXT"), ("ROOFTOP", "EXT"), ("FOREST", "EXT"),
    ("PLATFORM", "EXT"), ("OFFICE", "INT"), ("KITCHEN", "INT"), ("WAREHOUSE", "INT"),
    ("LIBRARY", "INT"), ("DINER", "INT"), ("GARAGE", "INT"),
)  # fmt: skip
TIMES = ("DAY", "DAY", "DAY", "NIGHT", "DUSK", "DAWN")
NAMES = ("ANA", "BEN", "CLEO", "DEV", "EMIL", "FAYE", "GUS", "HANA", "IVO", "JUNE")
BUILDS = ("slim", "average", "athletic", "heavy")
PROP_SHAPES: tuple[str, ...] = PropShape.__args__  # type: ignore[attr-defined]
SIDES = ("left", "center", "right")
TOWARD = {"left": "right", "right": "left"}  # a figure on the left looks right at its partner
KIND = {"nobody": "establishing", "single": "single", "two_shot": "two_shot",
        "over_the_shoulder": "over_the_shoulder", "group": "master"}  # fmt: skip


class SetParams(Noun):
    """What a set was drawn with."""

    count: int = Field(ge=1, description="Clips planned.")
    seed: int = Field(ge=0)
    size: tuple[int, int] = Field(description="Clip width and height.")
    fps: int = Field(gt=0)
    renderer: str = Field(description="The renderer's name/version.")


class SetClip(Noun):
    """One clip of a set and what its renderer drew in each sampled frame."""

    clip: str = Field(description="The clip's path inside the set.")
    coverage: str = Field(description="Who is in frame: nobody, single, two_shot, over_the_shoulder, group.")
    framing: Framing
    angle: Angle
    movements: list[Movement]
    truth: list[FrameTruth] = Field(min_length=1, description="Each sampled frame's truth.")


class FigureSet(Document):
    """A figure set's manifest: written last, so its presence means the set is whole."""

    SCHEMA = "FigureSet"
    VERSION = 1
    schema_version: Literal["FigureSet.1"] = "FigureSet.1"

    params: SetParams
    clips: list[SetClip] = Field(min_length=1)


@dataclass(frozen=True)
class ShotSpec:
    """One planned clip: everything the renderer needs to draw it, and the frames sampled."""

    index: int
    coverage: str
    framing: str
    angle: str
    movements: tuple[str, ...]
    lens_mm: float
    speed: float
    duration_s: float
    seed: int
    location: dict[str, Any]
    characters: tuple[dict[str, Any], ...]
    blocking: tuple[dict[str, Any], ...]
    props: tuple[dict[str, Any], ...]
    fps: int
    size: tuple[int, int]

    @property
    def frames(self) -> tuple[int, ...]:
        """The frames sampled: the first and the last (a move changes framing and angle)."""
        last = max(1, int(np.floor(self.duration_s * self.fps + 0.5))) - 1
        return (0, last) if last > 0 else (0,)

    @property
    def relative_path(self) -> str:
        key = hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()[:8]
        return f"clips/{self.index:05d}-{key}.mp4"


def plan_shots(count: int, seed: int, *, size: tuple[int, int] = (256, 144), fps: int = 4) -> list[ShotSpec]:
    """`count` clips, each drawn from its own generator: a pure function of the arguments."""
    if count < 0:
        raise InputError(f"count {count}: cannot be negative")
    return [_draw(index, np.random.default_rng([seed, index]), size, fps) for index in range(count)]


def _pick(rng: np.random.Generator, weighted: Sequence[tuple[Any, ...]]) -> tuple[Any, ...]:
    weights = np.array([row[-1] for row in weighted], float)
    return weighted[int(rng.choice(len(weighted), p=weights / weights.sum()))]


def _colour(rng: np.random.Generator, low: int, high: int) -> str:
    return "#{:02X}{:02X}{:02X}".format(*(int(v) for v in rng.integers(low, high, 3)))


def _hair(rng: np.random.Generator) -> str:
    """Half the time any colour (a note can dye it blue), else a natural tone from black through
    brown and blond to grey and white: the bible's palette reaches white hair, and a detector
    that never saw light hair reads a blond head with its face as one larger head."""
    if rng.random() < 0.5:
        return _colour(rng, 10, 236)
    level, warmth = float(rng.uniform(15, 235)), float(rng.uniform(0.0, 0.35))
    return f"#{int(level):02X}{int(level * (1 - warmth / 2)):02X}{int(level * (1 - warmth)):02X}"


def _draw(index: int, rng: np.random.Generator, size: tuple[int, int], fps: int) -> ShotSpec:
    coverage, count, _ = _pick(rng, COVERAGE)
    names = [str(n) for n in rng.choice(NAMES, size=count, replace=False)]
    kind, int_ext = SETS[int(rng.integers(len(SETS)))]
    # a set's pieces are laid out from its name (render/animatic/scenery.py): a numbered name is
    # another room of the kind, so the detector learns angles from floors and walls, not 12 rooms
    name = f"{kind} {int(rng.integers(100_000))}"
    moving = rng.random() < 0.45
    return ShotSpec(
        index=index,
        coverage=coverage,
        framing=FRAMINGS[int(rng.integers(len(FRAMINGS)))],
        angle=ANGLES[int(rng.integers(len(ANGLES)))],
        movements=(str(rng.choice(BASE_MOVEMENTS[1:])),) if moving else ("static",),
        lens_mm=round(float(np.exp(rng.uniform(np.log(18), np.log(100)))), 1),
        speed=round(float(rng.uniform(0.2, 0.8)), 3),
        duration_s=round(float(rng.uniform(0.5, 2.0)), 2),
        seed=int(rng.integers(0, 2**31 - 1)),
        location={
            "name": name,
            "int_ext": int_ext,
            "times_of_day": [TIMES[int(rng.integers(len(TIMES)))]],
            "palette": [_colour(rng, 40, 220) for _ in range(int(rng.integers(2, 6)))],
        },
        characters=tuple(
            {
                "name": n,
                "identity": {
                    "colour": _colour(rng, 30, 240),
                    "build": BUILDS[int(rng.integers(len(BUILDS)))],
                    "height_m": round(float(rng.uniform(1.5, 1.95)), 2),
                    "hair_colour": _hair(rng),
                },
            }
            for n in names
        ),
        blocking=tuple(p.model_dump(exclude_defaults=True) for p in _blocking(coverage, names, rng)),
        props=tuple(_props(rng)),
        fps=fps,
        size=size,
    )


def _blocking(coverage: str, names: list[str], rng: np.random.Generator) -> list[Placement]:
    """Sides, facings, poses and motions for the coverage: partners mostly look at each other
    (as a plan has them), sometimes anywhere (so every facing is seen on every side)."""
    if not names:
        return []
    if len(names) == 1:
        sides = [SIDES[int(rng.choice(3, p=[0.25, 0.5, 0.25]))]]
    elif len(names) == 2:
        sides = ["left", "right"] if rng.random() < 0.5 else ["right", "left"]
    else:
        sides = [str(s) for s in rng.permutation(SIDES)]
    placements = []
    for i, (name, side) in enumerate(zip(names, sides, strict=True)):
        partner = names[1 - i] if len(names) == 2 else None
        if coverage == "over_the_shoulder" and i == 0:
            placements.append(
                Placement(character=name, side=side, eyeline=partner, facing="away", foreground=True)
            )
            continue
        if partner and side in TOWARD and rng.random() < 0.75:
            facing = TOWARD[side]
        else:
            facing = ("left", "right", "camera", "away")[int(rng.choice(4, p=[0.3, 0.3, 0.3, 0.1]))]
        pose = str(_pick(rng, POSES)[0]) if coverage != "over_the_shoulder" else "stand"
        placements.append(
            Placement(
                character=name, side=side, eyeline=partner, facing=facing, pose=pose, **_motion(side, rng)
            )
        )
    return placements


def _motion(side: str, rng: np.random.Generator) -> dict[str, Any]:
    """Mostly still; sometimes a walk across the figure's side, an entrance or an exit."""
    roll = rng.random()
    home = {"left": 0.25, "center": 0.5, "right": 0.75}[side]
    if roll < 0.8:
        return {}
    if roll < 0.9:
        return {"motion": "walk", "start_x": home - 0.1, "end_x": home + 0.1}
    if roll < 0.95:
        return {"motion": "enter", "start_x": -0.2 if home < 0.5 else 1.2, "end_x": home}
    return {"motion": "exit", "start_x": home, "end_x": -0.2 if home < 0.5 else 1.2}


def _props(rng: np.random.Generator) -> list[dict[str, Any]]:
    count = int(rng.choice(4, p=[0.4, 0.3, 0.2, 0.1]))
    return [
        {
            "name": f"prop {i}",
            "shape": PROP_SHAPES[int(rng.integers(len(PROP_SHAPES)))],
            "x": round(float(rng.uniform(-1, 1)), 2),
            "depth": round(float(rng.uniform(-1, 4)), 2),
        }
        for i in range(count)
    ]


def shot_job(spec: ShotSpec) -> ShotJob:
    """The render job for a planned clip."""
    width, height = spec.size
    subjects = [c["name"] for c in spec.characters]
    shot = Shot(
        id=f"f{spec.index}",
        scene=0,
        duration_s=spec.duration_s,
        description=f"{spec.coverage} of {', '.join(subjects) or 'the set'}",
        kind=KIND[spec.coverage],  # type: ignore[arg-type]
        camera=CameraSpec(
            framing=spec.framing,  # type: ignore[arg-type]
            angle=spec.angle,  # type: ignore[arg-type]
            movements=list(spec.movements),  # type: ignore[arg-type]
            lens_mm=spec.lens_mm,
            speed=spec.speed,
        ),
        subjects=subjects,
        blocking=[Placement.model_validate(p) for p in spec.blocking],
    )
    location = LocationSheet.model_validate(spec.location)
    return ShotJob(
        shot=shot,
        scene_heading=f"{spec.location['int_ext']}. {location.name} - {spec.location['times_of_day'][0]}",
        location=location,
        characters=tuple(CharacterSheet.model_validate(c) for c in spec.characters),
        style=Style(
            resolution={"width": width, "height": height}, aspect_ratio=f"{width}:{height}", fps=spec.fps
        ),
        fps=spec.fps,
        seed=spec.seed,
        props=tuple(Prop.model_validate(p) for p in spec.props),
    )


class DrawsAndKnows(Draws, Protocol):
    """What the set is drawn with: CameraCLIP's set needs a renderer's draft stage, its name and
    version; this one its truth as well (storyreel.render.base.Renderer is one)."""

    def truth(self, job: ShotJob, frame: int, width: int, height: int) -> FrameTruth | None: ...


@dataclass(frozen=True)
class BuildResult:
    folder: Path
    clips: int
    frames: int
    rendered: int  # drawn by this run
    reused: int  # already there from an earlier (possibly killed) run


def build_dataset(
    folder: str | Path,
    renderer: DrawsAndKnows,
    *,
    count: int = 3000,
    seed: int = 0,
    size: tuple[int, int] = (256, 144),
    fps: int = 4,
    on_progress: Progress | None = None,
) -> BuildResult:
    """Draw the planned clips into `folder` with `renderer` (skipping those already there), ask
    it what each sampled frame holds, then write the manifest. Safe to kill and run again."""
    # 1. Check inputs
    folder = Path(folder)
    check_format(*size, fps)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: exists and is not a folder")
    specs = plan_shots(count, seed, size=size, fps=fps)
    if not specs:
        raise InputError("nothing to build: count is 0")
    # 2. Render what is missing, and ask the renderer what it drew
    progress = on_progress or (lambda event: None)
    progress({"stage": "render", "total": len(specs), "done": 0})
    rendered = reused = 0
    entries = []
    for done, spec in enumerate(specs, start=1):
        job, out = shot_job(spec), folder / spec.relative_path
        if out.is_file() and out.stat().st_size > 0:
            reused += 1
        else:
            renderer.draft(job, [], out)
            rendered += 1
        truths = [renderer.truth(job, frame, *spec.size) for frame in spec.frames]
        if any(t is None for t in truths):
            raise InputError(f"renderer {renderer.name!r} cannot say what it drew: it has no truth()")
        entries.append(_entry(spec, [t for t in truths if t is not None]))
        progress({"stage": "render", "done": done, "label": spec.relative_path})
    # 3. The manifest, last: its presence means the set is whole
    params = SetParams(
        count=count, seed=seed, size=size, fps=fps, renderer=f"{renderer.name}/{renderer.version}"
    )
    manifest = FigureSet(params=params, clips=entries)
    atomic_write(folder / MANIFEST, (manifest.to_json(indent=1) + "\n").encode())
    return BuildResult(folder, len(specs), sum(len(e.truth) for e in entries), rendered, reused)


def _entry(spec: ShotSpec, truths: list[FrameTruth]) -> SetClip:
    return SetClip(
        clip=spec.relative_path,
        coverage=spec.coverage,
        framing=spec.framing,  # type: ignore[arg-type]
        angle=spec.angle,  # type: ignore[arg-type]
        movements=list(spec.movements),  # type: ignore[arg-type]
        truth=truths,
    )


# -- reading ---------------------------------------------------------------------------------


def load_manifest(folder: str | Path) -> FigureSet:
    """The set's manifest; InputError (one line) when it is missing or malformed."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise InputError(f"{path}: no manifest (build the set with `storyreel figures build`)")
    return load_document(path, FigureSet)


def iter_frames(
    folder: str | Path, entries: Sequence[dict[str, Any]]
) -> Iterator[tuple[np.ndarray, FrameTruth]]:
    """Each sampled frame of each clip, decoded from its draft, with its truth, in order."""
    from storyreel.tools.adherence import frames_at

    folder = Path(folder)
    for entry in entries:
        path = folder / entry.clip
        if not path.is_file():
            raise InputError(f"{path}: listed in the manifest but missing (run the build again)")
        frames = frames_at(path, [t.frame for t in entry.truth])
        for truth in entry.truth:
            yield frames[truth.frame][1], truth


def load_frames(
    folder: str | Path, entries: Sequence[SetClip], on_progress: Progress | None = None
) -> tuple[list[np.ndarray], list[FrameTruth]]:
    """Every sampled frame and its truth (frames are small: the set fits in memory).

    The decoded frames are kept in folder/.cache/ under a hash of the clips, so training again
    on the same set skips decoding (a clip's file name already hashes everything that drew it)."""
    progress = on_progress or (lambda event: None)
    truths = [truth for entry in entries for truth in entry.truth]
    key = hashlib.sha256(json.dumps([e.clip for e in entries]).encode()).hexdigest()[:16]
    cache = Path(folder) / ".cache" / f"frames-{key}.npy"
    if cache.is_file():
        try:
            return list(np.load(cache)), truths
        except (OSError, ValueError):
            pass  # a damaged cache is rebuilt below
    progress({"stage": "frames", "total": len(entries), "done": 0})
    images = [image for image, _ in iter_frames(folder, entries)]
    progress({"stage": "frames", "done": len(entries)})
    try:
        buffer = io.BytesIO()
        np.save(buffer, np.stack(images))
        atomic_write(cache, buffer.getvalue())
    except (InputError, ValueError):
        pass  # a read-only set, or frames of several sizes: it still trains, without the cache
    return images, truths
