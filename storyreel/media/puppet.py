"""A character's body as a puppet: joints set by pose, stride and lean in the figure's own 3D
frame, turned the way the plan says the character faces, and flattened onto its card.

Why a puppet and not a drawing per view: turning the same joints is what makes a 3/4 view, a
profile and a back view agree with each other and with the frontal card the critic's consistency
check reads (one body, every angle); a stride or a seated pose is a change of two angles, not
another drawing. The result is a list of flat parts (limbs, polygons, ellipses) in card metres,
far to near, that storyreel/media/figure.py paints and whose extents are the head and body boxes
the animatic reports as its ground truth.

Frames: the figure's own x is lateral (screen right when it faces the lens), y up from the
floor, z forward (towards the lens when it faces it). `Posture.turn` rotates it about y: 0 faces
the lens, +90 is a profile facing screen right, -90 screen left, 180 its back. Card metres: x
right of the card's centre line, y up from the foot.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from storyreel.models.bible import Identity

BUILD_WIDTH = {"slim": 0.21, "average": 0.25, "athletic": 0.29, "heavy": 0.34}  # shoulders / height
HEAD_R = 0.065  # head radius / height
HIP_Y = 0.49  # standing hip height / height
THIGH = SHIN = 0.235  # lengths / height (the foot takes the last 0.02)
UPPER_ARM, FOREARM = 0.165, 0.15
ARM_W, LEG_W, NECK_W = 0.055, 0.075, 0.05  # thicknesses / height
CHEST_DEPTH = 0.55  # chest half-depth / shoulder half-width: a body seen side-on is this wide
TURN_STEP = 10.0  # a turning figure's cards are drawn this many degrees apart
GAIT_PHASES = 8  # a stride's cards


@dataclass(frozen=True)
class Limbs:
    """A pose's joint angles, in degrees from hanging straight down, + forward (towards `turn`):
    thigh, shin (absolute), upper arm, forearm (absolute); and the hip's height / height."""

    hip: float
    thigh: float
    shin: float
    upper_arm: float
    forearm: float


# pose -> its limbs (a lying figure is a standing one laid on its side: see `_lay_down`)
POSES: dict[str, Limbs] = {
    "stand": Limbs(hip=HIP_Y, thigh=0, shin=0, upper_arm=0, forearm=0),
    "sit": Limbs(hip=SHIN + 0.03, thigh=90, shin=0, upper_arm=12, forearm=70),
    "kneel": Limbs(hip=THIGH + 0.025, thigh=0, shin=-90, upper_arm=8, forearm=20),
    "lie": Limbs(hip=HIP_Y, thigh=0, shin=0, upper_arm=0, forearm=0),
}


@dataclass(frozen=True)
class Gait:
    """A stride: leg and arm swing, knee and elbow bend (degrees), forward lean, cycles a second."""

    swing: float
    knee: float
    arm: float
    elbow: float
    lean: float
    cadence: float


GAITS: dict[str, Gait] = {
    "walk": Gait(swing=24, knee=35, arm=22, elbow=15, lean=3, cadence=0.95),
    "run": Gait(swing=40, knee=85, arm=48, elbow=80, lean=15, cadence=1.45),
}


@dataclass(frozen=True)
class Posture:
    """How a figure is drawn in one frame: which way it turns (degrees, see the module), its
    pose, where it is in a stride (`gait` "walk"/"run" at `phase` 0..1) and whether a hand holds
    something out."""

    turn: float = 0.0
    pose: str = "stand"
    gait: str | None = None
    phase: float = 0.0
    holding: bool = False

    def key(self) -> tuple:
        """What tells two cards apart: turns to TURN_STEP degrees, strides to GAIT_PHASES."""
        phase = round(self.phase * GAIT_PHASES) % GAIT_PHASES if self.gait else 0
        return (round(self.turn / TURN_STEP) * TURN_STEP, self.pose, self.gait, phase, self.holding)

    def snapped(self) -> Posture:
        turn, _, _, phase, _ = self.key()
        return replace(self, turn=turn, phase=phase / GAIT_PHASES)


STANDING = Posture()


@dataclass(frozen=True)
class Part:
    """A flat piece of the figure in card metres. kind "limb": a thick polyline (size: width);
    "poly": a filled polygon; "ellipse": points[0] its centre, size (rx, ry, start, end), arc
    degrees in the painter's (y down) sense, `angle` its rotation counter-clockwise."""

    role: str  # body, legs, skin, hair, eye, mouth, nose, shoe
    kind: str
    points: tuple[tuple[float, float], ...]
    size: tuple[float, ...] = ()
    angle: float = 0.0
    head: bool = False  # part of the head's box


@dataclass(frozen=True)
class Puppet:
    """The parts far to near, and where the figure is on its card (metres)."""

    parts: tuple[Part, ...]
    height: float  # the character's standing height
    top: float  # the top of the head as posed (the name tag goes above)
    hand: tuple[float, float] | None = None  # the hand that holds a prop, if one does
    eyes: tuple[float, float] = (0.0, 0.0)  # between the eyes (or the back of the head)
    extents: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)

    @property
    def head(self) -> tuple[float, float, float, float]:
        return self.extents["head"]

    @property
    def body(self) -> tuple[float, float, float, float]:
        return self.extents["body"]


def facing_of(turn: float) -> str:
    """The facing a turn reads as on screen: frontal within 35 degrees, a back beyond 145."""
    a = (turn + 180.0) % 360.0 - 180.0
    if abs(a) <= 35.0:
        return "camera"
    if abs(a) >= 145.0:
        return "away"
    return "right" if a > 0 else "left"


def drawn_facing(posture: Posture) -> str:
    """The facing the figure in `posture` shows: its turn's, but a lying figure's face is drawn
    towards the lens (or its back, turned away), whichever side its head lies."""
    if posture.pose == "lie":
        return "away" if facing_of(posture.turn) == "away" else "camera"
    return facing_of(posture.turn)


def puppet(ident: Identity, posture: Posture = STANDING) -> Puppet:
    """The figure of `ident` in `posture`, flattened onto its card."""
    h = ident.height_m
    if posture.pose == "lie":
        side = -1.0 if posture.turn < 0 else 1.0
        upright = puppet(
            ident, replace(posture, pose="stand", turn=180.0 if abs(posture.turn) > 145 else 0.0)
        )
        return _lay_down(upright, side, BUILD_WIDTH[ident.build] * h / 2)
    body = _Body(ident, posture)
    parts = body.legs() + body.torso_and_arms() + body.head()
    return _finish(tuple(parts), h, body.head_top, body.hand, body.eyes)


class _Body:
    """Joints of one posture, projected: the steps `puppet` reads top to bottom."""

    def __init__(self, ident: Identity, posture: Posture):
        self.h = h = ident.height_m
        self.build = ident.build
        self.posture = posture
        turn = math.radians(posture.turn)
        self.s, self.c = math.sin(turn), math.cos(turn)
        limbs = POSES[posture.pose]
        gait = GAITS.get(posture.gait or "")
        self.lean = math.radians(gait.lean if gait else 0.0)
        self.hip_y = limbs.hip * h
        self.shoulder = BUILD_WIDTH[ident.build] * h / 2
        self.waist = self.shoulder * (0.95 if ident.build == "heavy" else 0.72)
        swing = math.sin(2 * math.pi * posture.phase) if gait else 0.0
        self.legs_at = []  # per side: (thigh, shin) angles
        self.arms_at = []  # per side: (upper arm, forearm) angles
        for side in (-1, 1):
            thigh, shin, upper, fore = limbs.thigh, limbs.shin, limbs.upper_arm, limbs.forearm
            if gait:
                thigh = gait.swing * swing * side
                shin = thigh - gait.knee * max(0.0, -swing * side) - 8.0
                upper = -gait.arm * swing * side
                fore = upper + gait.elbow
            self.legs_at.append((thigh, shin))
            self.arms_at.append((upper, fore))
        self.hold_side = 0
        if posture.holding:  # the hand nearer the lens holds it out
            self.hold_side = 1 if self.s < -0.2 else -1
            self.arms_at[(self.hold_side + 1) // 2] = (35.0, 80.0)
        self.head_top = 0.0
        self.hand: tuple[float, float] | None = None
        self.eyes = (0.0, 0.0)

    # -- projection --------------------------------------------------------------------------

    def _upper(self, x: float, y: float, z: float) -> tuple[float, float, float]:
        """A point of the upper body leaned forward about the hips."""
        dy = y - self.hip_y
        return (
            x,
            self.hip_y + dy * math.cos(self.lean) - z * math.sin(self.lean),
            z * math.cos(self.lean) + dy * math.sin(self.lean),
        )

    def flat(self, x: float, y: float, z: float) -> tuple[float, float]:
        return (x * self.c + z * self.s, y)

    def depth(self, x: float, z: float) -> float:
        return -x * self.s + z * self.c

    @staticmethod
    def _swing(origin: tuple[float, float, float], angle: float, length: float) -> tuple[float, float, float]:
        a = math.radians(angle)
        return (origin[0], origin[1] - length * math.cos(a), origin[2] + length * math.sin(a))

    # -- parts -------------------------------------------------------------------------------

    def legs(self) -> list[Part]:
        h, out = self.h, []
        for i, side in enumerate((-1, 1)):
            thigh, shin = self.legs_at[i]
            hip = (side * self.waist * 0.5, self.hip_y, 0.0)
            knee = self._swing(hip, thigh, THIGH * h)
            ankle = self._swing(knee, shin, SHIN * h)
            toe = (ankle[0], max(ankle[1], 0.012 * h), ankle[2] + 0.05 * h)
            depth = self.depth(hip[0], (knee[2] + ankle[2]) / 2)
            leg = Part("legs", "limb", (self.flat(*hip), self.flat(*knee), self.flat(*ankle)), (LEG_W * h,))
            foot_x = (self.flat(*ankle)[0] + self.flat(*toe)[0]) / 2
            foot = Part(
                "shoe",
                "ellipse",
                ((foot_x, max(ankle[1], 0.018 * h)),),
                (0.022 * h + 0.03 * h * abs(self.s), 0.018 * h, 0, 360),
            )
            out.append((depth, [leg, foot]))
        return [p for _, parts in sorted(out, key=lambda d: d[0]) for p in parts]

    def torso_and_arms(self) -> list[Part]:
        h, c, s = self.h, abs(self.c), abs(self.s)
        chest = self.shoulder * CHEST_DEPTH
        sh_y = self.hip_y + (0.81 - HIP_Y) * h
        top_w = self.shoulder * c + chest * s
        low_w = self.waist * c + chest * 0.9 * s
        (tx, ty, tz) = self._upper(0.0, sh_y, 0.0)
        top = self.flat(tx, ty, tz)[0] + 0.15 * chest * self.s
        torso = Part(
            "body",
            "poly",
            (
                (top - top_w, ty),
                (top + top_w, ty),
                (low_w, self.hip_y - 0.01 * h),
                (-low_w, self.hip_y - 0.01 * h),
            ),
        )
        behind, front = [], []
        for i, side in enumerate((-1, 1)):
            upper, fore = self.arms_at[i]
            root = self._upper(side * self.shoulder * 0.92, sh_y - 0.02 * h, 0.0)
            splay = side * self.shoulder * 0.1 * c
            elbow = self._swing(root, upper, UPPER_ARM * h)
            elbow = (elbow[0] + splay, elbow[1], elbow[2])
            hand = self._swing(elbow, fore, FOREARM * h)
            hand = (hand[0] + splay, hand[1], hand[2])
            pts = (self.flat(*root), self.flat(*elbow), self.flat(*hand))
            arm = [
                Part("body", "limb", pts, (ARM_W * h,)),
                Part("skin", "ellipse", (pts[-1],), (0.03 * h, 0.03 * h, 0, 360)),
            ]
            if side == self.hold_side:
                self.hand = pts[-1]
            (behind if self.depth(root[0], (elbow[2] + hand[2]) / 2) < -0.02 * h else front).append(arm)
        neck_base, neck_top = self._upper(0.0, sh_y - 0.01 * h, 0.0), self._upper(0.0, sh_y + 0.05 * h, 0.0)
        neck = Part("skin", "limb", (self.flat(*neck_base), self.flat(*neck_top)), (NECK_W * h,))
        return [p for arm in behind for p in arm] + [neck, torso] + [p for arm in front for p in arm]

    def head(self) -> list[Part]:
        """Hair, then the face turned towards `turn`: eyes, nose, mouth and ears where they face us."""
        h, s, c = self.h, self.s, self.c
        r = HEAD_R * h
        cx, cy, cz = self._upper(0.0, self.hip_y + (1.0 - HIP_Y - HEAD_R) * h, 0.0)
        hx = self.flat(cx, cy, cz)[0]
        self.head_top = cy + r * 1.1
        parts = [Part("hair", "ellipse", ((hx, cy + 0.08 * r),), (0.95 * r, 1.02 * r, 0, 360), head=True)]

        def at(lx: float, lz: float) -> tuple[float, float]:  # a point on the head, flattened
            return hx + lx * c + lz * s, -lx * s + lz * c

        face = max(0.0, min(1.0, (c + 0.35) / 0.35))
        if face > 0:
            rx = 0.8 * r * (0.6 + 0.4 * abs(c)) * face
            parts.append(
                Part(
                    "skin",
                    "ellipse",
                    ((hx + 0.45 * r * s * face, cy - 0.12 * r),),
                    (rx, 0.86 * r, 0, 360),
                    head=True,
                )
            )
        for lx in (-0.35 * r, 0.35 * r):
            x, d = at(lx, 0.85 * r)
            if d > 0.15 * r and face > 0:
                squeeze = max(0.35, min(1.0, d / (0.6 * r)))
                parts.append(
                    Part(
                        "eye",
                        "ellipse",
                        ((x, cy - 0.12 * r),),
                        (0.1 * r * squeeze, 0.1 * r, 0, 360),
                        head=True,
                    )
                )
        for lx in (-0.98 * r, 0.98 * r):  # an ear shows where it faces us: beside the face, at the back
            x, d = at(lx, -0.05 * r)
            if d >= 0.0:
                parts.append(
                    Part("skin", "ellipse", ((x, cy - 0.15 * r),), (0.12 * r, 0.2 * r, 0, 360), head=True)
                )
        if face > 0 and abs(s) > 0.2:
            base, tip = at(0.0, 0.8 * r)[0], at(0.0, 1.12 * r)[0]
            nose = ((base, cy - 0.2 * r), (tip, cy - 0.38 * r), (base, cy - 0.42 * r))
            parts.append(Part("nose", "poly", nose, head=True))
        elif face > 0:
            parts.append(
                Part("nose", "ellipse", ((hx, cy - 0.32 * r),), (0.07 * r, 0.05 * r, 0, 360), head=True)
            )
        if face > 0 and c > -0.1:
            x, _ = at(0.0, 0.8 * r)
            parts.append(
                Part(
                    "mouth",
                    "ellipse",
                    ((x, cy - 0.5 * r),),
                    (0.3 * r * (0.35 + 0.65 * abs(c)), 0.1 * r, 0, 180),
                    head=True,
                )
            )
        self.eyes = (at(0.0, 0.85 * r)[0] if face > 0 else hx, cy - 0.12 * r)
        return parts


def _extent(parts: tuple[Part, ...]) -> tuple[float, float, float, float]:
    xs0, ys0, xs1, ys1 = [], [], [], []
    for part in parts:
        if part.kind == "ellipse":
            (x, y), (rx, ry) = part.points[0], part.size[:2]
            if part.angle % 180:
                rx, ry = ry, rx
            xs0.append(x - rx), xs1.append(x + rx), ys0.append(y - ry), ys1.append(y + ry)
        else:
            pad = part.size[0] / 2 if part.kind == "limb" else 0.0
            xs, ys = [p[0] for p in part.points], [p[1] for p in part.points]
            (
                xs0.append(min(xs) - pad),
                xs1.append(max(xs) + pad),
                ys0.append(min(ys) - pad),
                ys1.append(max(ys) + pad),
            )
    return min(xs0), max(0.0, min(ys0)), max(xs1), max(ys1)


def _finish(parts: tuple[Part, ...], h: float, top: float, hand, eyes) -> Puppet:
    extents = {"head": _extent(tuple(p for p in parts if p.head)), "body": _extent(parts)}
    return Puppet(parts, h, top, hand, eyes, extents)


def _lay_down(upright: Puppet, side: float, thickness: float) -> Puppet:
    """A standing puppet laid on the floor, head towards screen `side` (-1 left, +1 right)."""
    mid = upright.height / 2

    def turn(p: tuple[float, float]) -> tuple[float, float]:
        x, y = p
        return (side * (y - mid), thickness - side * x)

    parts = tuple(
        replace(part, points=tuple(turn(p) for p in part.points), angle=part.angle + 90.0 * side)
        for part in upright.parts
    )
    hand = turn(upright.hand) if upright.hand else None
    laid = _finish(parts, upright.height, 0.0, hand, turn(upright.eyes))
    return replace(laid, top=laid.body[3])
