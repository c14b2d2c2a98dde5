"""A CameraCLIP data set drawn by the animatic: every class, randomised sets, natural captions.

    plan_clips(per_class, compound, seed)  -> ClipSpec per clip, a pure function of its arguments
    build_dataset(folder, renderer, ...)   -> the clips drawn by `renderer` (skipping those already
                                              there) and manifest.json, written last
    load_manifest(folder)                  -> the manifest, checked
    load_frames(folder, entries, size)     -> the 8 sampled frames of every clip, at model size

The layout follows Cinematic2K's classes: one folder per family and class, each clip filed
under the class it was drawn for (its other two families are random), plus compound moves:

    folder/manifest.json
    folder/framing/close_up/00012-1a2b3c4d.mp4
    folder/angle/low/...
    folder/movement/dolly_in/...
    folder/movement/compound/...

A clip's file name ends in the hash of everything that draws it, and clips are written through
the atomic VideoWriter, so a killed build resumes where it stopped and a changed setting never
reuses a stale clip. Randomised per clip: the set (name, interior or exterior, time of day,
palette), one or two characters (identity colour, build, height, hair), lens, speed, duration
and pacing, within ranges where the move stays visible.

The renderer is handed in: the CLI builds the animatic through the renderer registry with
DRAWN_WITH, so the critic's tools import no renderer (and a set could be drawn by another).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from storyreel.errors import InputError
from storyreel.media.video import check_format
from storyreel.models.bible import CharacterSheet, LocationSheet, Style
from storyreel.models.camera import ANGLES, BASE_MOVEMENTS, EXTENDED_MOVEMENTS, FRAMINGS
from storyreel.models.job import ShotJob
from storyreel.models.plan import PACINGS, CameraSpec, Placement, Shot
from storyreel.tools.cameraclip.captions import Labels, combined_caption, training_caption

SCHEMA = "CameraClipSet.1"
MANIFEST = "manifest.json"
# The animatic's settings a set is drawn with: drafts at the clip's full size, no text burned in.
DRAWN_WITH: dict[str, Any] = {"draft_scale": 1.0, "subtitles": False, "preset": "veryfast"}
# Compound moves as the paper shows them (zoom in + tilt up, ...): two moves on different axes.
COMPOUND_MOVES: tuple[tuple[str, str], ...] = (
    ("zoom_in", "tilt_up"),
    ("zoom_out", "pan_right"),
    ("dolly_in", "pan_left"),
    ("dolly_out", "tilt_down"),
    ("pan_left", "tilt_up"),
    ("pan_right", "tilt_down"),
)
SETS: tuple[tuple[str, str, str], ...] = (
    ("PARK", "EXT", "a city park with trees and lamps"),
    ("STREET", "EXT", "a street of brick buildings"),
    ("BEACH", "EXT", "a wide beach under an open sky"),
    ("ROOFTOP", "EXT", "a rooftop over the city"),
    ("FOREST", "EXT", "a clearing in a forest"),
    ("PLATFORM", "EXT", "a railway platform"),
    ("OFFICE", "INT", "an open-plan office"),
    ("KITCHEN", "INT", "a small kitchen"),
    ("WAREHOUSE", "INT", "a bare warehouse"),
    ("LIBRARY", "INT", "a library with tall shelves"),
    ("DINER", "INT", "a roadside diner"),
    ("GARAGE", "INT", "a cluttered garage"),
)
TIMES = ("DAY", "DAY", "DAY", "NIGHT", "DUSK", "DAWN")
NAMES = ("ANA", "BEN", "CLEO", "DEV", "EMIL", "FAYE", "GUS", "HANA", "IVO", "JUNE")
BUILDS = ("slim", "average", "athletic", "heavy")


@dataclass(frozen=True)
class ClipSpec:
    """One planned clip: its labels and everything the animatic needs to draw it."""

    index: int
    family: str  # the folder family: framing, angle or movement
    class_id: str  # the folder class, or "compound"
    framing: str
    angle: str
    movements: tuple[str, ...]
    lens_mm: float
    speed: float
    duration_s: float
    pacing: str
    seed: int
    location: dict[str, Any]
    characters: tuple[dict[str, Any], ...]
    caption: str
    fps: int
    size: tuple[int, int]

    @property
    def labels(self) -> Labels:
        return Labels(self.framing, self.angle, self.movements)

    @property
    def frames(self) -> int:
        return max(1, int(np.floor(self.duration_s * self.fps + 0.5)))

    @property
    def relative_path(self) -> str:
        # The key hashes what draws the clip; the caption does not (rewording reuses the clip).
        drawn = {k: v for k, v in asdict(self).items() if k != "caption"}
        key = hashlib.sha256(json.dumps(drawn, sort_keys=True).encode()).hexdigest()[:8]
        return f"{self.family}/{self.class_id}/{self.index:05d}-{key}.mp4"

    def manifest_entry(self) -> dict[str, Any]:
        return {
            "clip": self.relative_path,
            "family": self.family,
            "class": self.class_id,
            "framing": self.framing,
            "angle": self.angle,
            "movements": list(self.movements),
            "caption": self.caption,
            "camera_caption": combined_caption(self.framing, self.angle, self.movements),
            "seed": self.seed,
            "frames": self.frames,
            "fps": self.fps,
            "duration_s": self.duration_s,
            "lens_mm": self.lens_mm,
            "speed": self.speed,
            "pacing": self.pacing,
            "location": self.location["name"],
            "time": self.location["times_of_day"][0],
            "subjects": [c["name"] for c in self.characters],
        }


# -- planning --------------------------------------------------------------------------------


def plan_clips(
    per_class: int,
    compound: int,
    seed: int,
    *,
    size: tuple[int, int] = (128, 72),
    fps: int = 12,
    extended: bool = False,
) -> list[ClipSpec]:
    """`per_class` clips for every class (20, or 29 with the extended moves) and `compound`
    clips of compound moves; a pure function of the arguments."""
    if per_class < 0 or compound < 0:
        raise InputError(f"per_class {per_class}, compound {compound}: counts cannot be negative")
    moves = BASE_MOVEMENTS + (EXTENDED_MOVEMENTS if extended else ())
    targets = (
        [("framing", c) for c in FRAMINGS] + [("angle", c) for c in ANGLES] + [("movement", c) for c in moves]
    )
    plan = [(family, c) for _ in range(per_class) for family, c in targets]
    plan += [("movement", "compound")] * compound
    specs = []
    for index, (family, class_id) in enumerate(plan):
        rng = np.random.default_rng([seed, index])
        specs.append(_draw(index, family, class_id, rng, moves, compound_index=index, size=size, fps=fps))
    return specs


def _draw(
    index: int,
    family: str,
    class_id: str,
    rng: np.random.Generator,
    moves: Sequence[str],
    *,
    compound_index: int,
    size: tuple[int, int],
    fps: int,
) -> ClipSpec:
    framing = class_id if family == "framing" else FRAMINGS[int(rng.integers(len(FRAMINGS)))]
    angle = class_id if family == "angle" else ANGLES[int(rng.integers(len(ANGLES)))]
    if class_id == "compound":
        movements = COMPOUND_MOVES[compound_index % len(COMPOUND_MOVES)]
    elif family == "movement":
        movements = (class_id,)
    elif rng.random() < 0.15:
        movements = COMPOUND_MOVES[int(rng.integers(len(COMPOUND_MOVES)))]
    else:
        movements = (moves[int(rng.integers(len(moves)))],)
    name, int_ext, description = SETS[int(rng.integers(len(SETS)))]
    location = {
        "name": name,
        "int_ext": int_ext,
        "times_of_day": [TIMES[int(rng.integers(len(TIMES)))]],
        "description": description,
        "palette": [_colour(rng, 40, 220) for _ in range(int(rng.integers(2, 6)))],
    }
    count = 1 if rng.random() < 0.7 else 2
    names = rng.choice(NAMES, size=count, replace=False).tolist()
    characters = tuple(
        {
            "name": n,
            "identity": {
                "colour": _colour(rng, 30, 240),
                "build": BUILDS[int(rng.integers(len(BUILDS)))],
                "height_m": round(float(rng.uniform(1.55, 1.95)), 2),
                "hair_colour": _colour(rng, 10, 120),
            },
        }
        for n in names
    )
    labels = Labels(framing, angle, tuple(movements))
    caption, _ = training_caption(labels, rng, full=True)
    return ClipSpec(
        index=index,
        family=family,
        class_id=class_id,
        framing=framing,
        angle=angle,
        movements=tuple(movements),
        lens_mm=round(float(np.exp(rng.uniform(np.log(24), np.log(85)))), 1),
        speed=round(float(rng.uniform(0.45, 1.0)), 3),
        duration_s=round(float(rng.uniform(1.5, 3.0)), 2),
        pacing=PACINGS[int(rng.integers(len(PACINGS)))],
        seed=int(rng.integers(0, 2**31 - 1)),
        location=location,
        characters=characters,
        caption=caption,
        fps=fps,
        size=size,
    )


def _colour(rng: np.random.Generator, low: int, high: int) -> str:
    return "#{:02X}{:02X}{:02X}".format(*(int(v) for v in rng.integers(low, high, 3)))


# -- rendering -------------------------------------------------------------------------------


def shot_job(spec: ClipSpec) -> ShotJob:
    """The render job that draws a clip."""
    width, height = spec.size
    subjects = [c["name"] for c in spec.characters]
    sides = ["center"] if len(subjects) == 1 else ["left", "right"]
    shot = Shot(
        id=f"c{spec.index}",
        scene=0,
        duration_s=spec.duration_s,
        description=spec.caption,
        camera=CameraSpec(
            framing=spec.framing,
            angle=spec.angle,
            movements=list(spec.movements),
            lens_mm=spec.lens_mm,
            speed=spec.speed,
        ),
        subjects=subjects,
        blocking=[Placement(character=n, side=s) for n, s in zip(subjects, sides, strict=True)],
        pacing=spec.pacing,
    )
    location = LocationSheet.model_validate(spec.location)
    time = spec.location["times_of_day"][0]
    return ShotJob(
        shot=shot,
        scene_heading=f"{spec.location['int_ext']}. {location.name} - {time}",
        location=location,
        characters=tuple(CharacterSheet.model_validate(c) for c in spec.characters),
        style=Style(
            resolution={"width": width, "height": height}, aspect_ratio=f"{width}:{height}", fps=spec.fps
        ),
        fps=spec.fps,
        seed=spec.seed,
    )


Progress = Callable[[dict[str, Any]], None]


class Draws(Protocol):
    """What the set is drawn with: a renderer's draft stage, and its name and version for the
    manifest (storyreel.render.base.Renderer is one)."""

    name: str
    version: str

    def draft(self, job: ShotJob, keyframes: list[Path], out: Path) -> Path: ...


@dataclass(frozen=True)
class BuildResult:
    folder: Path
    clips: int
    rendered: int  # drawn by this run
    reused: int  # already there from an earlier (possibly killed) run


def build_dataset(
    folder: str | Path,
    renderer: Draws,
    *,
    per_class: int = 20,
    compound: int = 24,
    seed: int = 0,
    size: tuple[int, int] = (128, 72),
    fps: int = 12,
    extended: bool = False,
    on_progress: Progress | None = None,
) -> BuildResult:
    """Draw the planned clips into `folder` with `renderer`'s draft stage (skipping those already
    there), then write the manifest. Safe to kill and run again with the same arguments."""
    from storyreel.project import atomic_write

    # 1. Check inputs
    folder = Path(folder)
    check_format(*size, fps)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: exists and is not a folder")
    specs = plan_clips(per_class, compound, seed, size=size, fps=fps, extended=extended)
    if not specs:
        raise InputError("nothing to build: per_class and compound are both 0")
    # 2. Render what is missing
    progress = on_progress or (lambda event: None)
    progress({"stage": "render", "total": len(specs), "done": 0})
    rendered = reused = 0
    for done, spec in enumerate(specs, start=1):
        out = folder / spec.relative_path
        if out.is_file() and out.stat().st_size > 0:
            reused += 1
        else:
            renderer.draft(shot_job(spec), [], out)
            rendered += 1
        progress({"stage": "render", "done": done, "label": spec.relative_path})
    # 3. The manifest, last: its presence means the set is whole
    manifest = {
        "schema_version": SCHEMA,
        "params": {
            "per_class": per_class,
            "compound": compound,
            "seed": seed,
            "size": list(size),
            "fps": fps,
            "extended": extended,
            "renderer": f"{renderer.name}/{renderer.version}",
        },
        "clips": [spec.manifest_entry() for spec in specs],
    }
    atomic_write(folder / MANIFEST, (json.dumps(manifest, indent=1) + "\n").encode())
    return BuildResult(folder, len(specs), rendered, reused)


# -- reading ---------------------------------------------------------------------------------


def load_manifest(folder: str | Path) -> dict[str, Any]:
    """The set's manifest; InputError (one line) when it is missing or malformed."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise InputError(f"{path}: no manifest (build the set with `storyreel cameraclip build`)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"{path}: unreadable manifest ({error.__class__.__name__})") from None
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA:
        raise InputError(f"{path}: not a CameraCLIP set manifest (expected schema_version {SCHEMA!r})")
    for i, entry in enumerate(data.get("clips") or []):
        missing = {"clip", "framing", "angle", "movements"} - set(entry)
        if missing:
            raise InputError(f"{path}: clips[{i}] lacks {', '.join(sorted(missing))}")
    if not data.get("clips"):
        raise InputError(f"{path}: the set has no clips")
    return data


def entry_labels(entry: dict[str, Any]) -> Labels:
    return Labels(entry["framing"], entry["angle"], tuple(entry["movements"]))


def iter_clip_frames(
    folder: str | Path, entries: Sequence[dict[str, Any]], size: tuple[int, int]
) -> Iterator[np.ndarray]:
    """Each clip's 8 sampled frames fitted to `size`, (8, h, w, 3) uint8, in order. Decoding is
    ffmpeg's work in its own processes, so a few clips are read at once."""
    from concurrent.futures import ThreadPoolExecutor

    from storyreel.tools.cameraclip.model import FRAMES, fit_frames, sample_frames

    folder = Path(folder)

    def read(entry: dict[str, Any]) -> np.ndarray:
        path = folder / entry["clip"]
        if not path.is_file():
            raise InputError(f"{path}: listed in the manifest but missing (run the build again)")
        return fit_frames(sample_frames(path, FRAMES, entry.get("frames")), size)

    with ThreadPoolExecutor(max_workers=4) as pool:
        yield from pool.map(read, entries)


def load_frames(
    folder: str | Path,
    entries: Sequence[dict[str, Any]],
    size: tuple[int, int],
    on_progress: Progress | None = None,
) -> np.ndarray:
    """All clips' sampled frames, (clips, 8, h, w, 3) uint8: small enough to hold for training.

    Kept in folder/.cache/ under a hash of the clips and the size, so training again on the
    same set skips decoding (a clip's file name already hashes everything that drew it)."""
    progress = on_progress or (lambda event: None)
    key = hashlib.sha256(json.dumps([[e["clip"] for e in entries], list(size)]).encode()).hexdigest()[:16]
    cache = Path(folder) / ".cache" / f"frames-{size[0]}x{size[1]}-{key}.npy"
    if cache.is_file():
        try:
            return np.load(cache)
        except (OSError, ValueError):
            pass  # a damaged cache is rebuilt below
    progress({"stage": "frames", "total": len(entries), "done": 0})
    out = []
    for done, frames in enumerate(iter_clip_frames(folder, entries, size), start=1):
        out.append(frames)
        if done % 25 == 0 or done == len(entries):
            progress({"stage": "frames", "done": done})
    stacked = np.stack(out)
    try:
        cache.parent.mkdir(exist_ok=True)
        tmp = cache.with_name(f".tmp-{cache.name}")
        with tmp.open("wb") as handle:
            np.save(handle, stacked)
        tmp.replace(cache)
    except OSError:
        pass  # a read-only set still trains, just without the cache
    return stacked
