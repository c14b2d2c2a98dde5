"""A character sheet drawn as a flat figure card: the one picture of a character the sheet alone
makes, the same in every shot.

A figure is drawn from the character's identity alone (colour, build, height, hair colour) plus
a name tag, so shot 1 and shot 40 show the same person; only its resolution and its `Posture`
(storyreel/media/puppet.py: which way it turns, sits or kneels, where it is in a stride, a hand
held out) follow the shot. `TURNS` says how far each facing of the plan turns it: 3/4 towards
whom they look when still, a profile on the move.

Two readers: the animatic stands these cards in its sets, and the critic's character
consistency (tools/consistency.py) takes the frontal standing card's colours, in their
proportions, as the look of a character that has no reference image. That card keeps its shape
whatever else a figure can do (its height plus the name tag's band, the figure in the bottom
1 / (1 + TAG_SPACE) of its rows, the head at the top of them), so consistency reads it as it
always did. One drawing for both, rather than the critic keeping its own table of a figure's
colour shares, so the reference cannot drift from what the animatic shows when either changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from storyreel.media.paint import MAX_TEXTURE, premultiply, rgb, shade, stable_seed, text_image
from storyreel.media.puppet import BUILD_WIDTH, STANDING, Part, Posture, Puppet, puppet
from storyreel.models.bible import CharacterSheet, Identity
from storyreel.models.plan import Shot

TAG_SPACE = 0.16  # card height above the head for the name tag, as a fraction of height
SKIN = (224, 184, 150, 255)
DEFAULT_HAIR = "#3B2416"
SUBPIXEL_BITS = 4  # cv2 sub-pixel shift: smooth edges on small cards
FIXED = {"skin": SKIN, "eye": (30, 30, 36, 255), "mouth": (150, 70, 70, 255), "shoe": (46, 40, 38, 255)}
FIXED["nose"] = (198, 126, 104, 255)  # rosy: no blend of skin and hair makes it
# Where each turn the plan names points a figure (degrees, storyreel/media/puppet.py): 3/4 towards
# whom they look; a figure on the move is seen in profile, going the way it faces.
TURNS = {"camera": 0.0, "left": -60.0, "right": 60.0, "away": 180.0}
MOVING_TURNS = {"camera": 0.0, "left": -90.0, "right": 90.0, "away": 180.0}


@dataclass(frozen=True)
class CardShape:
    """Where a figure lies on its card, in metres: the card spans x in [-half_width, half_width]
    about the foot and y in [0, top]; the puppet's head and body boxes, and its hand."""

    puppet: Puppet
    half_width: float
    top: float
    tag: bool

    @property
    def head(self) -> tuple[float, float, float, float]:
        return self.puppet.head

    @property
    def body(self) -> tuple[float, float, float, float]:
        return self.puppet.body


@dataclass(frozen=True)
class _Card:
    """Metres on the figure -> cv2's sub-pixel coordinates on a card of `rows` x `cols`."""

    rows: int
    cols: int
    ppm: float  # pixels per metre

    def y(self, m: float) -> int:  # metres above the ground -> row (sub-pixel units)
        return int((self.rows - m * self.ppm) * (1 << SUBPIXEL_BITS))

    def x(self, m: float) -> int:  # metres from the centre line -> column
        return int((self.cols / 2 + m * self.ppm) * (1 << SUBPIXEL_BITS))

    def px(self, m: float) -> int:  # a length in metres
        return max(1, int(m * self.ppm * (1 << SUBPIXEL_BITS)))


def card_shape(ident: Identity, posture: Posture = STANDING, *, tag: bool = True) -> CardShape:
    """The card a figure in `posture` needs. A standing figure's card is its height plus the tag's
    band (TAG_SPACE) high whatever it does, so the frontal card the consistency check reads keeps
    its rows; a seated, kneeling or lying one is as high as its head plus the band."""
    body = puppet(ident, posture)
    hgt = ident.height_m
    x0, _, x1, _ = body.body
    half_width = max(
        max(0.5, BUILD_WIDTH[ident.build] * 1.25) * hgt / 2, abs(x0) + 0.02 * hgt, x1 + 0.02 * hgt
    )
    figure_top = hgt if posture.pose == "stand" else body.top
    return CardShape(body, half_width, figure_top + TAG_SPACE * hgt, tag)


def figure_texture(
    sheet: CharacterSheet, px_per_m: float, posture: Posture = STANDING, *, tag: bool = True
) -> np.ndarray:
    """The character's card (premultiplied RGBA) in `posture`: its puppet in the identity colour,
    skin, hair colour and shoes, and a name tag above the head. The same sheet and posture always
    give the same card; only its resolution follows the shot."""
    ident: Identity = sheet.identity
    shape = card_shape(ident, posture, tag=tag)
    rows = int(min(MAX_TEXTURE, max(48, shape.top * px_per_m)))
    ppm = rows / shape.top
    cols = int(max(24, 2 * shape.half_width * ppm)) // 2 * 2
    img = np.zeros((rows, cols, 4), np.uint8)
    card = _Card(rows, cols, ppm)
    colours = {
        **FIXED,
        "body": (*rgb(ident.colour), 255),
        "legs": (*shade(rgb(ident.colour), 0.55), 255),
        "hair": (*rgb(ident.hair_colour or DEFAULT_HAIR), 255),
    }
    for part in shape.puppet.parts:
        _paint(img, card, part, colours[part.role])
    if tag:
        _name_tag(img, card, sheet.name, shape.top - TAG_SPACE * ident.height_m, ident.height_m)
    return premultiply(img)


def _paint(img: np.ndarray, card: _Card, part: Part, colour: tuple[int, int, int, int]) -> None:
    x, y, px, lw, ss = card.x, card.y, card.px, cv2.LINE_AA, SUBPIXEL_BITS
    points = [(x(a), y(b)) for a, b in part.points]
    if part.kind == "ellipse":
        rx, ry, start, end = part.size
        cv2.ellipse(img, points[0], (px(rx), px(ry)), -part.angle, start, end, colour, -1, lw, ss)
    elif part.kind == "poly":
        cv2.fillPoly(img, [np.array(points, np.int32)], colour, lw, ss)
    else:
        thickness = max(1, int(part.size[0] * card.ppm))
        for a, b in zip(points, points[1:], strict=False):
            cv2.line(img, a, b, colour, thickness, lw, ss)
        for point in points[1:-1]:  # round joints
            cv2.circle(img, point, px(part.size[0] / 2), colour, -1, lw, ss)


def _name_tag(img: np.ndarray, card: _Card, name: str, figure_top: float, hgt: float) -> None:
    """The name, drawn once into the card above the head."""
    rows, cols, ppm = card.rows, card.cols, card.ppm
    tag = text_image(name, int(TAG_SPACE * hgt * ppm * 0.35), (20, 20, 20), (250, 250, 245))
    if tag.shape[1] > cols:
        scale = cols / tag.shape[1]
        tag = cv2.resize(tag, (cols, max(1, int(tag.shape[0] * scale))), interpolation=cv2.INTER_AREA)
    top = max(0, int(rows - (figure_top + TAG_SPACE * hgt * 0.92) * ppm))
    th, tw = tag.shape[:2]
    th = min(th, rows - top)
    left = (cols - tw) // 2
    img[top : top + th, left : left + tw] = tag[:th]


def screen_sides(shot: Shot) -> list[tuple[str, str]]:
    """Each subject, in order, and the side of the frame its figure stands on: its blocking, else
    the centre for a lone subject, else left, right, centre in turn. The animatic stands figures
    there, and the critic looks for each character on that side."""
    placed = {p.character: p.side for p in shot.blocking}
    default = ["center"] if len(shot.subjects) == 1 else ["left", "right", "center"]
    return [(name, placed.get(name, default[i % len(default)])) for i, name in enumerate(shot.subjects)]


def default_sheet(name: str) -> CharacterSheet:
    """A subject without a bible sheet still gets a stable figure from its name."""
    rng = np.random.default_rng(stable_seed("figure", name))
    colour = "#{:02X}{:02X}{:02X}".format(*(int(v) for v in rng.integers(60, 230, 3)))
    return CharacterSheet(name=name.upper(), identity=Identity(colour=colour))
