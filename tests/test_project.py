"""The project's content-addressed cache: two writers of one key never break each other."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from storyreel.errors import DiskFull
from storyreel.project import Project


def _two_writers(project: Project, make) -> list[tuple[Path, bool]]:  # noqa: ANN001 - a maker
    """Both threads inside `make` at once (a barrier), as two render tasks of one key are."""
    barrier = threading.Barrier(2, timeout=10)
    results: list[tuple[Path, bool]] = []
    errors: list[BaseException] = []

    def write(out: Path) -> None:
        barrier.wait()
        make(out)

    def run() -> None:
        try:
            results.append(project.cached("keyframes", "k" * 64, "", write))
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def test_two_writers_of_one_folder_asset_both_get_it(tmp_path):
    project = Project(tmp_path / "p").create()

    def make(folder: Path) -> None:
        folder.mkdir(parents=True)
        (folder / "000.png").write_bytes(b"frame")

    results = _two_writers(project, make)
    assert len(results) == 2
    assert {path for path, _ in results} == {project.cache_path("keyframes", "k" * 64)}
    assert [p.name for p in project.cache_path("keyframes", "k" * 64).iterdir()] == ["000.png"]
    assert not [p for p in (project.cache_dir / "keyframes").iterdir() if p.name.startswith(".tmp")]
    assert project.cached("keyframes", "k" * 64, "", make)[1] is True  # and it is a hit from now on


def test_two_writers_of_one_file_asset_leave_one_whole_file(tmp_path):
    project = Project(tmp_path / "p").create()
    results = _two_writers(project, lambda out: out.write_bytes(b"clip" * 1000))
    assert len(results) == 2
    assert project.cache_path("keyframes", "k" * 64).read_bytes() == b"clip" * 1000


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    project = Project(tmp_path / "p").create()

    def broken(out: Path) -> None:
        out.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(DiskFull, match="^no space left on /"):
        project.cached("draft", "d" * 64, ".mp4", broken)
    assert list((project.cache_dir / "draft").iterdir()) == []
