"""Character consistency: does each character in a shot look like their reference?

Every shot of a character is compared with one fixed reference, never with another shot: shots
render in parallel, so "the previous shot" is not defined, and two shots that each match the
reference also match each other. The reference is the character's first bible reference image
when there is one, otherwise the sheet's figure card (identity colour, hair, build;
storyreel/media/figure.py, the card the animatic stands in its sets), without its name tag.

    sheet ──reference image, or the sheet's figure (cropped to what the framing shows)──┐
            -> palette: its dominant hue/saturation colours and their shares             │
    video ──frames at the keyframes (or 3 spread)──> the character's screen side ──┐     │
                                                                                   ├─────┴─> presence
    shot.camera.framing ──> how much of that region the character should cover ────┘
        -> per character: sum over palette colours of share x min(1, found / expected)
        -> score: mean over the shot's characters (None without any)

Why colour statistics and not a learned embedding: they need no weights, so the measure runs
offline in the base install; and at previs distance what makes a character recognisable is
their wardrobe and identity colour, which survive changes of pose, scale and angle that move
every pixel. An image embedding (CLIP/DINO of a crop around the figure) is the upgrade where
weights are present: it would also see faces and shapes, and would not be fooled by a set that
happens to share a character's colours, which this measure is.

Robust to framing by construction: a histogram of the region compared with the reference's
would be dominated by the background in a long shot and by the figure in a close-up. Instead
each dominant reference colour is looked for (back-projected) in the region and only has to
cover its share of the area the plan's framing promises (a close-up's figure fills the frame,
a long shot's is a small part of it), with slack; colours of the set or of other characters
that are not the reference's do not count at all. Hue and saturation ignore brightness, so the
light of a scene (night, interiors) does not change a character; greys and white, which have no
reliable hue, get bins of their own by brightness; black is never looked for, being what
shadows and night are made of.

Not judged (left out of `per_character`, named in `skipped`): a character without a sheet, one
whose framing shows none of its colours (an extreme close-up of a black-haired character whose
wardrobe is out of frame), and one too small in the draft to be more than a few blurred pixels.
A character's score is the mean over the better half of the frames looked at, so walking or
being panned out of frame for part of a shot is not looking different.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from storyreel.errors import InputError
from storyreel.media.figure import TAG_SPACE, figure_texture, screen_sides
from storyreel.media.images import open_image
from storyreel.media.paint import rgb
from storyreel.media.video import video_header
from storyreel.models.bible import CharacterSheet
from storyreel.models.plan import Shot
from storyreel.reading import require_regular

# -- colour bins -----------------------------------------------------------------------------
# OpenCV's 8-bit HSV: hue 0..179 (2 degrees a step), saturation and value 0..255.
HUE_BINS = 30  # 12 degrees each
SAT_EDGES = (50, 110, 180)  # chromatic from 50 (about 0.2): three saturation bands
VALUE_MIN = 40  # darker than this has no reliable hue: "black"
GREY_EDGES = (40, 110, 190)  # neutral bins by brightness: black, dark grey, light grey, white
CHROMATIC = HUE_BINS * len(SAT_EDGES)
BLACK = CHROMATIC  # the first neutral bin; never part of a palette
BINS = CHROMATIC + len(GREY_EDGES) + 1
# A reference colour is found in its own bin and the hue bins either side (compression and
# shading shift hue by a few degrees).
HUE_TOLERANCE = 1

# -- the reference palette -------------------------------------------------------------------
PALETTE_MIN_SHARE = 0.02  # colours covering less of the reference than this are detail
PALETTE_COVER = 0.95  # keep dominant colours until they cover this much of the reference
SHEET_MIN_SHARE = 0.005  # the sheet's few exact colours: all but stray pixels
REFERENCE_PX_PER_M = 80  # the sheet's figure is painted at this scale (about 160 rows)
# The part of a standing figure each framing shows, from the top of the head, as a fraction of
# its height (close-up: head and shoulders; medium: waist up).
VISIBLE_FROM_TOP = {
    "extreme_close_up": 0.16,
    "close_up": 0.33,
    "medium": 0.6,
    "full": 1.0,
    "long": 1.0,
    "extreme_long": 1.0,
}
SHEET_COLOUR_TOLERANCE = 3  # per channel, 0..255: the figure's flat fills, not its blended edges
REFERENCE_IMAGE_CENTRE = 0.6  # a reference image without alpha: its central part of the width
BORDER_BAND = 0.05  # ... less its backdrop: colours covering BACKDROP_SHARE of a border this wide
BACKDROP_SHARE = 0.1

# -- the region and what it should hold ------------------------------------------------------
# Screen sides as fractions of the frame width, overlapping: a figure blocked left stands near a
# quarter of the width, but a renderer may place it anywhere on that side.
SIDE_SPAN = {"left": (0.0, 0.6), "center": (0.2, 0.8), "right": (0.4, 1.0)}
# Area the character covers, in units of frame height squared, per framing: a full shot's figure
# is 0.8 of the frame high and about a fifth of that wide, a long shot's a third as high.
EXPECTED_AREA = {
    "extreme_close_up": 0.6,
    "close_up": 0.4,
    "medium": 0.3,
    "full": 0.1,
    "long": 0.015,
    "extreme_long": 0.0012,
}
SLACK = 0.35  # a colour found over a third of its expected area counts fully
MIN_FIGURE_PX = 40  # fewer expected pixels of the character's colours: too small to judge
SAMPLES = 3  # frames looked at when the shot has no keyframes


@dataclass
class Palette:
    """Dominant colours (bin indices) and their shares of the reference (summing to 1)."""

    bins: np.ndarray
    shares: np.ndarray
    coverage: float = 1.0  # the part of the character's area these colours cover

    def __len__(self) -> int:
        return len(self.bins)


@dataclass
class Consistency:
    """How alike a shot's characters look to their references."""

    score: float | None  # in [0, 1], mean over the shot's characters; None when none is in frame
    per_character: dict[str, float] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)  # subjects not judged, and why


def character_consistency(
    video: Path, shot: Shot, characters: Sequence[CharacterSheet], project_dir: Path | None = None
) -> Consistency:
    """Score each of the shot's subjects that has a sheet in `characters` against its reference."""
    from storyreel.tools.adherence import frames_at

    # 1. Check inputs, and build each character's palette from its fixed reference
    video = Path(video)
    require_regular(video, "video")
    sheets = {sheet.name: sheet for sheet in characters}
    sides = dict(screen_sides(shot))  # where the figure stands (storyreel/media/figure.py)
    framing = shot.camera.framing
    skipped = {name: "no character sheet" for name in sides if name not in sheets}
    palettes = {}
    for name in sides:
        if name in sheets:
            palette = reference_palette(sheets[name], framing, project_dir)
            if len(palette):
                palettes[name] = palette
            else:
                skipped[name] = f"the {framing} framing shows none of its colours"
    if not palettes:
        return Consistency(score=None, per_character={}, skipped=skipped)
    # 2. The frames to look at: the keyframes', or a few spread over the shot (past the clip's
    # end: its last frame)
    frames = [frame for _, frame in frames_at(video, sample_frames(shot, video)).values()]
    height, width = frames[0].shape[:2]
    # 3. A character is judged where its colours should cover enough pixels to be seen at all:
    # an extreme long shot in a small draft is a few pixels, blurred by chroma subsampling.
    expected = EXPECTED_AREA[framing] * height * height
    for name, palette in list(palettes.items()):
        if expected * palette.coverage < MIN_FIGURE_PX:
            skipped[name] = f"too small to judge in the {framing} framing at {width}x{height}"
            del palettes[name]
    if not palettes:
        return Consistency(score=None, per_character={}, skipped=skipped)
    # 4. Each character: presence of its palette in its side of each frame, averaged over the
    # better half of the frames. A character may walk or be panned out of frame for part of a
    # shot, which is not looking different; a renderer that loses their look in most frames
    # still scores low.
    per_character = {}
    for name, palette in palettes.items():
        lo, hi = SIDE_SPAN[sides[name]]
        columns = slice(int(lo * width), max(int(lo * width) + 1, int(round(hi * width))))
        scores = sorted(presence(palette, frame[:, columns], expected) for frame in frames)
        per_character[name] = float(np.mean(scores[len(scores) // 2 :]))
    score = float(np.mean(list(per_character.values())))
    return Consistency(score=score, per_character=per_character, skipped=skipped)


# -- steps -----------------------------------------------------------------------------------


def sample_frames(shot: Shot, video: Path) -> list[int]:
    """The keyframes' indices, or SAMPLES indices spread over the shot at the clip's frame rate."""
    if shot.keyframes:
        return [k.frame for k in shot.keyframes]
    _, _, fps = video_header(video)
    last = shot.frame_count(round(fps) or 24) - 1
    return sorted({int(round(x)) for x in np.linspace(0, last, SAMPLES)})


def presence(palette: Palette, region: np.ndarray, expected_px: float) -> float:
    """Sum over the palette of share x min(1, pixels of that colour / (SLACK x share x expected))."""
    counts = np.bincount(colour_bins(region).ravel(), minlength=BINS).astype(np.float64)
    found = _tolerant(counts)[palette.bins]
    area = min(expected_px, region.shape[0] * region.shape[1]) * palette.coverage
    needed = SLACK * palette.shares * area
    return float(np.sum(palette.shares * np.minimum(1.0, found / needed)))


def reference_palette(sheet: CharacterSheet, framing: str, project_dir: Path | None = None) -> Palette:
    """The palette of the sheet's first reference image, or of the figure its identity paints."""
    if sheet.reference_images:
        path = Path(sheet.reference_images[0]).expanduser()
        if not path.is_absolute() and project_dir is not None:
            path = Path(project_dir) / path
        return palette_of(*load_reference(path, sheet.name))
    # The sheet's own colours are exact and few: keep every one of them the framing shows.
    rgb, character, painted = sheet_figure(sheet, VISIBLE_FROM_TOP[framing])
    palette = palette_of(rgb, painted, min_share=SHEET_MIN_SHARE, cover=1.0)
    palette.coverage = float(painted.sum()) / max(1, int(character.sum()))
    return palette


def sheet_figure(sheet: CharacterSheet, visible: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The sheet's figure card (RGB) from the top of the head down to the `visible`
    fraction of its height, the mask of the figure, and the mask of the pixels painted in the
    colours the sheet defines (identity colour, its shaded legs, hair colour): skin, eyes and
    the name tag are the same for everyone, so they say nothing about who this is."""
    card = figure_texture(sheet, REFERENCE_PX_PER_M)  # premultiplied RGBA, tag on top
    rows = card.shape[0]
    head = rows - int(rows / (1 + TAG_SPACE))  # the figure is the bottom 1 / (1 + TAG_SPACE)
    bottom = head + max(1, int((rows - head) * visible))
    figure = np.ascontiguousarray(card[head:bottom, :, :3])
    opaque = card[head:bottom, :, 3] == 255  # premultiplied edges are darkened: left out
    mask = shades_of(figure, rgb(sheet.identity.colour))  # torso, arms and the darker legs
    if sheet.identity.hair_colour:
        mask |= shades_of(figure, rgb(sheet.identity.hair_colour), darkest=1.0)
    return figure, opaque, mask & opaque


def shades_of(image: np.ndarray, colour: tuple[int, int, int], darkest: float = 0.3) -> np.ndarray:
    """Pixels that are `colour` scaled by a factor in [darkest, 1] (how the figure card shades a
    colour), within SHEET_COLOUR_TOLERANCE per channel."""
    c = np.array(colour, np.float64)
    pixels = image.astype(np.float64)
    k = np.clip((pixels @ c) / max(1.0, float(c @ c)), darkest, 1.0)
    return np.abs(pixels - k[..., None] * c).max(axis=2) <= SHEET_COLOUR_TOLERANCE


def load_reference(path: Path, name: str) -> tuple[np.ndarray, np.ndarray]:
    """A reference image and the pixels that are the character: the opaque ones of a cut-out
    (alpha), else `character_mask`'s guess."""
    try:  # checked as every keyframe is: a regular file, its size by the header, then decoded
        with open_image(path, f"reference image of {name}") as image:
            rgba = np.asarray(image.convert("RGBA"))
    except (OSError, SyntaxError, ValueError) as error:
        raise InputError(
            f"{path}: reference image of {name} is not readable ({type(error).__name__})"
        ) from None
    rgb = np.ascontiguousarray(rgba[..., :3])
    mask = rgba[..., 3] >= 128
    if mask.all():
        mask = character_mask(rgb)
    if not mask.any():
        raise InputError(f"{path}: reference image of {name} is fully transparent")
    return rgb, mask


def character_mask(rgb: np.ndarray) -> np.ndarray:
    """Where the character is in a picture without alpha: the central part of its width (the
    subject of a reference picture stands in the middle), less the colours its border is mostly
    made of (the backdrop: a white sheet, a wall, the sky). A character wearing the backdrop's
    colour loses it; a cut-out with alpha avoids the guess."""
    height, width = rgb.shape[:2]
    margin = int(width * (1 - REFERENCE_IMAGE_CENTRE) / 2)
    centre = np.zeros((height, width), bool)
    centre[:, margin : width - margin] = True
    bins = colour_bins(rgb)
    band = max(1, int(min(height, width) * BORDER_BAND))
    border = np.concatenate(
        [bins[:band].ravel(), bins[-band:].ravel(), bins[:, :band].ravel(), bins[:, -band:].ravel()]
    )
    counts = np.bincount(border, minlength=BINS)
    backdrop = np.flatnonzero(counts >= BACKDROP_SHARE * border.size)
    mask = centre & ~np.isin(bins, backdrop)
    return mask if mask.any() else centre


def palette_of(
    rgb: np.ndarray,
    mask: np.ndarray | None = None,
    min_share: float = PALETTE_MIN_SHARE,
    cover: float = PALETTE_COVER,
) -> Palette:
    """The dominant colours of `rgb` (where `mask`), black aside: largest first, each at least
    `min_share`, until they cover `cover`; `coverage` is the part of the masked pixels they
    cover, and their shares are renormalised to sum to 1."""
    bins = colour_bins(rgb)
    bins = bins[mask] if mask is not None else bins.ravel()
    counts = np.bincount(bins, minlength=BINS).astype(np.float64)
    shares = counts / max(1.0, counts.sum())
    shares[BLACK] = 0.0  # no colour: what shadows and night are made of
    order = np.argsort(-shares, kind="stable")
    keep = []
    covered = 0.0
    for b in order:
        if shares[b] < min_share or covered >= cover:
            break
        keep.append(b)
        covered += shares[b]
    kept = np.array(keep, dtype=np.int64)
    if not keep:
        return Palette(bins=kept, shares=np.zeros(0), coverage=0.0)
    return Palette(bins=kept, shares=shares[kept] / covered, coverage=covered)


def colour_bins(rgb: np.ndarray) -> np.ndarray:
    """Bin index per pixel: hue x saturation band for colours, brightness band for neutrals."""
    hsv = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2HSV)
    h = hsv[..., 0].astype(np.int64)
    s = hsv[..., 1]
    v = hsv[..., 2]
    hue = h * HUE_BINS // 180
    sat = np.searchsorted(np.array(SAT_EDGES), s, side="right") - 1  # -1: neutral
    grey = np.searchsorted(np.array(GREY_EDGES), v, side="right")  # 0: black .. 3: white
    chromatic = (sat >= 0) & (v >= VALUE_MIN)
    return np.where(chromatic, hue * len(SAT_EDGES) + np.maximum(sat, 0), CHROMATIC + grey)


def _tolerant(counts: np.ndarray) -> np.ndarray:
    """Counts of each bin plus its neighbours in hue (same saturation band), hue being circular."""
    chroma = counts[:CHROMATIC].reshape(HUE_BINS, len(SAT_EDGES))
    spread = sum(np.roll(chroma, k, axis=0) for k in range(-HUE_TOLERANCE, HUE_TOLERANCE + 1))
    return np.concatenate([spread.ravel(), counts[CHROMATIC:]])
