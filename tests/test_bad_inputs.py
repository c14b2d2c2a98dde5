"""The hostile and unlucky user's corpus (issue 14, items 2, 8, 11 and 12), run through the CLI.

Every case ends in one line on stderr naming the file (or the value) and the problem, a non-zero
exit, no traceback; where a project is involved, the next command on it still works. What a user
or a file wrote is never printed raw: no terminal control or bidi override reaches the terminal.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import struct
import sys
import zlib
from pathlib import Path

import pytest

from storyreel.api import Studio
from storyreel.cli import main
from storyreel.render import RENDERERS
from storyreel.render.testing import FakeRenderer

BASELINE_PLAN = Path(__file__).parent / "baselines" / "plan.json"
SCRIPT = """\
INT. HALVORSEN GARAGE - NIGHT

NELL hauls the sheet off the car. DANNY sits on a bucket.

NELL
Guy from the listing comes at nine.

DANNY
You listed it.
"""
MAKE = ["--renderer", "animatic", "--scorer", "none", "--resolution", "32x18", "--fps", "8", "--quiet"]
ESC, RLO = "\x1b", "\u202e"


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main([*args])
    except SystemExit as exit_:  # `direct` exits 3 on a question, past main()
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def refused(capsys, *args: str) -> str:
    """The one error line of a refused command."""
    code, out, err = run(capsys, *args)
    assert code == 1, (code, out, err)
    assert err.count("\n") == 1 and err.startswith("storyreel: error: "), err
    assert "Traceback" not in err and "internal error" not in err
    return err


def png_header(width: int, height: int) -> bytes:
    """A PNG that says it is width x height: all PIL reads before deciding to decode."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(autouse=True)
def fake_renderer(monkeypatch):
    monkeypatch.setitem(RENDERERS, "fake", FakeRenderer)


@pytest.fixture
def script(tmp_path) -> Path:
    path = tmp_path / "garage.fountain"
    path.write_text(SCRIPT, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """A made film (the fake renderer, tiny), copied for each test that changes it."""
    root = tmp_path_factory.mktemp("made")
    script = root / "garage.fountain"
    script.write_text(SCRIPT, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(RENDERERS, "fake", FakeRenderer)
        Studio(root / "p", renderer="fake", scorer="none", resolution=(32, 18), fps=8).make(script)
    return root / "p"


@pytest.fixture
def project(made, tmp_path) -> Path:
    copy = tmp_path / "p"
    shutil.copytree(made, copy)
    return copy


def still_usable(capsys, project: Path) -> None:
    code, out, err = run(capsys, "history", str(project))
    assert code == 0 and "(make)" in out, err


# -- files that are not files, or too much of one (item 2) ----------------------------------------


def _plan_with(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _fifo(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


def _nested(tmp_path: Path) -> Path:
    return _plan_with(tmp_path, "deep.json", "[" * 200_000 + "]" * 200_000)


def _long_fps(tmp_path: Path) -> Path:
    text = BASELINE_PLAN.read_text().replace('"fps": 24', '"fps": ' + "9" * 5000, 1)
    return _plan_with(tmp_path, "fps.json", text)


def _no_shots(tmp_path: Path) -> Path:
    plan = json.loads(BASELINE_PLAN.read_text())
    plan["shots"], plan["sets"] = [], []
    return _plan_with(tmp_path, "empty.json", json.dumps(plan))


def _keyframe(image: str):  # noqa: ANN202 - a case builder
    def build(tmp_path: Path) -> Path:
        plan = json.loads(BASELINE_PLAN.read_text())
        plan["shots"][0]["keyframes"][0]["image"] = image
        return _plan_with(tmp_path, "plan.json", json.dumps(plan))

    return build


def _keyframe_fifo(tmp_path: Path) -> Path:
    _fifo(tmp_path, "k0.png")
    return _keyframe("k0.png")(tmp_path)


CHECKS = {  # `storyreel check PLAN`: the plan made by the case, and what its one line says
    "dev-zero": (lambda tmp_path: Path("/dev/zero"), "/dev/zero: is not a regular file (a device)"),
    "fifo": (lambda tmp_path: _fifo(tmp_path, "plan.json"), "plan.json: is not a regular file (a pipe)"),
    "directory": (lambda tmp_path: tmp_path, "is a directory"),
    "nested-200000-deep": (_nested, "deep.json: invalid JSON: nested too deeply"),
    "5000-digit-fps": (_long_fps, "fps.json: invalid JSON: a number of more than 4300 digits"),
    "no-shots": (_no_shots, "empty.json: shots: a plan needs at least one shot"),
    "keyframe-outside": (_keyframe("/etc/passwd"), "'/etc/passwd' is outside the project folder"),
    "keyframe-climbs-out": (_keyframe("../../secret.png"), "'../../secret.png' is outside the project"),
    "keyframe-fifo": (_keyframe_fifo, "k0.png': is not a regular file (a pipe)"),
}


@pytest.mark.parametrize("case", list(CHECKS))
def test_check_refuses_in_one_line(tmp_path, capsys, case):
    build, says = CHECKS[case]
    err = refused(capsys, "check", str(build(tmp_path)))
    assert says in err


def test_a_plan_check_still_accepts_a_good_plan(tmp_path, capsys):
    shutil.copy(BASELINE_PLAN, tmp_path / "plan.json")
    code, out, _ = run(capsys, "check", str(tmp_path / "plan.json"))
    assert code == 0 and "valid, 4 shots" in " ".join(out.split())


@pytest.mark.parametrize("command", ["parse", "plan", "make"])
def test_a_fifo_or_device_script_is_refused_before_reading(tmp_path, capsys, command):
    fifo = _fifo(tmp_path, "script.fountain")
    for path in (str(fifo), "/dev/urandom"):
        args = [command, path] + (["-o", str(tmp_path / "p"), "--quiet"] if command != "parse" else [])
        assert "is not a regular file" in refused(capsys, *args)


def test_a_fifo_or_device_video_is_refused_before_ffmpeg_opens_it(tmp_path, capsys):
    fifo = _fifo(tmp_path, "draft.mp4")  # ffmpeg would wait on it; on /dev/zero it would read forever
    for path, kind in ((str(fifo), "a pipe"), ("/dev/zero", "a device")):
        assert f"is not a regular file ({kind})" in refused(capsys, "probe", path)
    assert "gone.mp4: no such video" in refused(capsys, "probe", str(tmp_path / "gone.mp4"))


# -- keyframe images: special files, bombs, what is not a folder (items 2, 8, 12) --------------------


def _keyframes(tmp_path: Path, make) -> Path:  # noqa: ANN001 - writes s1-1_0.png
    folder = tmp_path / "boards"
    folder.mkdir()
    make(folder / "s1-1_0.png")
    return folder


KEYFRAMES = {  # make --keyframes FOLDER: what is in the folder, and what the one line says
    "bomb-20000x20000": (
        lambda p: p.write_bytes(png_header(20000, 20000)),
        "is too large; keyframes are at most 8192x8192",
    ),
    "huge-12000x12000": (
        lambda p: p.write_bytes(png_header(12000, 12000)),
        "is too large; keyframes are at most 8192x8192",
    ),
    "just-over-8192": (
        lambda p: p.write_bytes(png_header(8200, 100)),
        "is 8200x100 pixels; keyframes are at most",
    ),
    "fifo": (os.mkfifo, "s1-1_0.png': is not a regular file (a pipe)"),
    "not-an-image": (lambda p: p.write_text("hello"), "s1-1_0.png' is not an image"),
}


@pytest.mark.parametrize("case", list(KEYFRAMES))
def test_a_bad_keyframe_image_is_refused_before_any_work(tmp_path, capsys, script, case):
    make, says = KEYFRAMES[case]
    folder = _keyframes(tmp_path, make)
    err = refused(capsys, "make", str(script), "-o", str(tmp_path / "p"), "--keyframes", str(folder), *MAKE)
    assert says in err
    assert not (tmp_path / "p").exists()  # nothing half-made


def test_keyframes_naming_a_file_says_it_is_a_file(tmp_path, capsys, script):
    err = refused(capsys, "make", str(script), "-o", str(tmp_path / "p"), "--keyframes", str(script), *MAKE)
    assert "is a file; --keyframes takes a folder" in err


# -- what is accepted where a refusal belongs (item 12) -------------------------------------------


FDX = """<?xml version="1.0" encoding="UTF-8" standalone="no" ?>
<FinalDraft DocumentType="Script" Template="No" Version="5"><Content>{}</Content></FinalDraft>
"""
SCRIPTS = {  # `storyreel parse FILE`: the file's text, and what the one line says
    "fdx-empty-content": ("empty.fdx", FDX.format(""), "empty.fdx: has no script in it"),
    "fdx-junk-elements": (
        "junk.fdx",
        FDX.format(
            '<Junk>x</Junk><Paragraph Type="Action"></Paragraph><Paragraph><Text> </Text></Paragraph>'
        ),
        "junk.fdx: has no script in it",
    ),
    "fountain-notes-and-boneyard": (
        "drafts.fountain",
        "[[a note to self]]\n\n/* an old scene\nno longer wanted */\n",
        "drafts.fountain: has no script in it",
    ),
}


@pytest.mark.parametrize("case", list(SCRIPTS))
def test_a_script_with_nothing_in_it_is_refused(tmp_path, capsys, case):
    name, text, says = SCRIPTS[case]
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert says in refused(capsys, "parse", str(tmp_path / name))


def test_an_empty_project_path_is_refused(tmp_path, capsys, script, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.iterdir())
    assert "no project directory given" in refused(capsys, "plan", str(script), "-o", "", "--quiet")
    assert sorted(tmp_path.iterdir()) == before  # nothing written into the current folder


def test_a_missing_prompt_folder_is_refused_whatever_the_brain(tmp_path, capsys, script):
    err = refused(
        capsys, "plan", str(script), "-o", str(tmp_path / "p"), "--prompts", "/nonexistent", "--quiet"
    )
    assert "/nonexistent: prompt folder does not exist" in err


@pytest.mark.parametrize(
    "args, says",
    [
        (["parse"], "Missing argument 'SCRIPT'"),
        (["plan", "x.fountain"], "Missing option '-o'"),
        (["make", "x.fountain", "-o", "p", "--max-rounds", "many"], "'many' is not a valid integer"),
        (["frobnicate"], "No such command 'frobnicate'"),
        (["make", "x.fountain", "-o", "p", "--fps", "9" * 5000], "is not a valid integer"),
        (["make", "x.fountain", "-o", "p", "--resolution", "9" * 5000 + "x36"], "is not WIDTHxHEIGHT"),
    ],
    ids=[
        "missing-argument",
        "missing-option",
        "bad-integer",
        "no-such-command",
        "5000-digit-fps",
        "5000-digit-size",
    ],
)
def test_usage_errors_are_one_line_and_exit_1_like_ours(capsys, args, says):
    err = refused(capsys, *args)
    assert says in err and "--help)" in err and len(err) < 320


def test_a_negative_shot_number_is_not_shot_1(project, capsys):
    code, out, err = run(capsys, "direct", str(project), "shot -1 tighter")
    assert code == 3 and "There is no shot -1" in out, (out, err)  # a question: nothing changes
    code, out, _ = run(capsys, "history", str(project), "--json")
    assert code == 0 and len(json.loads(out)["versions"]) == 1  # nothing was applied


# -- the project's own files damaged (item 8) -------------------------------------------------------


def test_a_damaged_checkpoint_database_is_one_line_and_the_project_recovers(project, capsys, tmp_path):
    checkpoints = project / ".storyreel" / "checkpoints.sqlite"
    checkpoints.write_bytes(b"this is not a database" * 100)
    for command in ("history", "undo"):
        assert "checkpoints.sqlite: the project's checkpoint database cannot be used" in refused(
            capsys, command, str(project)
        )
    checkpoints.rename(tmp_path / "damaged.sqlite")  # as the line says: move it aside, make again
    (project / "versions.json").unlink(missing_ok=True)
    script = tmp_path / "garage.fountain"
    script.write_text(SCRIPT, encoding="utf-8")
    Studio(project, renderer="fake", scorer="none", resolution=(32, 18), fps=8).make(script)
    still_usable(capsys, project)


@pytest.mark.parametrize("kind", ["directory", "fifo"])
def test_a_lock_that_cannot_be_held_is_one_line(project, capsys, kind):
    lock = project / ".storyreel" / "lock"
    lock.unlink(missing_ok=True)
    lock.mkdir() if kind == "directory" else os.mkfifo(lock)
    assert "lock: cannot" in refused(capsys, "direct", str(project), "shot 1 tighter")
    lock.rmdir() if kind == "directory" else lock.unlink()
    still_usable(capsys, project)


# -- nothing a user or a file wrote reaches the terminal raw (item 11) ------------------------------


def _clean(text: str) -> bool:
    return ESC not in text and RLO not in text and "\x07" not in text


def test_parse_escapes_controls_in_headings_and_cues(tmp_path, capsys):
    path = tmp_path / "evil.fountain"
    path.write_text(
        f"INT. GARAGE{ESC}]0;pwned\x07 - NIGHT\n\nNell works.\n\nNELL{RLO}\nHi.\n\nDANNY\nHo.\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "parse", str(path))
    assert code == 0 and _clean(out + err) and "\\x1b" in out and "\\u202e" in out
    code, out, _ = run(capsys, "parse", str(path), "--json")
    assert code == 0 and _clean(out) and "GARAGE\\u001b" in out and json.loads(out)["scenes"]


def test_history_and_chat_escape_a_note(project, capsys, monkeypatch):
    note = f"shot 2 from below {ESC}[2J{RLO}"
    code, out, err = run(capsys, "direct", str(project), note)
    assert code == 0 and _clean(out + err), err
    code, out, err = run(capsys, "history", str(project))
    assert code == 0 and _clean(out + err) and "\\x1b[2J\\u202e" in out
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"/history\nshot 99 {ESC}[31mwider\n/frobnicate{ESC}\n"))
    code, out, err = run(capsys, "chat", str(project))
    assert code == 0 and _clean(out + err) and "\\x1b" in out


def test_an_error_naming_a_file_escapes_its_name(tmp_path, capsys):
    err = refused(capsys, "parse", str(tmp_path / f"evil{ESC}[2J{RLO}.fountain"))
    assert _clean(err) and "\\x1b[2J\\u202e" in err


def test_a_damaged_version_history_is_one_line(project, capsys):
    (project / "versions.json").write_text("[" * 200_000, encoding="utf-8")
    assert "versions.json: invalid JSON: nested too deeply" in refused(capsys, "history", str(project))


@pytest.mark.parametrize(
    "url", ["http://[::1", "http://someone:PASSWORD123@localhost:abc/v1", "localhost:8080/v1", "ftp://x/v1"]
)
def test_a_base_url_the_brain_cannot_call_is_refused_before_any_work(tmp_path, capsys, monkeypatch, url):
    monkeypatch.setenv("STORYREEL_MODEL", "m")
    script = tmp_path / "s.fountain"
    script.write_text("INT. ROOM - DAY\n\nAna waits.\n", encoding="utf-8")
    args = ["plan", str(script), "-o", str(tmp_path / "p"), "--brain", "openai", "--base-url", url]
    err = refused(capsys, *args)
    assert "not an http(s) URL with a host" in err and "PASSWORD123" not in err
    assert not (tmp_path / "p").exists()  # before any work


def test_a_server_that_never_answers_stops_the_run_at_its_deadline(tmp_path, capsys, monkeypatch):
    """It accepts the connection and says nothing: the check at the start gives up after
    --timeout (issue 14 item 4: a silent server used to cost 6 minutes a call)."""
    import socket
    import time

    monkeypatch.setenv("STORYREEL_MODEL", "m")
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/v1"
        script = tmp_path / "s.fountain"
        script.write_text("INT. ROOM - DAY\n\nAna waits.\n", encoding="utf-8")
        args = ["plan", str(script), "-o", str(tmp_path / "p"), "--brain", "openai", "--base-url", url]
        began = time.monotonic()
        err = refused(capsys, *args, "--timeout", "1", "--quiet")
        assert time.monotonic() - began < 10
        assert f"the openai brain cannot be used: no answer from {url} within 1 s" in err
        code, _, err = run(capsys, *args, "--timeout", "1", "--fallback", "rules", "--quiet")
        assert code == 0 and "not asked this run: no answer" in err


def test_a_project_moved_to_another_folder_is_directed_where_it_is_now(made, tmp_path, capsys):
    """Its state names the old folder (documents, cache): both are read where the project is
    now, and no finished shot is drawn again."""
    moved = tmp_path / "elsewhere" / "p"
    shutil.copytree(made, tmp_path / "p")
    shutil.move(tmp_path / "p", moved)
    cached = {path: path.stat().st_mtime_ns for path in (moved / "cache").rglob("*.mp4")}

    code, _, err = run(capsys, "direct", str(moved), "shot 1 tighter")
    assert code == 0, err
    assert run(capsys, "undo", str(moved))[0] == 0
    code, out, err = run(capsys, "make", str(made.parent / "garage.fountain"), "-o", str(moved), *MAKE)
    assert code == 0, err
    assert all(path.stat().st_mtime_ns == mtime for path, mtime in cached.items())
    cut = json.loads((moved / "cut.json").read_text(encoding="utf-8"))
    assert all(entry["clip"].startswith(str(moved)) for entry in cut["entries"])
    still_usable(capsys, moved)
