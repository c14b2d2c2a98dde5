"""A small film made by hand for the director's tests: three scenes, twelve shots, three characters.

Hand-made, not planned by the rules brain, so the tests of the note grammar and of plan edits
do not move when the storyboard's grammar does. Loaded by path (tests are no package):

    film = load_helper().film()   # (plan, bible, screenplay)
"""

from __future__ import annotations

from storyreel.models.bible import Bible, CharacterSheet, Identity, LocationSheet
from storyreel.models.camera import LABELS
from storyreel.models.plan import CameraSpec, Keyframe, Placement, Shot, ShotPlan, Transition
from storyreel.tools.screenplay import parse_fountain

SCRIPT = """\
INT. HALVORSEN GARAGE - NIGHT

A single bulb. NELL hauls the sheet off the car. DANNY sits on a bucket.

NELL
Guy from the listing comes at nine.

DANNY
You listed it.

EXT. ROOFTOP - DUSK

STEEL waits at the edge. Danny climbs out of the hatch.

STEEL
You're late.

INT. KITCHEN - DAY

Nell and Steel argue about the car over cold coffee.

NELL
It was his car.

FADE OUT.
"""

FPS = 24

# number, id, scene, kind, framing, angle, movements, lens, seconds, subjects
SHOTS = [
    ("g-1", 0, "establishing", "extreme_long", "eye_level", ["static"], 21.0, 3.0, []),
    ("g-2", 0, "two_shot", "medium", "eye_level", ["dolly_in"], 45.0, 5.0, ["NELL", "DANNY"]),
    ("g-3", 0, "single", "close_up", "low", ["static"], 85.0, 3.0, ["NELL"]),
    ("g-4", 0, "single", "close_up", "eye_level", ["pan_left"], 85.0, 3.0, ["DANNY"]),
    ("g-5", 0, "reaction", "extreme_close_up", "eye_level", ["static"], 110.0, 2.0, ["NELL"]),
    ("r-1", 1, "establishing", "extreme_long", "overhead", ["pan_right"], 18.0, 4.0, []),
    ("r-2", 1, "single", "close_up", "eye_level", ["static"], 85.0, 3.0, ["STEEL"]),
    ("r-3", 1, "single", "medium", "high", ["static"], 45.0, 3.0, ["DANNY"]),
    ("r-4", 1, "single", "close_up", "eye_level", ["dolly_in"], 85.0, 3.0, ["STEEL"]),
    ("k-1", 2, "establishing", "long", "eye_level", ["static"], 27.0, 3.0, []),
    ("k-2", 2, "two_shot", "medium", "eye_level", ["static"], 45.0, 4.0, ["NELL", "STEEL"]),
    ("k-3", 2, "insert", "close_up", "overhead", ["static"], 85.0, 2.0, []),
]

SIDES = {"NELL": "left", "DANNY": "right", "STEEL": "right"}  # the 180-degree rule holds
WARDROBE = {"NELL": "a work blazer", "DANNY": "paint on his jeans", "STEEL": "a black leather jacket"}


def film() -> tuple[ShotPlan, Bible, object]:
    screenplay = parse_fountain(SCRIPT)
    speeches = {
        scene.index: [e.id for e in scene.elements if e.type == "dialogue"] for scene in screenplay.scenes
    }
    shots = []
    for shot_id, scene, kind, framing, angle, moves, lens, seconds, subjects in SHOTS:
        frames = round(seconds * FPS)
        covers = [speeches[scene].pop(0)] if kind in ("single", "two_shot") and speeches[scene] else []
        words = f"{LABELS[framing]}, {LABELS[angle]}, {lens:g}mm lens."  # as the cinematographer writes
        who = ", ".join(f"{n} ({WARDROBE[n]})" for n in subjects)
        shots.append(
            Shot(
                id=shot_id,
                scene=scene,
                duration_s=seconds,
                description=f"{kind} of {', '.join(subjects) or 'the place'}",
                camera=CameraSpec(
                    framing=framing,
                    angle=angle,
                    movements=moves,
                    lens_mm=lens,
                    speed=0.0 if moves == ["static"] else 0.5,
                ),
                kind=kind,
                subjects=subjects,
                blocking=[Placement(character=n, side=SIDES[n]) for n in subjects],
                covers=covers,
                keyframes=[
                    Keyframe(frame=0, description="start", prompt=f"Start. Characters: {who}. {words}"),
                    Keyframe(frame=frames - 1, description="end", prompt=f"End. Characters: {who}. {words}"),
                ],
                prompt=f"The {kind}.",
            )
        )
    shots[-1] = shots[-1].model_copy(
        update={"transition_out": Transition(type="fade", duration_s=1.0, colour="#000000", text="FADE OUT.")}
    )
    plan = ShotPlan(fps=FPS, shots=shots)
    bible = Bible(
        characters=[
            CharacterSheet(name=n, wardrobe=w, identity=Identity(colour=c, hair="short dark hair"))
            for (n, w), c in zip(WARDROBE.items(), ("#3C4F76", "#8A5A2B", "#222222"), strict=True)
        ],
        locations=[
            LocationSheet(
                name="HALVORSEN GARAGE",
                int_ext="INT",
                palette=["#E0A040", "#8A5A2B"],
                description="A garage. One bulb.",
            ),
            LocationSheet(name="ROOFTOP", int_ext="EXT", palette=["#F29E4C", "#2E2A4F"]),
            LocationSheet(name="KITCHEN", int_ext="INT", palette=["#D8D4CC", "#6B675F"]),
        ],
    )
    return plan, bible, screenplay
