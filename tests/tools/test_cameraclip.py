"""CameraCLIP without torch: captions, the set's plan, the builder, and the base install."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from itertools import product

import numpy as np
import pytest

from storyreel.errors import InputError, MissingExtraError
from storyreel.media.video import probe
from storyreel.models.camera import ANGLES, CAMERACLIP_CLASSES, FAMILY, FRAMINGS, MOVEMENTS
from storyreel.models.plan import CameraSpec
from storyreel.render import make_renderer
from storyreel.tools.cameraclip import camera_caption, class_caption
from storyreel.tools.cameraclip.captions import Labels, combined_caption, family_classes, training_caption
from storyreel.tools.cameraclip.dataset import (
    COMPOUND_MOVES,
    DRAWN_WITH,
    build_dataset,
    load_frames,
    load_manifest,
    plan_clips,
)

ANIMATIC = make_renderer("animatic", **DRAWN_WITH)  # what `storyreel cameraclip build` draws with


def test_camera_caption_reads_framing_angle_and_moves():
    low = CameraSpec(framing="close_up", angle="low", movements=["dolly_in"])
    assert camera_caption(low) == "a low-angle close-up, the camera dollies in"
    compound = CameraSpec(framing="medium", angle="eye_level", movements=["zoom_in", "tilt_up"])
    assert camera_caption(compound) == "an eye-level medium shot, the camera zooms in and tilts up"
    wide = CameraSpec(framing="extreme_long", angle="overhead", movements=["static"])
    assert camera_caption(wide) == "an overhead extreme long shot, the camera is static"


def test_every_combination_has_its_own_caption_extended_moves_included():
    captions = {combined_caption(f, a, (m,)) for f, a, m in product(FRAMINGS, ANGLES, MOVEMENTS)}
    assert len(captions) == len(FRAMINGS) * len(ANGLES) * len(MOVEMENTS)


def test_class_captions_are_distinct_within_each_family():
    for family in ("framing", "angle", "movement"):
        classes = family_classes(family, extended=True)
        texts = [class_caption(c) for c in classes]
        assert len(set(texts)) == len(texts), family
    assert class_caption("close_up") == "a close-up"
    assert class_caption("overhead") == "an overhead shot"
    assert class_caption("pan_left") == "the camera pans left"
    assert {FAMILY[c] for c in CAMERACLIP_CLASSES} == {"framing", "angle", "movement"}
    with pytest.raises(ValueError, match="unknown camera class"):
        class_caption("whip_pan")


def test_training_captions_state_only_what_is_true():
    rng = np.random.default_rng(0)
    clip = Labels("close_up", "low", ("zoom_in", "tilt_up"))
    seen, fixed = set(), 0
    for _ in range(300):
        text, says = training_caption(clip, rng)
        assert says.states_true_of(clip)
        assert (says.framing, says.angle, says.movements) != (None, None, None)
        seen.add(text)
        fixed += text == "a low-angle close-up, the camera zooms in and tilts up"
    assert len(seen) > 60  # natural variety, not one template
    assert fixed > 10  # the scored phrasing is trained on too
    for _ in range(20):
        _, says = training_caption(clip, rng, full=True)
        assert says == clip


def test_captions_are_true_or_false_by_family_and_mirror_swaps_left_and_right():
    clip = Labels("close_up", "low", ("pan_left",))
    assert Labels("close_up", None, None).states_true_of(clip)
    assert not Labels("medium", None, None).states_true_of(clip)
    assert Labels(None, "low", ("pan_left",)).states_true_of(clip)
    assert not Labels(None, None, ("pan_left", "tilt_up")).states_true_of(clip)  # moves as a set
    assert clip.mirrored() == Labels("close_up", "low", ("pan_right",))
    assert Labels("full", "dutch", ("zoom_in",)).mirrored() == Labels("full", "dutch", ("zoom_in",))


def test_the_plan_covers_every_class_in_its_folder_and_is_reproducible():
    specs = plan_clips(3, 7, seed=5)
    assert len(specs) == 3 * 20 + 7
    assert plan_clips(3, 7, seed=5) == specs
    folders = {}
    for spec in specs:
        folders.setdefault((spec.family, spec.class_id), []).append(spec)
        family_value = {"framing": spec.framing, "angle": spec.angle}.get(spec.family)
        if spec.class_id == "compound":
            assert spec.movements in COMPOUND_MOVES
        elif spec.family == "movement":
            assert spec.movements == (spec.class_id,)
        else:
            assert family_value == spec.class_id
        assert spec.relative_path.startswith(f"{spec.family}/{spec.class_id}/")
        CameraSpec(framing=spec.framing, angle=spec.angle, movements=list(spec.movements))  # valid
    assert {c for (_, c) in folders} == set(CAMERACLIP_CLASSES) | {"compound"}
    assert all(len(v) == 3 for k, v in folders.items() if k[1] != "compound")
    # Sets, characters and lenses vary; another seed gives other clips (and other file names).
    assert len({s.location["name"] for s in specs}) > 5
    assert len({s.characters[0]["identity"]["colour"] for s in specs}) > 50
    # A clip's file is keyed by what draws it: a reworded caption reuses it, a new speed does not.
    first = specs[0]
    assert replace(first, caption="reworded").relative_path == first.relative_path
    assert replace(first, speed=first.speed / 2).relative_path != first.relative_path
    other = plan_clips(3, 7, seed=6)
    assert not {s.relative_path for s in specs} & {s.relative_path for s in other}
    extended = plan_clips(1, 0, seed=5, extended=True)
    assert {s.class_id for s in extended if s.family == "movement"} == set(MOVEMENTS)


def test_build_writes_the_layout_and_resumes(tmp_path):
    folder = tmp_path / "set"
    result = build_dataset(folder, ANIMATIC, per_class=0, compound=3, seed=2, size=(64, 36), fps=8)
    assert (result.clips, result.rendered, result.reused) == (3, 3, 0)
    manifest = load_manifest(folder)
    assert manifest["params"]["size"] == [64, 36]
    for entry in manifest["clips"]:
        path = folder / entry["clip"]
        assert path.parent.parent.name == "movement" and path.parent.name == "compound"
        info = probe(path)
        assert (info.width, info.height, info.frames) == (64, 36, entry["frames"])
        assert entry["caption"] and entry["camera_caption"].startswith(("a ", "an "))
        assert tuple(entry["movements"]) in COMPOUND_MOVES
    # Killed half-way: a lost clip and a leftover temporary are redrawn, nothing else.
    lost = folder / manifest["clips"][1]["clip"]
    lost.unlink()
    (lost.parent / f".tmp-1-{lost.name}").write_bytes(b"half")
    again = build_dataset(folder, ANIMATIC, per_class=0, compound=3, seed=2, size=(64, 36), fps=8)
    assert (again.rendered, again.reused) == (1, 2)
    assert lost.is_file()
    assert json.loads((folder / "manifest.json").read_text()) == manifest


def test_training_frames_are_the_sampled_frames_and_are_cached(tmp_path):
    from storyreel.tools.cameraclip.model import fit_frames, sample_frames

    folder = tmp_path / "set"
    build_dataset(folder, ANIMATIC, per_class=0, compound=2, seed=3, size=(64, 36), fps=8)
    entries = load_manifest(folder)["clips"]
    frames = load_frames(folder, entries, (40, 24))
    assert frames.shape == (2, 8, 24, 40, 3) and frames.dtype == np.uint8
    assert np.array_equal(frames[1], fit_frames(sample_frames(folder / entries[1]["clip"]), (40, 24)))
    assert len(list((folder / ".cache").glob("frames-40x24-*.npy"))) == 1
    (folder / entries[0]["clip"]).unlink()  # served from the cache now, not the clips
    assert np.array_equal(load_frames(folder, entries, (40, 24)), frames)
    with pytest.raises(InputError, match="missing"):
        load_frames(folder, entries, (32, 18))


def test_bad_sets_are_one_line_errors(tmp_path):
    with pytest.raises(InputError, match="no manifest"):
        load_manifest(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(InputError, match="unreadable manifest"):
        load_manifest(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"schema_version": "Other.1", "clips": []}))
    with pytest.raises(InputError, match="not a CameraCLIP set"):
        load_manifest(tmp_path)
    with pytest.raises(InputError, match="even width"):
        build_dataset(tmp_path / "x", ANIMATIC, per_class=1, size=(63, 36))
    with pytest.raises(InputError, match="nothing to build"):
        build_dataset(tmp_path / "y", ANIMATIC, per_class=0, compound=0)


def test_the_package_imports_without_torch():
    code = (
        "import sys\n"
        "import storyreel.tools.cameraclip, storyreel.tools.cameraclip.dataset\n"
        "import storyreel.tools.cameraclip.train, storyreel.tools.cameraclip.evaluate\n"
        "import storyreel.cameraclip_cli, storyreel.cli\n"
        "heavy = sorted(m for m in ('torch', 'open_clip') if m in sys.modules)\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_without_torch_the_model_says_which_extra_to_install(monkeypatch, tmp_path):
    from storyreel.tools.cameraclip import CameraClip

    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now raises ImportError
    with pytest.raises(MissingExtraError, match=r"storyreel\[ml\]"):
        CameraClip.load(tmp_path / "any.pt")


def test_class_captions_are_among_the_training_phrasings():
    from storyreel.tools.cameraclip.captions import ANGLE_VARIANTS, FRAMING_VARIANTS, MOVE_VARIANTS

    variants = {**FRAMING_VARIANTS, **ANGLE_VARIANTS, **MOVE_VARIANTS}
    for class_id in MOVEMENTS + FRAMINGS + ANGLES:
        assert class_caption(class_id) in variants[class_id], class_id
