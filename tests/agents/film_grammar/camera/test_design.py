from __future__ import annotations

from storyreel.agents.film_grammar.bible import location_name, write_bible
from storyreel.agents.film_grammar.camera.design import design_camera
from storyreel.agents.film_grammar.coverage.boarder import board_scene
from storyreel.agents.film_grammar.lexicon.camera import LENSES
from storyreel.agents.schemas import CameraChoice
from storyreel.models.camera import FRAMINGS
from storyreel.models.critique import RevisionRequest
from storyreel.models.plan import CameraSpec, Keyframe, Placement, Shot


def one_shot(
    parse,
    action: str,
    framing: str = "long",
    kind: str = "single",
    duration: float = 4.0,
    heading: str = "EXT. STREET - NIGHT",
):
    """A scene with one speaker (MARA) and one action paragraph, and a shot covering it."""
    screenplay = parse(f"{heading}\n\n{action}\n\nMARA\nOkay.\n")
    scene = screenplay.scenes[0]
    element = scene.elements[0]
    shot = Shot(
        id="s1",
        scene=0,
        duration_s=duration,
        description=action,
        camera=CameraSpec(framing=framing, angle="eye_level", movements=["static"]),  # type: ignore[arg-type]
        kind=kind,  # type: ignore[arg-type]
        subjects=["MARA"] if kind != "establishing" else [],
        blocking=[Placement(character="MARA", side="left")] if kind != "establishing" else [],
        covers=[element.id],
        keyframes=[
            Keyframe(frame=0, description="start"),
            Keyframe(frame=int(duration * 24) - 1, description="end"),
        ],
    )
    bible = write_bible(screenplay)
    return design_camera([shot], scene, bible, fps=24).shots[0], shot, scene, bible


def spec(choice: CameraChoice) -> CameraSpec:
    return CameraSpec(
        framing=choice.framing,
        angle=choice.angle,
        movements=choice.movements,
        lens_mm=choice.lens_mm,
        speed=choice.speed,
    )


def film(screenplay):
    """Board and design every scene as the agents do; yield (shots, choices) per scene."""
    bible = write_bible(screenplay)
    seen, previous_board, previous_choice, n = set(), None, None, 0
    for scene in screenplay.scenes:
        name = location_name(scene)
        board = board_scene(scene, bible, previous=previous_board, new_location=name not in seen)
        seen.add(name)
        previous_board = board.shots[-1]
        shots = to_plan(board, scene, n)
        n += len(shots)
        out = design_camera(shots, scene, bible, fps=24, previous=previous_choice)
        previous_choice = out.shots[-1]
        yield shots, out.shots


def to_plan(board, scene, first):
    shots = []
    for i, b in enumerate(board.shots):
        shot = Shot(
            id=f"s{first + i}",
            scene=scene.index,
            duration_s=b.duration_s,
            description=b.description,
            camera=CameraSpec(framing=b.framing, angle="eye_level", movements=["static"]),
            kind=b.kind,
            subjects=b.subjects,
            blocking=b.blocking,
            covers=b.covers,
        )
        last = shot.frame_count(24) - 1
        shots.append(
            shot.model_copy(
                update={
                    "keyframes": [
                        Keyframe(frame=0, description=b.start_frame),
                        Keyframe(frame=last, description=b.end_frame),
                    ]
                }
            )
        )
    return shots


# 1. Movement from verbs


def test_chase_is_followed(parse) -> None:
    choice, *_ = one_shot(parse, "MARA sprints down the alley, chasing the thief.")
    assert choice.movements[0] in ("truck_right", "pan_right")  # she is screen left: she runs right
    assert choice.pacing == "ease_in" and choice.speed >= 0.75


def test_reveal_pulls_out(parse) -> None:
    choice, *_ = one_shot(
        parse, "The smoke clears and reveals the wreck of the bus.", framing="full", kind="cutaway"
    )
    assert set(choice.movements) & {"dolly_out", "pan_left", "pan_right"}


def test_realisation_close_up_pushes_in(parse) -> None:
    choice, *_ = one_shot(parse, "MARA goes very still. She realises.", framing="close_up")
    assert choice.movements == ["dolly_in"] and choice.speed <= 0.3 and choice.pacing == "ease_in_out"


def test_arrival_lands_and_departure_lets_go(parse) -> None:
    arrival, *_ = one_shot(parse, "MARA enters through the door.", framing="medium")
    assert arrival.movements[0] in ("dolly_in", "pan_left", "pan_right") and arrival.pacing == "ease_out"
    departure, *_ = one_shot(parse, "MARA drives off into the night.", framing="long")
    assert departure.movements[0] in ("zoom_out", "dolly_out", "pan_left", "pan_right")


def test_rising_and_falling(parse) -> None:
    rise, *_ = one_shot(parse, "MARA climbs the ladder.", framing="medium")
    assert "tilt_up" in rise.movements or "crane_up" in rise.movements
    fall, *_ = one_shot(parse, "MARA collapses.", framing="medium")
    assert "tilt_down" in fall.movements or "crane_down" in fall.movements


def test_compound_move_gets_an_inner_keyframe(parse) -> None:
    choice, *_ = one_shot(parse, "MARA runs to the wall and climbs it.", framing="long")
    assert len(choice.movements) == 2
    assert [k.at for k in choice.keyframes] == [0.0, 0.5, 1.0]


def test_establishing_drifts_slowly(parse) -> None:
    choice, *_ = one_shot(
        parse,
        "The city at night, a sea of lights.",
        framing="extreme_long",
        kind="establishing",
        duration=5.0,
    )
    assert choice.speed <= 0.3 and choice.movements != []
    assert LENSES["extreme_long"][1] <= choice.lens_mm <= 24


# 2. Angle from mood


def test_menace_is_low_vulnerability_high_unease_dutch(parse) -> None:
    low, *_ = one_shot(parse, "MARA towers over him, threatening.", framing="medium")
    high, *_ = one_shot(parse, "MARA is alone, small, pleading.", framing="medium")
    dutch, *_ = one_shot(parse, "MARA is drunk and dizzy; everything is wrong.", framing="medium")
    geography, *_ = one_shot(
        parse, "A maze of rooftops and a crowd below.", framing="extreme_long", kind="establishing"
    )
    plain, *_ = one_shot(parse, "MARA buys bread.", framing="medium")
    assert (low.angle, high.angle, dutch.angle, geography.angle, plain.angle) == (
        "low",
        "high",
        "dutch",
        "overhead",
        "eye_level",
    )
    assert "low angle" in low.reason and "vulnerability" in high.reason


# 3. Lens, validity, keyframes, prompts


def test_lens_grows_with_tighter_framing(parse) -> None:
    lenses = [one_shot(parse, "MARA buys bread.", framing=f)[0].lens_mm for f in FRAMINGS[::-1]]
    assert lenses == sorted(lenses) and len(set(lenses)) == len(lenses)
    assert 18 <= lenses[0] <= 24 and lenses[-2] == 85 and 100 <= lenses[-1] <= 135


def test_every_example_validates_and_has_keyframes(examples) -> None:
    for screenplay in examples:
        for shots, choices in film(screenplay):
            assert [c.shot for c in choices] == [s.id for s in shots]
            for shot, choice in zip(shots, choices, strict=True):
                spec(choice)  # raises on static mixed with moves, or opposite moves
                assert choice.keyframes[0].at == 0 and choice.keyframes[-1].at == 1
                ats = [k.at for k in choice.keyframes]
                assert ats == sorted(set(ats))
                if shot.duration_s > 6 and choice.movements != ["static"]:
                    assert len(choice.keyframes) >= 3
                assert f"{choice.lens_mm:g}mm" in choice.prompt
                assert choice.reason.endswith(".") and choice.reason.count(". ") == 0


def test_no_exact_repeat_of_the_previous_camera(examples) -> None:
    for screenplay in examples:
        last = None
        for _, choices in film(screenplay):
            for c in choices:
                signature = (c.framing, c.angle, tuple(c.movements), c.lens_mm)
                assert signature != last
                last = signature


def test_previous_choice_is_not_repeated(parse) -> None:
    choice, shot, scene, bible = one_shot(parse, "MARA buys bread.", framing="medium")
    again = design_camera([shot], scene, bible, fps=24, previous=choice).shots[0]
    assert (again.movements, again.angle, again.lens_mm) != (
        choice.movements,
        choice.angle,
        choice.lens_mm,
    )
    spec(again)


def test_prompts_use_the_bible(parse) -> None:
    choice, _, _, bible = one_shot(
        parse, "MARA (30s, red raincoat) runs.", framing="full", heading="EXT. PIER - NIGHT"
    )
    prompt = choice.keyframes[0].prompt
    assert "MARA" in prompt and "red raincoat" in prompt and "PIER" in prompt and "night" in prompt
    assert bible.character("MARA").identity.colour in prompt
    assert "35mm" in prompt and "full shot" in prompt


def test_deterministic(examples) -> None:
    for screenplay in examples:
        assert list(film(screenplay)) == list(film(screenplay))


# 4. Revisions


def test_revision_turns_a_zoom_into_a_dolly(parse) -> None:
    _, shot, scene, bible = one_shot(parse, "MARA buys bread.", framing="medium")
    shot = shot.model_copy(
        update={"camera": CameraSpec(framing="medium", angle="eye_level", movements=["zoom_in"])}
    )
    note = RevisionRequest(
        field="camera.movements", note="the push in read as a zoom; make it a clear dolly in"
    )
    choice = design_camera([shot], scene, bible, fps=24, revisions={"s1": [note]}).shots[0]
    assert choice.movements == ["dolly_in"] and choice.speed > 0
    assert "revised" in choice.reason and "camera.movements" in choice.reason
    spec(choice)


def test_revisions_of_angle_speed_and_lens(parse) -> None:
    first, shot, scene, bible = one_shot(parse, "MARA realises. She goes very still.", framing="close_up")
    notes = [
        RevisionRequest(field="camera.angle", note="low angle, she should loom"),
        RevisionRequest(field="camera.speed", note="slower"),
        RevisionRequest(field="camera.lens_mm", note="use a 135mm"),
    ]
    choice = design_camera([shot], scene, bible, fps=24, revisions={"s1": notes}).shots[0]
    assert choice.angle == "low" and choice.speed < first.speed and choice.lens_mm == 135
    other = design_camera([shot], scene, bible, fps=24, revisions={"s9": notes}).shots[0]
    assert other == first  # requests for another shot change nothing here


def test_revision_to_static_and_negations(parse) -> None:
    _, shot, scene, bible = one_shot(parse, "MARA sprints away.", framing="long")
    static = design_camera(
        [shot],
        scene,
        bible,
        fps=24,
        revisions={"s1": [RevisionRequest(field="camera.movements", note="lock it off, no movement")]},
    ).shots[0]
    assert static.movements == ["static"] and static.speed == 0
    pan = design_camera(
        [shot],
        scene,
        bible,
        fps=24,
        revisions={
            "s1": [RevisionRequest(field="camera.movements", note="not a zoom in: pan left with her")]
        },
    ).shots[0]
    assert pan.movements == ["pan_left"]
    spec(static)
    spec(pan)
