"""`storyreel direct / chat / history / undo / checkout / diff`: what a director types and reads."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from storyreel.api import Studio
from storyreel.cli import main
from storyreel.errors import InputError
from storyreel.render import RENDERERS
from storyreel.render.testing import FakeRenderer

SCRIPT = """\
INT. HALVORSEN GARAGE - NIGHT

NELL hauls the sheet off the car. DANNY sits on a bucket.

NELL
Guy from the listing comes at nine.

DANNY
You listed it.
"""


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A made film (the fake renderer, tiny), ready for notes."""
    monkeypatch.setitem(RENDERERS, "fake", FakeRenderer)
    script = tmp_path / "garage.fountain"
    script.write_text(SCRIPT, encoding="utf-8")
    Studio(tmp_path / "p", renderer="fake", scorer="none", resolution=(32, 18), fps=8).make(script)
    FakeRenderer.calls.clear()
    return tmp_path / "p"


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main([*args])
    except SystemExit as exit_:  # `direct` exits 3 on a question, past main(), as a script sees it
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_direct_json_says_what_changed_and_what_was_rendered(project, capsys):
    code, out, _ = run(capsys, "direct", str(project), "shot 2 from below", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["status"] == "applied" and result["version"] == 2
    assert len(result["changed_shots"]) == 1 and result["rerendered_shots"] == result["changed_shots"]
    assert isinstance(result["seconds"], float) and result["seconds"] > 0
    assert result["edits"][0]["op"] == "camera" and result["edits"][0]["angle"] == "low"


def test_direct_prints_the_reading_and_each_change(project, capsys):
    code, out, _ = run(capsys, "direct", str(project), "shot 2 from below")
    assert code == 0
    assert "shot 2: low angle" in out and "angle" in out and "version 2" in out


def test_a_question_exits_3_and_changes_nothing(project, capsys):
    code, out, _ = run(capsys, "direct", str(project), "shot 40 tighter")
    assert code == 3 and "There is no shot 40" in out
    code, out, _ = run(capsys, "direct", str(project), "shot 40 tighter", "--json")
    assert code == 3 and json.loads(out)["status"] == "question"
    code, out, _ = run(capsys, "history", str(project), "--json")
    assert [v["number"] for v in json.loads(out)["versions"]] == [1]


def test_a_question_lists_its_choices_numbered(project, capsys):
    code, out, _ = run(capsys, "direct", str(project), "shot 2 tighter or wider")
    assert code == 3 and "Tighter or wider?" in out
    assert "1. shot 2 tighter" in out and "2. shot 2 wider" in out
    code, out, _ = run(capsys, "direct", str(project), "shot 2 tighter or wider", "--json")
    assert json.loads(out)["choices"] == ["shot 2 tighter", "shot 2 wider"]


def test_in_chat_a_number_answers_with_that_choice(project, capsys, monkeypatch):
    session = ["shot 2 tighter or wider", "3", "2", "7"]  # 3: no such choice; 7 after an answer: a note
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(session) + "\n"))
    code, out, _ = run(capsys, "chat", str(project))
    assert code == 0
    assert "2. shot 2 wider" in out and "Type a number to answer" in out
    assert "there is no choice 3: pick 1-2" in out
    assert "→ shot 2 wider" in out and "version 2" in out
    assert "I could not find a change in '7'" in out
    history = json.loads(run(capsys, "history", str(project), "--json")[1])
    assert [v["note"] for v in history["versions"]] == [None, "shot 2 wider"]


def test_errors_are_one_line(tmp_path, capsys):
    code, _, err = run(capsys, "direct", str(tmp_path / "nowhere"), "shot 1 tighter")
    assert code == 1 and "no such project directory" in err and err.count("\n") == 1
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "direct", str(tmp_path / "empty"), "shot 1 tighter")
    assert code == 1 and "no film here yet" in err


def test_history_undo_checkout_and_diff(project, capsys):
    run(capsys, "direct", str(project), "shot 2 from below")
    run(capsys, "direct", str(project), "shot 3 wider")
    code, out, _ = run(capsys, "history", str(project), "--json")
    history = json.loads(out)
    assert history["current"] == 3 and [v["parent"] for v in history["versions"]] == [None, 1, 2]
    code, out, _ = run(capsys, "history", str(project))
    assert "shot 2 from below" in out and "(make)" in out
    code, out, _ = run(capsys, "diff", str(project), "1", "3", "--json")
    assert {c["field"] for c in json.loads(out)} >= {"camera.angle", "camera.framing"}
    code, out, _ = run(capsys, "diff", str(project))
    assert "framing" in out and "angle" not in out  # the last note only
    code, out, _ = run(capsys, "undo", str(project))
    assert code == 0 and "Back to version 2: shot 2 from below" in out
    code, out, _ = run(capsys, "checkout", str(project), "1")
    assert code == 0 and "Now at version 1 (the make)" in out
    code, _, err = run(capsys, "checkout", str(project), "9")
    assert code == 1 and "there is no version 9" in err
    assert FakeRenderer.calls["keyframes"] == 2  # the two notes; travelling rendered nothing


def test_chat_reads_notes_and_commands_from_a_pipe(project, capsys, monkeypatch, tmp_path):
    session = "\n".join(
        [
            "shot 2 from below",
            "and tighter",
            "shot 99 wider",
            "/show 2",
            "/history",
            "/diff",
            "/undo",
            "/frobnicate",
            f"/export {tmp_path / 'out'}",
            "/quit",
            "shot 3 wider",  # after /quit: never read
        ]
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO(session + "\n"))
    code, out, _ = run(capsys, "chat", str(project))
    assert code == 0
    assert "shot 2: low angle" in out and "(the last discussed)" in out  # "and tighter" is shot 2
    assert "There is no shot 99" in out
    assert "camera: close-up, low angle" in out  # /show 2
    assert "Back to version 2." in out
    assert "unknown command /frobnicate" in out
    assert (tmp_path / "out" / "plan.json").is_file() and list((tmp_path / "out").glob("p-v2.mp4"))
    assert "shot 3" not in out.split("/quit")[-1]
    history = json.loads(run(capsys, "history", str(project), "--json")[1])
    assert [v["note"] for v in history["versions"]] == [None, "shot 2 from below", "and tighter"]


def test_chat_json_lines_for_scripts(project, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("shot 2 from below\n/history\nshot 99 wider\n"))
    code, out, _ = run(capsys, "chat", str(project), "--json")
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert code == 0 and len(lines) == 3
    assert lines[0]["status"] == "applied" and lines[0]["rerendered_shots"]
    assert [v["number"] for v in lines[1]["history"]] == [1, 2]
    assert lines[2]["status"] == "question"


# -- a note that fails never breaks the project ------------------------------------------------------


def still_usable(project: Path, capsys, versions: int = 1, current: int = 1) -> None:
    """What a director does next works: history, a note, undo (back to `current`), and a make."""
    code, out, _ = run(capsys, "history", str(project), "--json")
    assert code == 0 and len(json.loads(out)["versions"]) == versions
    code, out, _ = run(capsys, "direct", str(project), "shot 2 from below", "--json")
    assert code == 0 and json.loads(out)["version"] == versions + 1
    code, out, _ = run(capsys, "undo", str(project))
    assert code == 0 and f"Back to version {current}" in out
    made = Studio(project, renderer="fake", scorer="none", resolution=(32, 18), fps=8).make(
        project.parent / "garage.fountain"
    )  # (the CLI's --renderer does not list the test renderer)
    assert made.cut is not None and (project / "film.mp4").exists()


def test_a_note_past_an_edits_limits_is_asked_about_and_records_nothing(project, capsys):
    code, out, _ = run(capsys, "direct", str(project), "shot 2 601 seconds longer")
    assert code == 3 and out.count("\n") == 1
    assert "a change of length must be at most 600 s (the note asks for 601 s)" in out
    still_usable(project, capsys)


def _breaks(error: BaseException):  # noqa: ANN202 - a FakeRenderer.draft
    def draft(self, job, keyframes, out):  # noqa: ANN001, ANN202, ARG001
        raise error

    return draft


def _pydantic_error() -> BaseException:
    from pydantic import ValidationError

    from storyreel.models.plan import CameraSpec

    try:
        CameraSpec(framing="close_up", angle="eye_level", movements=["static"], move_gain=100)
    except ValidationError as exc:
        return exc
    raise AssertionError("a move gain of 100 was accepted")


@pytest.mark.parametrize(
    "error, said",
    [
        (InputError("cache/draft: cannot write a draft asset: File exists"), "File exists"),
        (_pydantic_error(), "move_gain: Input should be less than or equal to 8"),
    ],
)
def test_a_note_whose_run_fails_is_refused_in_one_line_and_not_recorded(
    project, capsys, monkeypatch, error, said
):
    with monkeypatch.context() as patched:
        patched.setattr(FakeRenderer, "draft", _breaks(error))
        code, out, err = run(capsys, "direct", str(project), "shot 3 wider")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "the note was not applied" in err and said in err and "still version 1" in err
    still_usable(project, capsys)


def test_a_killed_note_that_fails_again_when_finished_is_dropped(project, capsys, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(FakeRenderer, "draft", _breaks(KeyboardInterrupt()))
        with pytest.raises(KeyboardInterrupt):
            Studio(project).direct("shot 3 wider")  # killed mid-run: finished by the next command
        patched.setattr(FakeRenderer, "draft", _breaks(InputError("the disk is on fire")))
        code, out, _ = run(capsys, "history", str(project), "--json")  # finishing it fails: dropped
    assert code == 0 and [v["number"] for v in json.loads(out)["versions"]] == [1]
    still_usable(project, capsys)


def test_a_note_killed_before_its_run_wrote_a_step_is_finished_by_the_next_command(
    project, capsys, monkeypatch
):
    with monkeypatch.context() as patched:  # pending in versions.json, the thread not moved yet
        patched.setattr("storyreel.directing.Directing._run_note", _interrupt)
        with pytest.raises(KeyboardInterrupt):
            Studio(project).direct("shot 3 wider")
    code, out, _ = run(capsys, "history", str(project), "--json")
    history = json.loads(out)
    assert code == 0 and [(v["number"], v["note"]) for v in history["versions"]] == [
        (1, None),
        (2, "shot 3 wider"),
    ]
    assert history["current"] == 2 and history["versions"][1]["rerendered_shots"] == ["s1-3"]
    on_disk = json.loads((project / "versions.json").read_text())
    assert on_disk["pending_note"] is None and on_disk["pending_since"] is None
    still_usable(project, capsys, versions=2, current=2)


@pytest.mark.parametrize("command", ["direct", "undo"])
def test_ctrl_c_in_a_note_or_an_undo_says_the_next_command_finishes_it_not_to_give_it_again(
    project, capsys, monkeypatch, command
):
    assert run(capsys, "direct", str(project), "shot 2 from below")[0] == 0  # version 2: one to undo
    given = ("direct", str(project), "shot 3 wider") if command == "direct" else ("undo", str(project))
    where = (
        "storyreel.directing.Directing._recut"
        if command == "undo"
        else "storyreel.directing.Directing._run_note"
    )
    with monkeypatch.context() as patched:  # Ctrl-C once the note or the undo is pending
        patched.setattr(where, _interrupt)
        code, out, err = run(capsys, *given)
    assert code == 130 and out == "" and "run the same command again" not in err
    assert (
        f"`storyreel history {project}` finishes the {command.replace('direct', 'note')} if it began" in err
    )
    assert "giving it again would do it twice" in err and err.strip().count("\n") == 0
    code, out, _ = run(capsys, "history", str(project), "--json")  # as it says: finished, once
    history = json.loads(out)
    notes = [v["note"] for v in history["versions"]]
    finished = {
        "direct": ([None, "shot 2 from below", "shot 3 wider"], 3),
        "undo": ([None, "shot 2 from below"], 1),
    }
    assert code == 0 and (notes, history["current"]) == finished[command]


def test_ctrl_c_in_a_chat_note_says_the_next_command_finishes_it(project, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("shot 3 wider\n"))
    with monkeypatch.context() as patched:
        patched.setattr("storyreel.directing.Directing._run_note", _interrupt)
        code, out, err = run(capsys, "chat", str(project))
    assert code == 130 and "run the same command again" not in err
    assert f"`storyreel history {project}` finishes the note if it began" in err
    code, out, _ = run(capsys, "history", str(project), "--json")
    assert [v["note"] for v in json.loads(out)["versions"]] == [None, "shot 3 wider"]


def test_a_recorded_version_that_breaks_the_plans_limits_can_be_left(project, capsys):
    from storyreel.agents.state import StateView
    from storyreel.project import Project
    from storyreel.thread import open_thread

    run(capsys, "direct", str(project), "shot 3 wider")  # version 2: a note
    with open_thread(Project(project)) as (graph, config):  # version 3: a plan out of the model's limits
        plan = StateView(graph.get_state(config).values).data("plan")  # a state may hold it inline too
        plan["shots"][0]["camera"]["move_gain"] = 100
        graph.update_state(config, {"plan": plan}, as_node="editor")
    code, out, _ = run(capsys, "history", str(project), "--json")
    assert code == 0 and [v["number"] for v in json.loads(out)["versions"]] == [1, 2, 3]
    code, out, err = run(capsys, "direct", str(project), "shot 2 from below")
    assert code == 1 and err.count("\n") == 1 and "move_gain: Input should be less than or equal to 8" in err
    code, out, _ = run(capsys, "checkout", str(project), "2")
    assert code == 0 and "Now at version 2" in out
    still_usable(project, capsys, versions=3, current=2)


def _interrupt(*_args, **_kwargs):  # noqa: ANN202 - a killed step
    raise KeyboardInterrupt


# Where a checkout or undo can be killed: its pending version recorded (the thread not moved yet),
# the thread moved to the version's fork with the editor half done (the film written, the
# documents not), and the editor finished with the history not yet moved.
CHECKOUT_KILLS = {
    "pending recorded": ("storyreel.directing.Directing._fork", _interrupt),
    "thread moved": ("storyreel.agents.editor.write_documents", _interrupt),
    "outputs written": ("storyreel.directing.Directing._arrived", _interrupt),
}


@pytest.fixture
def three(project, capsys) -> dict[int, bytes]:
    """Versions 1 (the make), 2 and 3 (notes, each on the last): each version's film, by number."""
    films = {1: (project / "film.mp4").read_bytes()}
    for number, note in ((2, "shot 2 from below"), (3, "shot 3 wider")):
        code, out, _ = run(capsys, "direct", str(project), note, "--json")
        assert code == 0 and json.loads(out)["version"] == number
        films[number] = (project / "film.mp4").read_bytes()
    FakeRenderer.calls.clear()
    return films


def _consistent(project: Path, capsys, current: int, count: int = 3) -> None:
    """The history shows `current`, and every version has the parent it was made from."""
    code, out, _ = run(capsys, "history", str(project), "--json")
    assert code == 0
    history = json.loads(out)
    parents = {v["number"]: v["parent"] for v in history["versions"]}
    assert parents == {1: None, 2: 1, 3: 2, **{n: 3 for n in range(4, count + 1)}}
    assert history["current"] == current


@pytest.mark.parametrize("where", list(CHECKOUT_KILLS))
@pytest.mark.parametrize("command, target", [("checkout", 1), ("undo", 2)])
@pytest.mark.parametrize("then", ["history", "direct", "checkout"])
def test_a_killed_checkout_or_undo_is_finished_by_the_next_command(
    project, three, capsys, monkeypatch, where, command, target, then
):
    step, kill = CHECKOUT_KILLS[where]
    with monkeypatch.context() as patched:
        patched.setattr(step, kill)
        studio = Studio(project)
        with pytest.raises(KeyboardInterrupt):  # killed (the CLI would print one line and stop)
            studio.checkout(1) if command == "checkout" else studio.undo()
    if then == "history":  # finishes the checkout, and only that: the film is the version's
        _consistent(project, capsys, current=target)
        assert (project / "film.mp4").read_bytes() == three[target]
    elif then == "direct":  # the note goes on the version the checkout went to
        code, out, _ = run(capsys, "direct", str(project), "shot 1 tighter", "--json")
        assert code == 0 and json.loads(out)["version"] == 4
        code, out, _ = run(capsys, "history", str(project), "--json")
        assert {v["number"]: v["parent"] for v in json.loads(out)["versions"]}[4] == target
    else:  # a checkout elsewhere starts from where the killed one went
        code, out, _ = run(capsys, "checkout", str(project), "3")
        assert code == 0 and "Now at version 3" in out
        _consistent(project, capsys, current=3)
        assert (project / "film.mp4").read_bytes() == three[3]
    if then != "direct":
        assert sum(FakeRenderer.calls.values()) == 0  # every shot came from the cache


def test_a_make_after_a_killed_checkout_finishes_it_and_records_no_parentless_version(
    project, three, capsys, monkeypatch
):
    step, kill = CHECKOUT_KILLS["thread moved"]
    with monkeypatch.context() as patched:
        patched.setattr(step, kill)
        with pytest.raises(KeyboardInterrupt):
            Studio(project).checkout(1)
    Studio(project, renderer="fake", scorer="none", resolution=(32, 18), fps=8).make(
        project.parent / "garage.fountain"
    )  # the make the old message asked for: it resumes the checkout's re-cut
    _consistent(project, capsys, current=1)
    assert (project / "film.mp4").read_bytes() == three[1]
    assert sum(FakeRenderer.calls.values()) == 0
    still_usable(project, capsys, versions=3, current=1)


def test_a_recovered_note_keeps_its_own_shots_and_seconds(project, capsys, monkeypatch):
    import time

    drawn = FakeRenderer.draft

    def slow_draft(self, job, keyframes, out):  # noqa: ANN001, ANN202 - finishing the killed note takes 0.6 s
        time.sleep(0.6)
        return drawn(self, job, keyframes, out)

    with monkeypatch.context() as patched:
        patched.setattr(FakeRenderer, "draft", _breaks(KeyboardInterrupt()))
        with pytest.raises(KeyboardInterrupt):
            Studio(project).direct("shot 3 wider")  # killed after its keyframes, before its draft
    monkeypatch.setattr(FakeRenderer, "draft", slow_draft)
    began = time.perf_counter()
    code, out, _ = run(capsys, "direct", str(project), "shot 2 from below", "--json")
    took = time.perf_counter() - began
    note = json.loads(out)
    assert code == 0 and note["version"] == 3  # the killed note became version 2 first
    code, out, _ = run(capsys, "history", str(project), "--json")
    recovered, last = json.loads(out)["versions"][1:]
    assert recovered["note"] == "shot 3 wider" and recovered["parent"] == 1 and last["parent"] == 2
    assert (
        recovered["rerendered_shots"] == recovered["changed_shots"] != []
    )  # drawn before and after its kill
    assert recovered["seconds"] >= 0.6  # the work done to finish it is its own...
    assert note["rerendered_shots"] == note["changed_shots"] == last["rerendered_shots"]
    assert note["seconds"] <= took - 0.6  # ...not the next note's


def _clips(project: Path, stage: str) -> list[Path]:
    return sorted((project / "cache" / stage).glob("*.mp4"))


def _make_again(project: Path) -> None:
    Studio(project, renderer="fake", scorer="none", resolution=(32, 18), fps=8).make(
        project.parent / "garage.fountain"
    )


def _shot_one_clip(project: Path) -> Path:
    return Path(json.loads((project / "cut.json").read_text())["entries"][0]["clip"])


@pytest.mark.parametrize(
    "damage",
    [lambda p: p.write_bytes(p.read_bytes()[:100]), lambda p: p.unlink()],
    ids=["truncated", "deleted"],
)
def test_a_damaged_clip_in_the_cache_is_rendered_again_by_the_next_command(project, capsys, damage):
    damage(_shot_one_clip(project))
    code, _, err = run(capsys, "direct", str(project), "shot 2 from below")
    assert code == 0, err
    # the note's shot 2, and shot 1's clip again: its keyframes and draft were still good
    assert FakeRenderer.calls == {"keyframes": 1, "draft": 1, "refine": 2}
    FakeRenderer.calls.clear()
    damage(_shot_one_clip(project))
    _make_again(project)
    assert FakeRenderer.calls == {"refine": 1}
    code, out, err = run(capsys, "history", str(project))
    assert code == 0 and "shot 2 from below" in out, err


def test_a_deleted_keyframe_redraws_the_keyframes_alone(project):
    clip = _shot_one_clip(project)
    folder = next(p for p in (project / "cache" / "keyframes").iterdir() if p.is_dir())
    next(folder.iterdir()).unlink()
    _make_again(project)
    assert FakeRenderer.calls == {"keyframes": 1} and clip.stat().st_size > 100


def test_after_rm_rf_cache_make_direct_and_history_work(project, capsys):
    import shutil

    shots = len(_clips(project, "refine"))
    shutil.rmtree(project / "cache")
    _make_again(project)
    assert FakeRenderer.calls == {"keyframes": shots, "draft": shots, "refine": shots}
    FakeRenderer.calls.clear()
    code, _, err = run(capsys, "direct", str(project), "shot 2 from below")
    assert code == 0, err
    assert FakeRenderer.calls == {"keyframes": 1, "draft": 1, "refine": 1}  # the note's shot alone
    code, out, err = run(capsys, "history", str(project))
    assert code == 0 and "shot 2 from below" in out, err


def test_after_rm_rf_cache_direct_checkout_and_history_work_without_a_make(project, capsys):
    import shutil

    shots = len(_clips(project, "refine"))
    shutil.rmtree(project / "cache")
    code, out, err = run(capsys, "history", str(project))
    assert code == 0 and "(make)" in out, err
    code, _, err = run(capsys, "direct", str(project), "shot 2 from below")
    assert code == 0, err
    # the note's shot 2 once, the other shots at their old keys
    assert FakeRenderer.calls == {"keyframes": shots, "draft": shots, "refine": shots}
    (project / "cache" / "refine").joinpath(_shot_one_clip(project).name).unlink()
    FakeRenderer.calls.clear()
    code, _, err = run(capsys, "checkout", str(project), "1")
    assert code == 0, err
    # shot 1's clip, and version 1's own shot 2 (the note's run drew only its new one)
    assert FakeRenderer.calls == {"keyframes": 1, "draft": 1, "refine": 2}
