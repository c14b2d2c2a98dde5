"""A character sheet drawn as a flat figure card: the one picture of a character the sheet alone
makes, the same in every shot.

A figure is drawn from the character's identity alone (colour, build, height, hair colour) plus
a name tag, so shot 1 and shot 40 show the same person; only its resolution follows the shot.

Two readers: the animatic stands these cards in its sets (each on its subject's
`screen_sides`), and the critic's character
consistency (tools/consistency.py) takes a card's colours, in their proportions, as the look of
a character that has no reference image. One drawing for both, rather than the critic keeping
its own table of a figure's colour shares, so the reference cannot drift from what the animatic
shows when either changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from storyreel.media.paint import MAX_TEXTURE, premultiply, rgb, shade, stable_seed, text_image
from storyreel.models.bible import CharacterSheet, Identity
from storyreel.models.plan import Shot

BUILD_WIDTH = {"slim": 0.21, "average": 0.25, "athletic": 0.29, "heavy": 0.34}  # shoulders / height
TAG_SPACE = 0.16  # card height above the head for the name tag, as a fraction of height
SKIN = (224, 184, 150, 255)
DEFAULT_HAIR = "#3B2416"
SUBPIXEL_BITS = 4  # cv2 sub-pixel shift: smooth edges on small cards


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


def figure_texture(sheet: CharacterSheet, px_per_m: float) -> np.ndarray:
    """The character's card (premultiplied RGBA): head, hair, torso in the identity colour,
    arms, legs, and a name tag above the head. The same sheet always gives the same figure."""
    ident: Identity = sheet.identity
    hgt = ident.height_m
    rows = int(min(MAX_TEXTURE, max(48, hgt * (1 + TAG_SPACE) * px_per_m)))
    ppm = rows / (hgt * (1 + TAG_SPACE))
    half_w = max(0.5, BUILD_WIDTH[ident.build] * 1.25) * hgt / 2
    cols = int(max(24, 2 * half_w * ppm)) // 2 * 2
    img = np.zeros((rows, cols, 4), np.uint8)
    card = _Card(rows, cols, ppm)
    _body(img, card, ident)
    _head(img, card, ident)
    _name_tag(img, card, sheet.name, hgt)
    return premultiply(img)


def figure_boxes(
    ident: Identity,
) -> tuple[tuple[float, float, float, float], tuple[float, float, float, float]]:
    """The head's and the whole figure's boxes on the card, in metres: (x0, y0, x1, y1) with x
    right of the centre line and y up from the foot (the name tag is not part of either)."""
    hgt = ident.height_m
    head_r = 0.065 * hgt
    head = (-0.95 * head_r, hgt - 1.98 * head_r, 0.95 * head_r, hgt + 0.1 * head_r)
    reach = BUILD_WIDTH[ident.build] * hgt / 2 * 1.12 + 0.03 * hgt
    return head, (-reach, 0.0, reach, head[3])


def _body(img: np.ndarray, card: _Card, ident: Identity) -> None:
    """Legs, then the torso (a trapezoid from the shoulders to the hips) and the arms."""
    hgt, x, y, lw, ss = ident.height_m, card.x, card.y, cv2.LINE_AA, SUBPIXEL_BITS
    body = (*rgb(ident.colour), 255)
    legs = (*shade(rgb(ident.colour), 0.55), 255)
    shoulder = BUILD_WIDTH[ident.build] * hgt / 2
    waist = shoulder * (0.95 if ident.build == "heavy" else 0.72)
    for side in (-1, 1):
        cv2.rectangle(
            img, (x(side * waist * 0.1), y(0.5 * hgt)), (x(side * waist * 0.9), y(0.0)), legs, -1, lw, ss
        )
    torso = np.array(
        [
            [x(-shoulder), y(0.81 * hgt)],
            [x(shoulder), y(0.81 * hgt)],
            [x(waist), y(0.49 * hgt)],
            [x(-waist), y(0.49 * hgt)],
        ],
        np.int32,
    )
    cv2.fillConvexPoly(img, torso, body, lw, ss)
    arm = max(1, int(0.055 * hgt * card.ppm))
    for side in (-1, 1):
        top, hand = (x(side * shoulder * 0.92), y(0.79 * hgt)), (x(side * shoulder * 1.12), y(0.47 * hgt))
        cv2.line(img, top, hand, body, arm, lw, ss)
        cv2.circle(img, (hand[0], y(0.46 * hgt)), card.px(0.03 * hgt), SKIN, -1, lw, ss)


def _head(img: np.ndarray, card: _Card, ident: Identity) -> None:
    """Neck, hair, face, eyes and mouth."""
    hgt, x, y, px, lw, ss = ident.height_m, card.x, card.y, card.px, cv2.LINE_AA, SUBPIXEL_BITS
    hair = (*rgb(ident.hair_colour or DEFAULT_HAIR), 255)
    head_r = 0.065 * hgt
    head_y = hgt - head_r
    cv2.rectangle(img, (x(-0.025 * hgt), y(0.85 * hgt)), (x(0.025 * hgt), y(0.8 * hgt)), SKIN, -1, lw, ss)
    hair_centre = (x(0), y(head_y + head_r * 0.08))
    cv2.ellipse(img, hair_centre, (px(head_r * 0.95), px(head_r * 1.02)), 0, 0, 360, hair, -1, lw, ss)
    face_centre = (x(0), y(head_y - head_r * 0.12))
    cv2.ellipse(img, face_centre, (px(head_r * 0.8), px(head_r * 0.86)), 0, 0, 360, SKIN, -1, lw, ss)
    for side in (-1, 1):
        eye = (x(side * head_r * 0.35), y(head_y - head_r * 0.12))
        cv2.circle(img, eye, px(head_r * 0.1), (30, 30, 36, 255), -1, lw, ss)
    mouth = (x(0), y(head_y - head_r * 0.5))
    cv2.ellipse(img, mouth, (px(head_r * 0.3), px(head_r * 0.1)), 0, 0, 180, (150, 70, 70, 255), -1, lw, ss)


def _name_tag(img: np.ndarray, card: _Card, name: str, hgt: float) -> None:
    """The name, drawn once into the card above the head."""
    rows, cols, ppm = card.rows, card.cols, card.ppm
    tag = text_image(name, int(TAG_SPACE * hgt * ppm * 0.35), (20, 20, 20), (250, 250, 245))
    if tag.shape[1] > cols:
        scale = cols / tag.shape[1]
        tag = cv2.resize(tag, (cols, max(1, int(tag.shape[0] * scale))), interpolation=cv2.INTER_AREA)
    top = max(0, int(rows - hgt * (1 + TAG_SPACE * 0.92) * ppm))
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
