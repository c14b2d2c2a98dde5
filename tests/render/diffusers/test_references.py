"""What conditions a keyframe besides its prompt: sheets kept once, memory frames chosen by similarity."""

from __future__ import annotations

import numpy as np
from PIL import Image

from storyreel.render.diffusers.references import SheetStore, select_memory, stable_seed


def _frames(tmp_path, colours):
    paths = []
    for index, colour in enumerate(colours):
        paths.append(tmp_path / f"m{index}.png")
        Image.new("RGB", (8, 8), colour).save(paths[-1])
    return paths


def _mean_colour(images):
    return np.stack([np.asarray(image, float).mean(axis=(0, 1)) for image in images])


def test_memory_keeps_the_frames_most_like_this_shots_references_in_story_order(tmp_path):
    red, green, blue = (250, 10, 10), (10, 250, 10), (10, 10, 250)
    candidates = _frames(tmp_path, [red, green, blue, green, blue])
    anchors = [Image.new("RGB", (8, 8), green)]
    chosen = select_memory(candidates, 2, anchors, _mean_colour)
    assert chosen == [candidates[1], candidates[3]]  # both greens, earliest first


def test_recency_breaks_ties_and_without_an_encoder_the_latest_are_kept(tmp_path):
    grey = (128, 128, 128)
    candidates = _frames(tmp_path, [grey] * 4)
    anchors = [Image.new("RGB", (8, 8), grey)]
    assert select_memory(candidates, 2, anchors, _mean_colour) == candidates[2:]
    assert select_memory(candidates, 3, anchors, None) == candidates[1:]
    assert select_memory(candidates, 3, [], _mean_colour) == candidates[1:]
    assert select_memory(candidates, 0, anchors, _mean_colour) == []
    assert select_memory(candidates[:1], 2, anchors, _mean_colour) == candidates[:1]


def test_a_sheet_is_made_once_and_kept_by_its_recipe(tmp_path):
    made = []

    def make():
        made.append(1)
        return Image.new("RGB", (4, 4), (len(made), 0, 0))

    store = SheetStore(tmp_path / "sheets")
    recipe = {"character": "ANA", "prompt": "a", "seed": 1}
    first = store.get(recipe, make)
    assert store.get(recipe, make) is first and len(made) == 1
    assert SheetStore(tmp_path / "sheets").get(recipe, make).getpixel((0, 0)) == (1, 0, 0)  # from disk
    assert len(made) == 1
    store.get({**recipe, "seed": 2}, make)
    assert len(made) == 2 and len(list((tmp_path / "sheets").glob("*.png"))) == 2


def test_seeds_are_stable_across_runs_and_machines():
    assert stable_seed("character", "ANA", 0) == stable_seed("character", "ANA", 0)
    assert stable_seed("character", "ANA", 0) != stable_seed("character", "BEN", 0)
    assert 0 <= stable_seed("x") < 2**31
