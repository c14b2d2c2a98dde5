"""The three stages on tiny random-weight pipelines: what each asks its pipeline for, and the files.

The pixels are noise; what is checked is the path: keyframes with character and scene image
prompts, a draft whose conditions sit at the keyframes' frames at a frame count the model
accepts, a refine pass at twice the draft canvas with the hi-res keyframes re-imposed, and the
animatic's file layout (names, sizes, frame counts). One shot is rendered once for the module
with every pipeline call recorded; the tests read that record.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

pytest.importorskip("diffusers")

from storyreel.errors import InputError  # noqa: E402
from storyreel.media.video import probe, read_frames  # noqa: E402
from storyreel.render.diffusers import loading  # noqa: E402
from storyreel.render.diffusers.draft import draft_prompt, keyframe_frames  # noqa: E402

# diffusers' EulerDiscreteScheduler (SDXL's) hands numpy a torch tensor, and numpy 2 warns on every
# call: diffusers' to fix, harmless here, ignored by name.
EULER_NUMPY_WARNING = "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning"
pytestmark = [pytest.mark.ml, pytest.mark.filterwarnings(EULER_NUMPY_WARNING)]

THREE_KEYFRAMES = [
    {"frame": 0, "description": "Ana looks up", "prompt": "close-up of Ana looking up"},
    {"frame": 5, "description": "Ana turns"},
    {"frame": 11, "description": "Ana smiles"},
]


@dataclass
class Rendered:
    keyframes: list[Path]
    draft: Path
    final: Path
    calls: dict[str, list[dict[str, Any]]]  # per stage, then per pipeline class


@pytest.fixture(scope="module")
def shot(tiny_renderer, tmp_path_factory, make_job, recording):
    """A 12-frame shot (8 fps) of two characters with three keyframes, through all three stages."""
    from diffusers import LTXConditionPipeline, LTXLatentUpsamplePipeline, StableDiffusionXLPipeline

    folder = tmp_path_factory.mktemp("shot")
    job = make_job(subjects=("ANA", "BEN"), duration_s=1.5, keyframes=THREE_KEYFRAMES)
    pipelines = (StableDiffusionXLPipeline, LTXConditionPipeline, LTXLatentUpsamplePipeline)
    calls: dict[str, Any] = {}
    with recording(*pipelines) as calls["keyframes"]:
        keyframes = tiny_renderer.keyframes(job, folder / "kf")
    with recording(*pipelines) as calls["draft"]:
        draft = tiny_renderer.draft(job, keyframes, folder / "draft.mp4")
    with recording(*pipelines) as calls["refine"]:
        final = tiny_renderer.refine(job, draft, keyframes, folder / "final.mp4")
    return Rendered(keyframes, draft, final, calls)


def test_keyframes_are_pngs_at_the_style_size(shot):
    assert [p.name for p in shot.keyframes] == ["00-frame00000.png", "01-frame00005.png", "02-frame00011.png"]
    for path in shot.keyframes:
        with Image.open(path) as image:
            assert image.size == (64, 36)


def test_characters_and_scene_condition_every_keyframe_as_image_prompts(shot, tiny_renderer):
    calls = shot.calls["keyframes"]["StableDiffusionXLPipeline"]
    sheets = [c for c in calls if c["prompt"].startswith(("character reference sheet", "empty establishing"))]
    keyframes = [c for c in calls if c not in sheets]
    assert [c["prompt"].startswith("character reference sheet of Ana") for c in sheets].count(True) == 1
    assert len(sheets) == 3  # Ana, Ben, the park: each made once for the three keyframes
    assert keyframes[0]["prompt"] == "close-up of Ana looking up"  # the cinematographer's prompt
    assert keyframes[1]["prompt"].startswith("close-up, low angle, 35mm lens: Ana turns")
    for call in keyframes:
        characters, scene = call["ip_adapter_image"]
        assert len(characters) == 2 and len(scene) == 1
        assert call["height"] % 8 == 0 and call["width"] % 8 == 0
    pipe = tiny_renderer.keyframe_pipeline()
    assert len(pipe.unet.encoder_hid_proj.image_projection_layers) == 2  # characters, scene


def test_the_draft_puts_each_keyframe_at_its_frame_at_a_count_the_model_accepts(shot):
    (call,) = shot.calls["draft"]["LTXConditionPipeline"]
    assert [c.frame_index for c in call["conditions"]] == [0, 5, 11]
    assert call["num_frames"] == 13  # the tiny VAE's stride is 4: 4k + 1, then trimmed to 12
    assert call["height"] % 32 == 0 and call["width"] % 32 == 0
    assert call["frame_rate"] == 8
    assert "close-up, low angle, static camera" in call["prompt"]
    info = probe(shot.draft)
    assert (info.width, info.height, info.frames) == (32, 18, 12)


def test_refine_upsamples_the_draft_and_reimposes_hi_res_keyframes(shot):
    (up,) = shot.calls["refine"]["LTXLatentUpsamplePipeline"]
    assert len(up["video"]) == 13 and up["output_type"] == "latent"
    (call,) = shot.calls["refine"]["LTXConditionPipeline"]
    assert call["latents"].shape[-2:] == (2 * up["height"] // 4, 2 * up["width"] // 4)  # 2x; tiny VAE /4
    assert (call["height"], call["width"]) == (2 * up["height"], 2 * up["width"])
    assert call["denoise_strength"] == 0.5
    assert [c.frame_index for c in call["conditions"]] == [0, 5, 11]
    assert call["conditions"][0].image.size == (call["width"], call["height"])
    info = probe(shot.final)
    assert (info.width, info.height, info.frames) == (64, 36, 12)


def test_pipelines_are_loaded_once_and_shared_by_draft_and_refine(shot, tiny_renderer, tmp_path, make_job):
    before = loading.loaded_count()
    job = make_job(subjects=("ANA", "BEN"), duration_s=1.5, keyframes=THREE_KEYFRAMES)
    again = tiny_renderer.draft(job, shot.keyframes, tmp_path / "again.mp4")
    assert loading.loaded_count() == before
    config = tiny_renderer.config
    assert tiny_renderer.video_pipeline(config.draft, "draft") is tiny_renderer.video_pipeline(
        config.refine, "refine"
    )
    first, second = list(read_frames(shot.draft)), list(read_frames(again))  # and drafts are reproducible
    assert all(np.array_equal(a, b) for a, b in zip(first, second, strict=True))


def test_refine_refuses_a_draft_of_the_wrong_length(shot, tiny_renderer, tmp_path, make_job):
    longer = make_job(
        duration_s=2.0, keyframes=[{"frame": 0, "description": "a"}, {"frame": 15, "description": "b"}]
    )
    with pytest.raises(InputError, match=r"has 12 frames, expected 16"):
        tiny_renderer.refine(longer, shot.draft, shot.keyframes[:2], tmp_path / "final.mp4")


def test_a_users_keyframe_image_is_used_instead_of_generating(tiny_renderer, tmp_path, make_job):
    drawn = tmp_path / "panel.png"
    Image.new("RGB", (128, 72), (10, 200, 30)).save(drawn)
    job = make_job(
        keyframes=[{"frame": 0, "description": "a", "image": str(drawn)}, {"frame": 7, "description": "b"}]
    )
    paths = tiny_renderer.keyframes(job, tmp_path / "kf")
    assert np.asarray(Image.open(paths[0]))[18, 32].tolist() == [10, 200, 30]


def test_the_prompt_carries_the_camera_language_and_the_pacing(make_job):
    job = make_job(moves=("dolly_in", "tilt_up"), pacing="ease_in")
    prompt = draft_prompt(job)
    assert "close-up, low angle, steady dolly in and tilt up" in prompt
    assert "starts slowly and gathers speed" in prompt


def test_by_pacing_an_inner_keyframe_moves_to_where_the_camera_reaches_its_progress(make_job):
    keyframes = [
        {"frame": 0, "description": "a"},
        {"frame": 8, "description": "mid"},
        {"frame": 16, "description": "b"},
    ]
    ease_in = make_job(duration_s=17 / 8, pacing="ease_in", moves=("dolly_in",), keyframes=keyframes)
    ease_out = make_job(duration_s=17 / 8, pacing="ease_out", moves=("dolly_in",), keyframes=keyframes)
    assert keyframe_frames(ease_in, "plan") == [0, 8, 16]
    assert keyframe_frames(ease_in, "pacing") == [0, 11, 16]  # sqrt(0.5) of the way: later
    assert keyframe_frames(ease_out, "pacing") == [0, 5, 16]  # earlier


def test_a_keyframe_outside_the_shot_is_refused_before_any_model_loads(tiny_renderer, tmp_path, make_job):
    job = make_job(keyframes=[{"frame": 0, "description": "a"}, {"frame": 7, "description": "b"}])
    moved = job.shot.keyframes[1].model_copy(update={"frame": 9})
    bad = job.shot.model_copy(update={"keyframes": [job.shot.keyframes[0], moved]})
    with pytest.raises(InputError, match=r"shot 't1' keyframes\[1\]: frame 9 is outside the shot \(0..7\)"):
        tiny_renderer.keyframes(job.model_copy(update={"shot": bad}), tmp_path / "kf")


@pytest.mark.slow
def test_the_wan_first_last_frame_draft(tmp_path, make_job, recording):
    from diffusers import WanImageToVideoPipeline

    from storyreel.render.diffusers import DiffusersRenderer
    from storyreel.render.diffusers.config import load_model_config

    config = load_model_config("tiny-random")
    config = config.model_copy(
        update={"draft": config.draft.model_copy(update={"pipeline": "WanImageToVideoPipeline", "size": 32})}
    )
    renderer = DiffusersRenderer(models=config)
    job = make_job(duration_s=1.5, keyframes=THREE_KEYFRAMES)
    panels = []
    for index, colour in enumerate([(200, 0, 0), (0, 200, 0), (0, 0, 200)]):
        panels.append(tmp_path / f"k{index}.png")
        Image.new("RGB", (64, 36), colour).save(panels[-1])
    with recording(WanImageToVideoPipeline) as calls:
        draft = renderer.draft(job, panels, tmp_path / "draft.mp4")
    (call,) = calls["WanImageToVideoPipeline"]
    assert call["num_frames"] == 13  # 4k + 1, time-scaled so that its last frame is the shot's last
    assert np.asarray(call["last_image"])[16, 16].tolist() == [0, 0, 200]  # the last keyframe
    assert probe(draft).frames == 12
    final = renderer.refine(job, draft, panels, tmp_path / "final.mp4")  # LTX refines Wan's draft
    assert probe(final).frames == 12


def test_earlier_keyframes_join_the_scene_memory(tiny_renderer, make_job, tmp_path):
    earlier = []
    for index in range(4):
        earlier.append(tmp_path / f"earlier-{index}.png")
        Image.new("RGB", (64, 36), (60 * index, 40, 200 - 40 * index)).save(earlier[-1])
    job = make_job(memory=tuple(str(p) for p in earlier))
    pipe = tiny_renderer.keyframe_pipeline()
    characters, scene = tiny_renderer.references(pipe, job)
    assert len(characters) == 1
    assert len(scene) == 1 + tiny_renderer.config.keyframes.memory_frames  # the plate and two frames
