import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from storyreel.checks import check_plan, plan_problems
from storyreel.documents import describe_validation_error, load_plan
from storyreel.errors import InputError, PlanError
from storyreel.models import base
from storyreel.models.bible import Bible, CharacterSheet, Identity
from storyreel.models.camera import FRAMINGS, MOVEMENTS, OPPOSITE
from storyreel.models.plan import SIDE_MARKS, CameraSpec, Placement, Shot, ShotPlan, Transition
from storyreel.models.screenplay import Element, Scene, Screenplay, Source

BASELINE = Path(__file__).parents[1] / "baselines" / "plan.json"


def golden() -> dict:
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: object, name: str = "plan.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def load_error(tmp_path: Path, data: object) -> str:
    path = write(tmp_path, data)
    with pytest.raises(PlanError) as info:
        load_plan(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    return message[len(f"{path}: ") :]


def screenplay() -> Screenplay:
    """The screenplay the golden plan was made from (ids as in tests/baselines/plan.json)."""

    def element(id: str, type: str = "action", character: str | None = None) -> Element:
        return Element(id=id, type=type, text=id, line=1, character=character)

    return Screenplay(
        source=Source(path="last_train.fountain", format="fountain", sha256="0" * 64),
        elements=[element("c-5e0d11aa", "centered")],
        scenes=[
            Scene(index=0, id="sc-1", heading="EXT. TRAIN PLATFORM - NIGHT", line=3,
                  int_ext="EXT", location="TRAIN PLATFORM", time_of_day="NIGHT",
                  elements=[element("a-3f1c09d2"), element("a-7b0e44a1"),
                            element("d-c51f2e90", "dialogue", "MAYA"),
                            element("d-0a9d7713", "dialogue", "CONDUCTOR")]),
            Scene(index=1, id="sc-2", heading="INT. TRAIN CARRIAGE - CONTINUOUS", line=20,
                  int_ext="INT", location="TRAIN CARRIAGE", time_of_day="CONTINUOUS",
                  elements=[element("a-91e2b6c4")]),
        ],
    )  # fmt: skip


# -- round trips ---------------------------------------------------------------------------


def test_golden_plan_round_trips_unchanged():
    text = BASELINE.read_text(encoding="utf-8")
    plan = ShotPlan.from_json(text)
    assert plan.to_json() + "\n" == text


def test_load_plan_reads_the_golden_plan():
    plan = load_plan(BASELINE)
    assert [shot.id for shot in plan.shots] == ["s1", "s2", "s3", "s4"]
    assert plan.shot("s3").camera.movements == ["zoom_in", "tilt_up"]
    assert plan.frame_count("s1") == 96
    assert plan.duration_s == pytest.approx(15.0)


@st.composite
def camera_specs(draw):
    if draw(st.booleans()):
        movements = ["static"]
    else:
        pool = [m for m in MOVEMENTS if m != "static"]
        movements = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True))
        movements = [m for i, m in enumerate(movements) if OPPOSITE.get(m) not in movements[:i]]
    return CameraSpec(
        framing=draw(st.sampled_from(FRAMINGS)),
        angle=draw(st.sampled_from(["eye_level", "high", "low", "overhead", "dutch"])),
        movements=movements,
        lens_mm=draw(st.floats(8, 1200, allow_nan=False)),
        speed=draw(st.floats(0, 1)),
    )


@st.composite
def plans(draw):
    fps = draw(st.sampled_from([12, 24, 25, 30]))
    shots = []
    for i in range(draw(st.integers(0, 4))):
        duration = draw(st.floats(0.05, 30, allow_nan=False))
        probe = Shot(id="x", scene=0, duration_s=duration, description="", camera=CameraSpec(
            framing="medium", angle="eye_level", movements=["static"]))  # fmt: skip
        frames = draw(st.lists(st.integers(0, probe.frame_count(fps) - 1), unique=True, max_size=3))
        shots.append(
            Shot(
                id=f"s{i + 1}",
                scene=draw(st.integers(0, 5)),
                duration_s=duration,
                description=draw(st.text(max_size=30)),
                camera=draw(camera_specs()),
                subjects=draw(st.lists(st.sampled_from(["MAYA", "CONDUCTOR"]), unique=True)),
                keyframes=[{"frame": f, "description": f"frame {f}"} for f in sorted(frames)],
                pacing=draw(st.sampled_from(["linear", "ease_in", "ease_out", "ease_in_out"])),
                seed=draw(st.none() | st.integers(0, 2**32)),
            )
        )
    return ShotPlan(fps=fps, shots=shots)


@settings(max_examples=60, deadline=None, database=None)
@given(plans())
def test_json_round_trip_of_any_valid_plan_is_unchanged(plan):
    text = plan.to_json()
    again = ShotPlan.from_json(text)
    assert again == plan
    assert again.to_json() == text


# -- one-line errors naming the shot and the field -------------------------------------------


def test_unknown_framing_names_shot_field_and_choices(tmp_path):
    data = golden()
    data["shots"][2]["camera"]["framing"] = "closeup"
    assert load_error(tmp_path, data) == (
        "shot 's3' (shots[2]) camera.framing: unknown id 'closeup' (expected one of "
        "extreme_close_up, close_up, medium, full, long, extreme_long)"
    )


def test_unknown_movement_names_its_position(tmp_path):
    data = golden()
    data["shots"][2]["camera"]["movements"] = ["zoom_in", "push_in"]
    message = load_error(tmp_path, data)
    assert message.startswith("shot 's3' (shots[2]) camera.movements[1]: unknown id 'push_in'")
    assert "dolly_in" in message


def test_unknown_angle(tmp_path):
    data = golden()
    data["shots"][0]["camera"]["angle"] = "worm"
    assert load_error(tmp_path, data).startswith("shot 's1' (shots[0]) camera.angle: unknown id 'worm'")


@pytest.mark.parametrize("duration", [0, -1.5])
def test_non_positive_duration(tmp_path, duration):
    data = golden()
    data["shots"][1]["duration_s"] = duration
    assert load_error(tmp_path, data) == (
        f"shot 's2' (shots[1]) duration_s: input should be greater than 0, got {duration!r}"
    )


def test_keyframe_outside_the_shot(tmp_path):
    data = golden()
    data["shots"][0]["keyframes"][1]["frame"] = 96  # 4 s at 24 fps: frames 0..95
    assert load_error(tmp_path, data) == (
        "shot 's1' (shots[0]) keyframes[1].frame: frame 96 is outside the shot (0..95: 4.0 s at 24 fps)"
    )


def test_keyframe_outside_the_shot_follows_plan_fps(tmp_path):
    data = golden()
    data["fps"] = 12  # s1 now has 48 frames, so its frame 95 is out
    assert "keyframes[1].frame: frame 95 is outside the shot (0..47" in load_error(tmp_path, data)


def test_keyframes_out_of_order(tmp_path):
    data = golden()
    data["shots"][1]["keyframes"][1]["frame"] = 0
    assert load_error(tmp_path, data).startswith(
        "shot 's2' (shots[1]) keyframes: frames must strictly increase, got [0, 0]"
    )


def test_duplicate_shot_ids(tmp_path):
    data = golden()
    data["shots"][3]["id"] = "s2"
    data["shots"][3]["memory"] = []
    assert load_error(tmp_path, data) == ("shot 's2' (shots[3]) id: duplicate id (first used by shots[1])")


@pytest.mark.parametrize(
    "movements, problem",
    [
        (["static", "pan_left"], "'static' cannot be combined with other moves"),
        (["pan_left", "pan_right"], "'pan_left' and 'pan_right' cancel out"),
        (["zoom_in", "zoom_in"], "a move is listed twice"),
        ([], "list should have at least 1 item"),
    ],
)
def test_incoherent_movements(tmp_path, movements, problem):
    data = golden()
    data["shots"][1]["camera"]["movements"] = movements
    message = load_error(tmp_path, data)
    assert message.startswith(f"shot 's2' (shots[1]) camera.movements: {problem}")


def test_shot_without_id_is_named_by_position(tmp_path):
    data = golden()
    del data["shots"][1]["id"]
    assert load_error(tmp_path, data).startswith("shots[1] id: missing (required)")


def test_unknown_field(tmp_path):
    data = golden()
    data["shots"][0]["camera"]["zoom"] = 2
    assert load_error(tmp_path, data) == "shot 's1' (shots[0]) camera.zoom: unknown field"


def test_several_errors_report_the_first_and_count_the_rest(tmp_path):
    data = golden()
    data["shots"][0]["camera"]["framing"] = "closeup"
    data["shots"][1]["duration_s"] = 0
    assert load_error(tmp_path, data).endswith("(and 1 more)")


@pytest.mark.parametrize(
    "transition, field, problem",
    [
        ({"type": "cut", "duration_s": 1.0}, "transition_out", "a cut has no duration"),
        ({"type": "fade", "duration_s": 1.0}, "transition_out", "a fade needs a colour"),
        (
            {"type": "dissolve", "duration_s": 0},
            "transition_out",
            "a dissolve needs duration_s > 0",
        ),
        ({"type": "dissolve", "duration_s": 1.0}, "transition_in", "a dissolve belongs on"),
        ({"type": "fade", "duration_s": 1, "colour": "white"}, "transition_out.colour", "string"),
        ({"type": "wipe", "duration_s": 1}, "transition_out.type", "unknown id 'wipe'"),
    ],
)
def test_bad_transitions(tmp_path, transition, field, problem):
    data = golden()
    data["shots"][1][field.split(".")[0]] = transition
    assert load_error(tmp_path, data).startswith(f"shot 's2' (shots[1]) {field}: {problem}")


def test_memory_must_point_at_an_earlier_shot(tmp_path):
    data = golden()
    data["shots"][1]["memory"] = [{"shot": "s4", "frame": 0}]
    assert load_error(tmp_path, data) == ("shot 's2' (shots[1]) memory[0].shot: 's4' is not an earlier shot")
    data["shots"][1]["memory"] = [{"shot": "s1", "frame": 96}]
    assert load_error(tmp_path, data).startswith(
        "shot 's2' (shots[1]) memory[0].frame: frame 96 is outside shot 's1'"
    )


def test_invalid_json_names_file_and_line(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text('{\n  "fps": 24,\n  "shots": [}\n', encoding="utf-8")
    with pytest.raises(PlanError, match=r"plan\.json:3: invalid JSON: .*\(column \d+\)$"):
        load_plan(path)


def test_not_an_object_or_missing_file(tmp_path):
    with pytest.raises(PlanError, match="expected a JSON object"):
        load_plan(write(tmp_path, []))
    with pytest.raises(PlanError, match="nope.json: no such file"):
        load_plan(tmp_path / "nope.json")
    assert issubclass(PlanError, InputError)


def test_describe_validation_error_without_the_file():
    data = golden()
    data["shots"][2]["camera"]["framing"] = "closeup"
    with pytest.raises(ValidationError) as info:
        ShotPlan.model_validate(data)
    line = describe_validation_error(info.value, data)
    assert line.startswith("shot 's3' (shots[2]) camera.framing: unknown id 'closeup'")


# -- versions ---------------------------------------------------------------------------------


def test_older_version_is_upgraded(tmp_path, monkeypatch):
    monkeypatch.setattr(base, "_UPGRADES", dict(base._UPGRADES))  # a private copy: nothing leaks out

    @base.upgrade("ShotPlan", 0)
    def rename_length(data):
        data = dict(data)
        data["shots"] = [
            {**{k: v for k, v in s.items() if k != "length"}, "duration_s": s["length"]}
            for s in data["shots"]
        ]
        return data

    old = golden()
    old["schema_version"] = "ShotPlan.0"
    for shot in old["shots"]:
        shot["length"] = shot.pop("duration_s")
    plan = load_plan(write(tmp_path, old))
    assert plan.schema_version == "ShotPlan.2"
    assert plan == ShotPlan.model_validate(golden())


def test_a_plan_1_reads_with_everyone_facing_the_camera_and_no_props():
    old = ShotPlan.from_json((BASELINE.parent / "plan.v1.json").read_text(encoding="utf-8"))
    assert old.schema_version == "ShotPlan.2" and old.sets == []
    placements = [p for shot in old.shots for p in shot.blocking]
    assert placements and all(p.facing == "camera" and p.pose == "stand" for p in placements)
    assert old == ShotPlan.model_validate(golden())


def test_a_placement_without_marks_stands_on_its_side_s_mark():
    still = Placement(character="NELL", side="left")
    assert still.marks() == (SIDE_MARKS["left"], SIDE_MARKS["left"])
    entrance = Placement(character="NELL", side="right", motion="enter", start_x=1.2)
    assert entrance.marks() == (1.2, SIDE_MARKS["right"])
    assert SIDE_MARKS["left"] < SIDE_MARKS["center"] < SIDE_MARKS["right"]


def test_upgrade_registry_is_clean_after_the_upgrade_test():
    assert ("ShotPlan", 0) not in base._UPGRADES


def test_older_version_without_upgrade_is_refused(tmp_path):
    data = golden()
    data["schema_version"] = "ShotPlan.0"
    assert load_error(tmp_path, data) == "no upgrade from ShotPlan.0 to ShotPlan.1"


def test_newer_version_is_refused(tmp_path):
    data = golden()
    data["schema_version"] = "ShotPlan.3"
    message = load_error(tmp_path, data)
    assert "newer storyreel" in message and "upgrade storyreel" in message


def test_another_document_is_refused(tmp_path):
    data = golden()
    data["schema_version"] = "Bible.1"
    assert load_error(tmp_path, data).startswith("schema_version 'Bible.1' is not a ShotPlan")


# -- derived values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "duration, fps, frames",
    [(4.0, 24, 96), (2.5, 24, 60), (0.01, 24, 1), (0.0625, 24, 2), (1 / 3, 30, 10)],
)
def test_frame_count_rounds_half_up_and_is_at_least_one(duration, fps, frames):
    camera = CameraSpec(framing="medium", angle="eye_level", movements=["static"])
    shot = Shot(id="s", scene=0, duration_s=duration, description="", camera=camera)
    assert shot.frame_count(fps) == frames


def test_camera_properties():
    assert CameraSpec(framing="full", angle="low", movements=["static"]).is_static
    assert CameraSpec(framing="full", angle="low", movements=["arc_left"]).has_parallax
    assert not CameraSpec(framing="full", angle="low", movements=["zoom_in"]).has_parallax


def test_transition_defaults_to_a_cut():
    assert Transition() == Transition(type="cut", duration_s=0)


# -- check_plan: the plan against its screenplay ------------------------------------------------


def test_golden_plan_matches_its_screenplay():
    check_plan(ShotPlan.model_validate(golden()), screenplay())


def test_covering_an_unknown_element_is_a_plan_error():
    data = golden()
    data["shots"][2]["covers"] = ["d-0a9d7713", "d-ffffffff"]
    with pytest.raises(PlanError) as info:
        check_plan(ShotPlan.model_validate(data), screenplay())
    assert str(info.value) == ("shot 's3' (shots[2]) covers[1]: no element 'd-ffffffff' in the screenplay")


def test_scene_out_of_range_is_a_plan_error():
    data = golden()
    data["shots"][3]["scene"] = 2
    with pytest.raises(PlanError) as info:
        check_plan(ShotPlan.model_validate(data), screenplay())
    assert str(info.value).startswith(
        "shot 's4' (shots[3]) scene: no scene 2 in the screenplay (2 scenes: 0..1)"
    )


def test_covering_an_element_of_another_scene():
    data = golden()
    data["shots"][3]["covers"] = ["a-3f1c09d2"]
    problems = plan_problems(ShotPlan.model_validate(data), screenplay())
    assert problems == ["shot 's4' (shots[3]) covers[0]: element 'a-3f1c09d2' is in scene 0, not scene 1"]


def test_leading_elements_belong_to_scene_zero():
    data = golden()
    data["shots"][0]["covers"] = ["c-5e0d11aa", "a-3f1c09d2"]
    assert plan_problems(ShotPlan.model_validate(data), screenplay()) == []
    data["shots"][3]["covers"] = ["c-5e0d11aa"]
    assert "comes before the first scene" in plan_problems(ShotPlan.model_validate(data), screenplay())[0]


def _blocked(data: dict, shot: int, **placement) -> dict:
    data["shots"][shot]["blocking"][0].update(placement)
    return data


def test_an_eyeline_names_someone_of_the_scene():
    # MAYA looks at the CONDUCTOR, who speaks in scene 0 and is in its shots: fine.
    data = _blocked(golden(), 0, eyeline="CONDUCTOR", facing="right")
    assert plan_problems(ShotPlan.model_validate(data), screenplay()) == []
    # Scene 1 has no conductor, and nobody looks at themselves.
    data = _blocked(golden(), 3, eyeline="CONDUCTOR", facing="right")
    data = _blocked(data, 1, eyeline="MAYA", facing="right")
    assert plan_problems(ShotPlan.model_validate(data), screenplay()) == [
        "shot 's2' (shots[1]) blocking[0].eyeline: MAYA looks at 'MAYA', themselves",
        "shot 's4' (shots[3]) blocking[0].eyeline: MAYA looks at 'CONDUCTOR', no one in the scene",
    ]


def test_a_held_prop_is_one_of_the_scene_s_set():
    data = _blocked(golden(), 0, holding="the ticket")
    data["sets"] = [{"scene": 0, "props": [{"name": "the ticket", "shape": "paper"}]}]
    assert plan_problems(ShotPlan.model_validate(data), screenplay()) == []
    data = _blocked(data, 3, holding="the ticket")  # scene 1's set has no ticket
    assert plan_problems(ShotPlan.model_validate(data), screenplay()) == [
        "shot 's4' (shots[3]) blocking[0].holding: 'the ticket' is not a prop of the scene (props: none)"
    ]


def test_a_set_names_a_scene_of_the_screenplay_once_and_each_prop_once():
    data = golden()
    bench = {"name": "the bench", "shape": "seat"}
    data["sets"] = [{"scene": 0, "props": [bench, bench]}, {"scene": 0}, {"scene": 5, "props": [bench]}]
    assert plan_problems(ShotPlan.model_validate(data), screenplay()) == [
        "sets[0] props: 'the bench' is named twice",
        "sets[1] scene: scene 0 already has a set",
        "sets[2] scene: no scene 5 in the screenplay (2 scenes)",
    ]


def test_two_foreground_shoulders_are_one_too_many():
    data = golden()
    shoulder = {"character": "X", "side": "right", "facing": "away", "foreground": True}
    data["shots"][0]["blocking"] = [dict(shoulder, character="MAYA", side="left"), shoulder]
    data["shots"][0]["subjects"] = ["MAYA", "X"]
    assert "shot 's1' (shots[0]) blocking: more than one foreground shoulder" in plan_problems(
        ShotPlan.model_validate(data), screenplay()
    )


def test_subjects_are_checked_against_the_bible_and_problems_counted():
    bible = Bible(characters=[CharacterSheet(name="MAYA", identity=Identity(colour="#E8B923"))])
    data = golden()
    data["shots"][0]["covers"] = ["nope"]
    with pytest.raises(PlanError) as info:
        check_plan(ShotPlan.model_validate(data), screenplay(), bible)
    assert str(info.value) == (
        "shot 's1' (shots[0]) covers[0]: no element 'nope' in the screenplay (and 1 more)"
    )
    assert plan_problems(ShotPlan.model_validate(data), screenplay(), bible)[1] == (
        "shot 's3' (shots[2]) subjects[0]: 'CONDUCTOR' has no sheet in the bible"
    )
