"""The project's content-addressed cache: two writers of one key never break each other."""

from __future__ import annotations

import json
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


def _write(data: bytes):  # noqa: ANN202 - a maker that counts its calls
    calls = []

    def make(out: Path) -> None:
        calls.append(out)
        out.write_bytes(data)

    return make, calls


def test_a_cached_asset_is_served_while_it_matches_its_record(tmp_path):
    project = Project(tmp_path / "p").create()
    make, calls = _write(b"clip" * 100)
    path, hit = project.cached("refine", "k", ".mp4", make)
    assert not hit and (path.parent / ".k.mp4.json").is_file()
    assert project.cached("refine", "k", ".mp4", make) == (path, True) and len(calls) == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(p.read_bytes()[:10]),  # truncated
        lambda p: p.unlink(),  # deleted
        lambda p: p.write_bytes(b"x" * p.stat().st_size),  # overwritten, same size
        lambda p: (p.parent / f".{p.name}.json").write_text("{not json"),  # its record damaged
    ],
    ids=["truncated", "deleted", "overwritten", "bad-record"],
)
def test_a_damaged_asset_is_made_again(tmp_path, damage):
    project = Project(tmp_path / "p").create()
    make, calls = _write(b"clip" * 100)
    path, _ = project.cached("refine", "k", ".mp4", make)
    damage(path)
    assert not project.intact(path)
    assert project.cached("refine", "k", ".mp4", make) == (path, False) and len(calls) == 2
    assert path.read_bytes() == b"clip" * 100 and project.intact(path)


def test_a_folder_asset_missing_a_file_is_damaged(tmp_path):
    project = Project(tmp_path / "p").create()

    def make(folder: Path) -> None:
        folder.mkdir()
        (folder / "0.png").write_bytes(b"a")
        (folder / "1.png").write_bytes(b"b")

    folder, _ = project.cached("keyframes", "k", "", make)
    assert project.intact(folder)
    (folder / "1.png").unlink()
    assert project.damaged([str(folder), None]) == [str(folder)]


def test_an_asset_cached_before_records_is_trusted_once_and_recorded(tmp_path):
    project = Project(tmp_path / "p").create()
    old = project.cache_path("draft", "k", ".mp4")
    old.parent.mkdir(parents=True)
    old.write_bytes(b"old clip")
    make, calls = _write(b"new clip")
    assert project.cached("draft", "k", ".mp4", make) == (old, True) and not calls
    assert (old.parent / ".k.mp4.json").is_file()
    old.write_bytes(b"old")  # damaged after it was recorded: caught
    assert project.cached("draft", "k", ".mp4", make) == (old, False) and len(calls) == 1


def test_a_large_clip_is_fingerprinted_by_its_ends_and_size(tmp_path):
    from storyreel.project import fingerprint

    clip = tmp_path / "big.mp4"
    clip.write_bytes(bytes(5 << 20))
    before = fingerprint(clip)
    with open(clip, "r+b") as handle:
        handle.seek(len(bytes(5 << 20)) - 1)
        handle.write(b"\x01")  # the last byte
    assert fingerprint(clip) != before


def test_json_text_is_what_pythons_json_writes_only_faster():
    """Documents are written by orjson where its text is Python's, else by Python (golden files)."""
    import math
    import random

    from storyreel.project import json_text

    rng = random.Random(1)
    cases = [
        {"a": [1, 2.5, 1e-05, {"x": 'é\x01\n"\x7f\u2028', "y": []}, {}], "b": None, "c": True, "d": -0.0},
        [rng.random() * 10 ** rng.randint(-6, 18) for _ in range(2000)],  # exponents both ways
        {"k": 1e22, 'k"1e5': 0.00001, "hash": "ab7e0", "big": 10**20},
        {"nan": math.nan},
        {1: 2},
    ]
    for data in cases:
        assert json_text(data) == json.dumps(data, indent=2, ensure_ascii=False)
