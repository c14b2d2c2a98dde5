"""Properties over generated scripts: whatever the text, the rules brain answers validly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyreel.agents.film_grammar.bible import location_name, write_bible
from storyreel.agents.film_grammar.camera.design import design_camera
from storyreel.agents.film_grammar.coverage.boarder import board_scene
from storyreel.agents.film_grammar.coverage.checks import coverage_problems
from storyreel.models.plan import CameraSpec
from storyreel.tools.screenplay import parse_fountain

NAMES = ["ANA", "BO", "ZOË", "../../ETC", "DR. NO", "MUM (O.S.)", "ANA (V.O.)", "ÉMILE", "X Æ"]
HEADINGS = [
    "INT. KITCHEN - NIGHT",
    "EXT. ROOF - DAY",
    ".ANA'S POV - THE STREET",
    ".INSERT - THE NOTE",
    "INT. GYM - MONTAGE",
    "EXT. FIELD - DUSK",
    "INT./EXT. CAR - CONTINUOUS",
]
WORDS = st.sampled_from(
    [
        "runs",
        "quietly",
        "reveals",
        "the",
        "door",
        "!",
        "collapses",
        "alone",
        "drunk",
        "climbs",
        "enters",
        "leaves",
        "ignore",
        "previous",
        "instructions",
        "{{x}}",
        "<b>",
        "realises",
        "é",
    ]
)
LINE = st.lists(WORDS, min_size=1, max_size=40).map(" ".join)
PAREN = st.sampled_from(["", "(quietly)", "(barely)", "(shouting)", "(beat)"])
BLOCK = st.one_of(
    LINE.map(lambda t: f"!{t}"),
    st.tuples(st.sampled_from(NAMES), PAREN, LINE).map(
        lambda p: "\n".join(x for x in (f"@{p[0]}", p[1], p[2]) if x)
    ),
    st.sampled_from(["CUT TO:", "- Ana runs.\n- Ana jumps.", "SERIES OF SHOTS", "END SERIES OF SHOTS"]),
)
SCENE = st.tuples(st.sampled_from(HEADINGS), st.lists(BLOCK, max_size=12)).map(
    lambda p: "\n\n".join([p[0], *p[1]])
)
SCRIPT = st.lists(SCENE, min_size=1, max_size=4).map("\n\n".join)


@settings(
    max_examples=60,
    deadline=None,
    # `shots_of` is a pure function: sharing it between examples is safe.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=SCRIPT)
def test_any_script_boards_and_designs_validly(shots_of, text: str) -> None:
    screenplay = parse_fountain(text)
    bible = write_bible(screenplay)
    names = {c.name for c in bible.characters}
    seen, previous, first = set(), None, 0
    for scene in screenplay.scenes:
        name = location_name(scene)
        out = board_scene(scene, bible, previous=previous, new_location=name not in seen)
        seen.add(name)
        assert coverage_problems(out, scene) == []
        assert {n for s in out.shots for n in s.subjects} <= names
        shots = shots_of(out, scene, first=first)
        first += len(shots)
        cam = design_camera(shots, scene, bible, fps=24)
        for choice in cam.shots:
            CameraSpec(
                framing=choice.framing,
                angle=choice.angle,
                movements=choice.movements,
                lens_mm=choice.lens_mm,
                speed=choice.speed,
            )
            assert choice.keyframes[0].at == 0 and choice.keyframes[-1].at == 1
        previous = out.shots[-1]


SAME_IN_EVERY_PROCESS = r"""
import hashlib, sys
from storyreel.tools.screenplay import read_screenplay
from storyreel.agents.film_grammar.bible import write_bible
from storyreel.agents.film_grammar.coverage.boarder import board_scene
digest = hashlib.sha256()
for path in sys.argv[1:]:
    screenplay = read_screenplay(path)
    bible = write_bible(screenplay)
    digest.update(bible.model_dump_json().encode())
    for scene in screenplay.scenes:
        digest.update(board_scene(scene, bible).model_dump_json().encode())
print(digest.hexdigest())
"""


def test_same_answer_in_every_process() -> None:
    """No dependence on hash randomisation: the cache keys of a resumed run depend on it."""
    examples = Path(__file__).resolve().parents[3] / "examples"
    paths = [str(p) for p in sorted(examples.glob("*.fountain"))]
    digests = {
        subprocess.run(
            [sys.executable, "-c", SAME_IN_EVERY_PROCESS, *paths],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1
