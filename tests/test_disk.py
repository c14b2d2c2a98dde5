"""A full disk (issue 14, item 3), and scratch kept inside the project (item 13).

Each way a write finds no space (an OSError ENOSPC from our own writes, SQLite's "database or
disk is full" from the checkpointer, a broken pipe from an encoder on a device with nothing
free) ends `make` in one line naming the device, exit 1; the same make run again once the fault
is gone finishes the film.
"""

from __future__ import annotations

import errno
import io
import os
import sqlite3
import sys
import tempfile
from collections import namedtuple
from pathlib import Path

import imageio_ffmpeg
import pytest
from langgraph.checkpoint.sqlite import SqliteSaver

from storyreel import disk
from storyreel.cli import main
from storyreel.errors import DiskFull, InputError
from storyreel.project import Project, atomic_write
from storyreel.render import RENDERERS
from storyreel.render.splice import encoder_signature
from storyreel.render.testing import FakeRenderer

SCRIPT = """\
INT. HALVORSEN GARAGE - NIGHT

NELL hauls the sheet off the car. DANNY sits on a bucket.

NELL
Guy from the listing comes at nine.
"""
MAKE = ["--renderer", "animatic", "--scorer", "none", "--resolution", "32x18", "--fps", "8", "--quiet"]
Usage = namedtuple("Usage", "total used free")


@pytest.fixture(autouse=True)
def fake_renderer(monkeypatch):
    monkeypatch.setitem(RENDERERS, "fake", FakeRenderer)


@pytest.fixture
def script(tmp_path) -> Path:
    path = tmp_path / "garage.fountain"
    path.write_text(SCRIPT, encoding="utf-8")
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([*args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def make(capsys, script: Path, project: Path) -> tuple[int, str, str]:
    return run(capsys, "make", str(script), "-o", str(project), *MAKE)


def full_then_freed(capsys, monkeypatch, script: Path, project: Path) -> str:
    """Make with the fault armed: one line, exit 1; then with it removed: the film, and nothing
    half-written left behind."""
    code, out, err = make(capsys, script, project)
    assert code == 1, (code, out, err)
    assert err.count("\n") == 1 and err.startswith("storyreel: error: no space left on "), err
    assert "Traceback" not in err and "FFMPEG" not in err and "internal error" not in err
    monkeypatch.undo()
    monkeypatch.setitem(RENDERERS, "fake", FakeRenderer)
    code, out, err = make(capsys, script, project)
    assert code == 0, err
    assert (project / "film.mp4").stat().st_size > 0
    assert not list(project.glob(".tmp-*")) and not list(project.glob("cache/*/.tmp-*"))
    return err


# -- the three ways a full disk shows -------------------------------------------------------------


def test_our_own_write_finding_no_space_is_one_line_and_make_resumes(tmp_path, capsys, monkeypatch, script):
    calls = {"n": 0}
    real_fsync = os.fsync

    def fsync(fd: int) -> None:  # the second document written finds the disk full
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    full_then_freed(capsys, monkeypatch, script, tmp_path / "p")


def test_a_full_checkpoint_database_is_one_line_and_make_resumes(tmp_path, capsys, monkeypatch, script):
    calls = {"n": 0}
    real_put = SqliteSaver.put

    def put(self, *args, **kwargs):  # noqa: ANN001, ANN202 - SqliteSaver.put's own signature
        calls["n"] += 1
        if calls["n"] == 5:  # part way through the run: earlier checkpoints are saved
            raise sqlite3.OperationalError("database or disk is full")
        return real_put(self, *args, **kwargs)

    monkeypatch.setattr(SqliteSaver, "put", put)
    full_then_freed(capsys, monkeypatch, script, tmp_path / "p")
    assert calls["n"] >= 5


def _broken_encoder(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - imageio_ffmpeg.write_frames
    """What imageio-ffmpeg does when ffmpeg died of ENOSPC: the next frame finds the pipe
    broken, said with ffmpeg's whole command line."""
    yield
    try:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")
    except BrokenPipeError as err:
        raise OSError(f"{err}\n\nFFMPEG COMMAND:\nffmpeg -y -f rawvideo ...\n\nFFMPEG STDERR OUTPUT:\n")  # noqa: B904


def test_an_encoder_dying_on_a_full_disk_is_one_line_and_make_resumes(tmp_path, capsys, monkeypatch, script):
    monkeypatch.setattr(imageio_ffmpeg, "write_frames", _broken_encoder)
    monkeypatch.setattr(disk.shutil, "disk_usage", lambda path: Usage(10**9, 10**9, 0))
    full_then_freed(capsys, monkeypatch, script, tmp_path / "p")


def test_an_encoder_dying_with_space_left_is_not_called_a_full_disk(tmp_path, capsys, monkeypatch, script):
    monkeypatch.setattr(imageio_ffmpeg, "write_frames", _broken_encoder)
    monkeypatch.setattr(disk.shutil, "disk_usage", lambda path: Usage(10**9, 0, 10**9))
    code, out, err = make(capsys, script, tmp_path / "p")
    assert code == 1 and err.count("\n") == 1, err
    assert "cannot write the video: [Errno 32] Broken pipe" in err and "no space" not in err
    assert "FFMPEG" not in err


# -- the pieces ------------------------------------------------------------------------------------


def test_an_atomic_write_says_the_device_and_what_it_needed_and_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "plan.json"
    path.write_text("old", encoding="utf-8")

    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(DiskFull) as caught:
        atomic_write(path, b"x" * 25_000_000)
    assert caught.value.needed == 25_000_000
    assert str(caught.value).startswith(f"no space left on {disk.mount_point(tmp_path)} (needed about 25 MB)")
    assert path.read_text(encoding="utf-8") == "old" and os.listdir(tmp_path) == ["plan.json"]


def test_a_cache_asset_estimates_from_its_stage(tmp_path):
    project = Project(tmp_path / "p").create()
    (project.cache_dir / "draft").mkdir()
    (project.cache_dir / "draft" / "a.mp4").write_bytes(b"x" * 3_000_000)

    def full(out: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(DiskFull, match=r"\(needed about 3.0 MB\)"):
        project.cached("draft", "b" * 64, ".mp4", full)


def test_only_a_full_disk_is_out_of_space():
    assert disk.out_of_space(OSError(errno.ENOSPC, "No space left on device"))
    assert disk.out_of_space(OSError(errno.EDQUOT, "Disk quota exceeded"))
    assert disk.out_of_space(sqlite3.OperationalError("database or disk is full"))
    assert not disk.out_of_space(OSError(errno.EACCES, "Permission denied"))
    assert not disk.out_of_space(sqlite3.OperationalError("database is locked"))
    assert not disk.out_of_space(sqlite3.DatabaseError("file is not a database"))


def test_a_full_disk_says_no_figure_it_does_not_know():
    assert str(DiskFull("/mnt/films")).startswith("no space left on /mnt/films: free some")
    assert "(needed about 0.1 MB)" in str(DiskFull("/", 2_000))


# -- scratch inside the project, and chat on a busy project (item 13) ------------------------------


def test_make_never_writes_to_the_system_temp_folder(tmp_path, capsys, monkeypatch, script):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-system-temp"))  # any use fails
    code, out, err = make(capsys, script, tmp_path / "p")
    assert code == 0, err
    assert (tmp_path / "p" / "film.mp4").is_file() and not (tmp_path / "no-system-temp").exists()


def test_the_encoder_signature_probe_is_encoded_in_the_scratch_given(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-system-temp"))
    scratch = tmp_path / "p"
    assert encoder_signature(32, 18, 8, None, scratch=scratch)
    assert list(scratch.iterdir()) == []
    folder = tmp_path / "p" / "cache" / "pieces"
    signature = encoder_signature(32, 18, 8, folder)
    assert [p.name for p in folder.iterdir()] == ["signature-32x18-8-20-medium.avcc"]
    assert (folder / "signature-32x18-8-20-medium.avcc").read_bytes() == signature


def test_chat_on_a_busy_project_says_so_on_stderr_and_exits_1(tmp_path, capsys, monkeypatch, script):
    project = tmp_path / "p"
    assert make(capsys, script, project)[0] == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("shot 1 tighter\nshot 1 wider\n"))
    with Project(project).lock():  # another run holds it
        code, out, err = run(capsys, "chat", str(project))
    assert code == 1 and out == "", (code, out, err)
    assert err.count("\n") == 1 and "in use by another storyreel run" in err, err
    monkeypatch.setattr(sys, "stdin", io.StringIO("/history\n"))
    assert run(capsys, "chat", str(project))[0] == 0  # free again: the session works


def test_a_busy_project_is_not_a_full_disk():
    assert not isinstance(DiskFull("/"), InputError)  # the studio maps InputError to 4xx


# -- a full disk while a note is applied or a version is gone back to ------------------------------


def _full_fsync(monkeypatch, nth: int) -> None:
    """Our own `nth` durable write (and each after it) finds the disk full."""
    calls = {"n": 0}
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] >= nth:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def _full_database(monkeypatch, nth: int) -> None:
    calls = {"n": 0}
    real_put = SqliteSaver.put

    def put(self, *args, **kwargs):  # noqa: ANN001, ANN202 - SqliteSaver.put's own signature
        calls["n"] += 1
        if calls["n"] >= nth:
            raise sqlite3.OperationalError("database or disk is full")
        return real_put(self, *args, **kwargs)

    monkeypatch.setattr(SqliteSaver, "put", put)


def _full_encoder(monkeypatch, nth: int) -> None:
    monkeypatch.setattr(imageio_ffmpeg, "write_frames", _broken_encoder)
    monkeypatch.setattr(disk.shutil, "disk_usage", lambda path: Usage(10**9, 10**9, 0))


FAULTS = {
    **{f"our write {n}": (_full_fsync, n) for n in (1, 2, 3, 4, 6, 9)},
    **{f"checkpoint {n}": (_full_database, n) for n in (1, 2, 3, 5)},
    "encoder": (_full_encoder, 1),
}


def _versions(capsys, project: Path) -> list[str]:
    code, out, err = run(capsys, "history", str(project))
    assert code == 0, err
    return [line for line in out.splitlines()[1:] if line.strip()]  # the header aside


def _film_is_current(project: Path) -> None:
    from storyreel.documents import load_document
    from storyreel.media.video import probe
    from storyreel.models.cut import Cut

    cut = load_document(project / "cut.json", Cut)
    assert probe(project / "film.mp4").frames == cut.total_frames
    assert not list(project.glob(".tmp-*")) and not list(project.glob("cache/*/.tmp-*"))


def _direct(capsys, project: Path, *args: str) -> tuple[int, str, str]:
    try:
        return run(capsys, "direct", str(project), *args)
    except SystemExit as exit_:  # a question exits 3 past main()
        captured = capsys.readouterr()
        return int(exit_.code or 0), captured.out, captured.err


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_full_disk_during_a_note_is_one_line_and_the_note_goes_on_once_freed(
    tmp_path, capsys, monkeypatch, script, fault
):
    project = tmp_path / "p"
    assert make(capsys, script, project)[0] == 0
    arm, nth = FAULTS[fault]
    arm(monkeypatch, nth)
    code, out, err = _direct(capsys, project, "shot 1 tighter")
    assert code == 1 and err.count("\n") == 1 and "no space left on " in err, (code, out, err)
    assert "Traceback" not in err and "internal error" not in err
    monkeypatch.undo()
    monkeypatch.setitem(RENDERERS, "fake", FakeRenderer)

    history = _versions(capsys, project)  # the project is usable: the note was kept or refused
    if len(history) == 1:
        code, out, err = _direct(capsys, project, "shot 1 tighter")
        assert code == 0, (out, err)
        history = _versions(capsys, project)
    assert len(history) == 2 and "shot 1 tighter" in history[-1], history
    _film_is_current(project)
    assert _direct(capsys, project, "shot 2 wider")[0] == 0  # and directing goes on
    assert len(_versions(capsys, project)) == 3


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_full_disk_during_undo_is_one_line_and_undo_goes_on_once_freed(
    tmp_path, capsys, monkeypatch, script, fault
):
    project = tmp_path / "p"
    assert make(capsys, script, project)[0] == 0
    assert _direct(capsys, project, "shot 1 tighter")[0] == 0
    made = (project / "film.mp4").read_bytes()
    arm, nth = FAULTS[fault]
    arm(monkeypatch, nth)
    code, out, err = run(capsys, "undo", str(project))
    monkeypatch.undo()
    monkeypatch.setitem(RENDERERS, "fake", FakeRenderer)
    if code == 0:  # the fault was never reached: undo writes little
        assert fault != "our write 1", (out, err)
    else:
        assert code == 1 and err.count("\n") == 1 and "no space left on " in err, (code, out, err)

    history = _versions(capsys, project)  # the next command finishes a killed undo, or it was refused
    if history[-1].startswith("*"):
        assert run(capsys, "undo", str(project))[0] == 0
        history = _versions(capsys, project)
    assert len(history) == 2
    current = [line for line in history if line.lstrip().startswith("*")]
    assert len(current) == 1 and current[0].split()[1] == "1", history
    _film_is_current(project)
    assert (project / "film.mp4").read_bytes() != made  # version 1's film again
