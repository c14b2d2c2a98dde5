"""The openai brain through the whole graph: a model that talks nonsense never corrupts the
plan, every fallback is reported, and the API key is nowhere in the project."""

from __future__ import annotations

import json
from pathlib import Path

from storyreel.api import Studio
from storyreel.checks import plan_problems

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "garage.fountain"
SECRET = "sk-test-GRAPHSECRET42"
QUERY = ":query"  # fake_openai.QUERY: where the fake keeps a request's URL query


def test_garbage_from_the_model_falls_back_to_rules_at_every_step(
    tmp_path, monkeypatch, fake_openai, fake_reply
):
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    fake_openai.otherwise = fake_reply.completion("Sure! Here is a lovely plan for your film.")
    studio = Studio(tmp_path / "p", brain="openai", model="fake-model", base_url=fake_openai.base_url)
    result = studio.plan(EXAMPLE)

    assert plan_problems(result.plan, result.screenplay, result.bible) == []
    agents = {entry.agent for entry in result.report}
    assert {"writer", "storyboard", "cinematographer"} <= agents
    assert all(entry.fallback for entry in result.report if entry.brain is not None)
    assert len(fake_openai.requests) >= 9  # three agents, each asked three times
    # the plan equals what the rules brain makes on its own
    rules = Studio(tmp_path / "rules").plan(EXAMPLE)
    assert result.plan.model_dump(exclude={"screenplay_sha256"}) == rules.plan.model_dump(
        exclude={"screenplay_sha256"}
    )
    for path in (tmp_path / "p").rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_a_board_that_misses_speeches_is_rejected_by_the_plan_validator(
    tmp_path, monkeypatch, fake_openai, fake_reply
):
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    wrong = {
        "shots": [
            {
                "kind": "master",
                "covers": ["d-00000000"],
                "subjects": [],
                "blocking": [],
                "framing": "long",
                "duration_s": 4,
                "description": "Everything at once.",
                "start_frame": "the garage",
                "end_frame": "the garage",
            }
        ]
    }
    fake_openai.otherwise = fake_reply.completion(json.dumps(wrong))
    result = Studio(tmp_path / "p", brain="openai", model="fake-model", base_url=fake_openai.base_url).plan(
        EXAMPLE
    )
    board = next(entry for entry in result.report if entry.agent == "storyboard")
    assert board.brain == "rules" and board.fallback
    assert any("d-00000000" in note or "not covered" in note for note in board.notes or [])
    assert plan_problems(result.plan, result.screenplay, result.bible) == []


def test_a_critic_revision_past_the_plans_limits_is_re_asked_then_replaced(
    tmp_path, monkeypatch, fake_openai, fake_reply
):
    """A verdict that passes the JSON schema but asks for a move gain of 100 or a seed of -7.5
    never reaches the plan: the critic's check refuses it, the model is asked again, and the
    rules verdict stands; the make finishes, and so does the next one."""
    from storyreel.render import RENDERERS
    from storyreel.render.testing import FakeRenderer

    monkeypatch.setitem(RENDERERS, "fake", FakeRenderer)
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    wild = [
        {"field": "camera.move_gain", "note": "push the move", "value": 100},
        {"field": "seed", "note": "another take", "value": -7.5},
    ]
    verdict = {"passed": False, "reasons": ["the move is weak"], "revisions": wild}
    fake_openai.otherwise = fake_reply.completion(json.dumps(verdict))  # every agent gets it
    settings = {"renderer": "fake", "scorer": "none", "resolution": (32, 18), "fps": 8}
    studio = Studio(
        tmp_path / "p", brain="openai", model="fake-model", base_url=fake_openai.base_url, **settings
    )
    result = studio.make(EXAMPLE)

    assert result.cut is not None
    critics = [entry for entry in result.report if entry.agent == "critic"]
    assert critics and all(entry.brain == "rules" for entry in critics)
    assert all("camera.move_gain = 100" in entry.fallback for entry in critics)
    assert all("seed = -7.5: a seed is a whole number" in entry.fallback for entry in critics)
    assert all(shot.camera.move_gain <= 8 and (shot.seed or 0) >= 0 for shot in result.plan.shots)
    assert studio.make(EXAMPLE).cut is not None


def test_credentials_in_the_base_url_reach_no_file(tmp_path, monkeypatch, fake_openai, fake_reply):
    """A user:password part and an api-key query in --base-url: the brain calls with them (the
    query on every request), and the checkpoints, report and every other file of the
    project name the endpoint without them."""
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    fake_openai.otherwise = fake_reply.completion("not a plan")
    host = fake_openai.base_url.split("://", 1)[1]
    base_url = f"http://someone:PASSWORD123@{host}?api-key=QUERYSECRET9"
    studio = Studio(
        tmp_path / "p",
        brain="openai",
        model="fake-model",
        base_url=base_url,
        resolution=(160, 90),
        scorer="none",
    )
    result = studio.make(EXAMPLE)
    assert fake_openai.headers and all(h[QUERY] == "api-key=QUERYSECRET9" for h in fake_openai.headers)
    brains = {json.dumps(e.brain) for e in result.report if e.brain is not None}
    assert brains and all("PASSWORD123" not in b and "QUERYSECRET9" not in b for b in brains)
    for path in (tmp_path / "p").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"PASSWORD123" not in data and b"QUERYSECRET9" not in data, path


# -- a server that refuses, is not there, or keeps failing (issue 14 item 4) -----------------------

SCENES = "".join(
    f"INT. ROOM {n} - DAY\n\nANA waits.\n\nANA\nLine {n}.\n\n" for n in range(1, 7)
)  # six scenes: a writer's, six storyboards' and six cinematographers' questions


def test_a_refused_key_stops_plan_and_direct_in_one_line_and_the_project_stays_usable(
    tmp_path, monkeypatch, capsys, fake_openai, fake_reply
):
    from storyreel.cli import main

    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    fake_openai.models = fake_reply.error(401, "Incorrect API key provided")
    project = str(tmp_path / "p")
    brain = ["--brain", "openai", "--model", "fake-model", "--base-url", fake_openai.base_url]
    assert main(["plan", str(EXAMPLE), "-o", project, "--quiet", *brain]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("storyreel: error: the openai brain cannot be used: HTTP 401 from ")
    assert SECRET not in err and fake_openai.requests == []

    make = ["--renderer", "animatic", "--scorer", "none", "--resolution", "32x18", "--fps", "4", "--quiet"]
    assert main(["make", str(EXAMPLE), "-o", project, *make]) == 0  # the rules brain on the same project
    capsys.readouterr()
    try:
        code = main(["direct", project, "shot 2 tighter", *brain])
    except SystemExit as exit_:
        code = exit_.code
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "HTTP 401" in err
    assert main(["history", project]) == 0
    assert "(make)" in capsys.readouterr().out
    try:
        assert main(["direct", project, "shot 2 tighter"]) == 0  # the rules brain still directs it
    except SystemExit as exit_:
        assert exit_.code == 0


def test_the_rules_fallback_plans_without_a_server_and_says_so_once(tmp_path, monkeypatch, capsys):
    import socket

    from storyreel.cli import main

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/v1"
    script = tmp_path / "s.fountain"
    script.write_text(SCENES, encoding="utf-8")
    args = ["plan", str(script), "-o", str(tmp_path / "p"), "--brain", "openai", "--model", "m"]
    args += ["--base-url", url, "--retries", "0", "--quiet"]
    assert main(args) == 1
    assert "cannot reach" in capsys.readouterr().err
    assert main([*args, "--fallback", "rules"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "and 10 more" in warnings[0] and "not asked this run" in warnings[0]


def test_a_server_that_keeps_failing_is_given_up_on_for_the_whole_run(tmp_path, monkeypatch, fake_openai):
    from storyreel.agents.brains.openai import GIVE_UP_AFTER

    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    script = tmp_path / "s.fountain"
    script.write_text(SCENES, encoding="utf-8")
    # `otherwise` is a 500: every question fails
    studio = Studio(
        tmp_path / "p", brain="openai", model="fake-model", base_url=fake_openai.base_url, max_retries=0
    )
    result = studio.plan(script)

    asked = [entry for entry in result.report if entry.brain is not None]
    assert len(asked) == 13 and all(entry.fallback for entry in asked)
    # the storyboards run in parallel: a few may be in flight when the third failure lands
    assert GIVE_UP_AFTER <= len(fake_openai.requests) <= GIVE_UP_AFTER + 6
    assert sum("not asked again this run" in entry.fallback for entry in asked) >= 13 - 9
