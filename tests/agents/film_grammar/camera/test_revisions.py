"""The critic's revision requests read with the director's camera words, so a synonym added to
the lexicon is one row that both understand."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from storyreel.agents.film_grammar.camera.moves import Design
from storyreel.agents.film_grammar.camera.revisions import apply_revisions, requested, speed_from
from storyreel.agents.film_grammar.lexicon import camera as camera_lexicon
from storyreel.agents.film_grammar.notes.reader import read_note
from storyreel.models.critique import RevisionRequest


def design(**changes) -> Design:
    fields = dict(
        framing="medium",
        angle="eye_level",
        movements=["pan_right"],
        lens_mm=45.0,
        speed=0.5,
        pacing="linear",
        reason="",
        prompt_notes=[],
    )
    return Design(**{**fields, **changes})


def revise(field: str, note: str, **changes) -> Design:
    d = design(**changes)
    apply_revisions(d, [RevisionRequest(field=field, note=note)])
    return d


def film():
    name = "storyreel_tests_director_film"
    if name not in sys.modules:
        path = Path(__file__).parents[2] / "director_film.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name].film()


def test_words_after_an_instruction_are_wanted_and_rejected_ones_are_not():
    assert requested("the push in read as a zoom; make it a clear dolly in", camera_lexicon.MOVES) == [
        "dolly_in"
    ]
    assert requested("not a zoom in: pan left with her", camera_lexicon.MOVES) == ["pan_left"]


def test_the_critic_reads_the_director_s_words():
    assert revise("camera.movements", "whip pan left").movements == ["pan_left"]
    assert revise("camera.angle", "shoot from below").angle == "low"
    assert revise("camera.framing", "punch in").framing == "close_up"
    assert revise("camera.lens_mm", "go for a long lens").lens_mm == 67.5


def test_speed_words_set_or_scale_the_move():
    assert speed_from("speed 0.3", 0.5) == 0.3
    assert speed_from("barely moving", 0.5) == 0.12
    assert speed_from("slower", 0.5) == 0.3
    assert speed_from("much faster", 0.1) == 0.6  # from at least 0.3
    assert speed_from("keep it", 0.5) is None


def test_a_static_shot_keeps_no_speed():
    assert revise("camera.movements", "lock it off").speed == 0.0
    assert revise("camera.speed", "faster", movements=["static"], speed=0.0).speed == 0.0


def test_a_new_synonym_for_push_in_is_one_row_read_by_the_director_and_the_critic(monkeypatch):
    plan, bible, screenplay = film()
    note = "shot 3 nudge in"
    assert read_note(note, plan, bible, screenplay).question
    assert revise("camera.movements", "nudge in").movements == ["pan_right"]
    row = (re.compile(r"\bnudge in\b", re.IGNORECASE), "dolly_in")
    monkeypatch.setattr(camera_lexicon, "MOVES", (*camera_lexicon.MOVES, row))
    assert read_note(note, plan, bible, screenplay).edits[0].movements == ["dolly_in"]
    assert revise("camera.movements", "nudge in").movements == ["dolly_in"]
