"""Camera LoRAs made in code with peft: loaded, mixed per shot, switched off and removed; CLIPLoRA."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

pytest.importorskip("peft")
pytest.importorskip("diffusers")

from storyreel.errors import InputError  # noqa: E402
from storyreel.media.video import read_frames  # noqa: E402
from storyreel.render.diffusers import DiffusersRenderer, tiny  # noqa: E402
from storyreel.render.diffusers.config import CameraLoRA, load_model_config  # noqa: E402
from storyreel.render.diffusers.loras import CameraAdapters, candidate_weights, search  # noqa: E402

# diffusers' schedulers hand numpy torch tensors, and numpy 2 warns: diffusers' to fix, harmless here.
pytestmark = [
    pytest.mark.ml,
    pytest.mark.filterwarnings(
        "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning"
    ),
]


@pytest.fixture(scope="module")
def lora_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("loras")
    return {
        "dolly_in": tiny.write_camera_lora(folder / "dolly_in", seed=11),
        "tilt_up": tiny.write_camera_lora(folder / "tilt_up", seed=12),
    }


def run(pipe):
    import torch

    frames = pipe(
        prompt="a dolly in",
        height=32,
        width=32,
        num_frames=5,
        num_inference_steps=2,
        output_type="np",
        generator=torch.Generator().manual_seed(0),
    ).frames
    return np.asarray(frames)


def test_adapters_are_loaded_mixed_switched_off_and_removed(lora_files):
    from storyreel.models.plan import CameraSpec

    pipe = tiny.ltx_condition_pipeline()
    pipe.set_progress_bar_config(disable=True)
    registry = {move: CameraLoRA(path=str(path), weight=0.9) for move, path in lora_files.items()}
    adapters = CameraAdapters(pipe, registry)
    camera = CameraSpec(framing="medium", angle="eye_level", movements=["dolly_in", "tilt_up"])
    moves, weights = adapters.for_camera(camera)
    assert moves == ["dolly_in", "tilt_up"] and weights == [0.9, 0.9]
    # the critic's stronger-move request scales the adapters, within a cap
    assert adapters.for_camera(camera.model_copy(update={"move_gain": 1.5}))[1] == pytest.approx([1.35, 1.35])
    assert adapters.for_camera(camera.model_copy(update={"move_gain": 4.0}))[1] == pytest.approx([1.8, 1.8])

    base = run(pipe)
    with adapters.active(moves, [1.0, 0.5]):
        mixed = run(pipe)
        assert sorted(pipe.get_list_adapters()["transformer"]) == ["camera_dolly_in", "camera_tilt_up"]
        assert sorted(pipe.get_active_adapters()) == ["camera_dolly_in", "camera_tilt_up"]
    off = run(pipe)
    with adapters.active(moves, [0.0, 0.0]):
        zero = run(pipe)
    with adapters.active(moves, [1.0, 0.0]):
        dolly_only = run(pipe)
    adapters.remove()
    removed = run(pipe)

    assert np.abs(mixed - base).max() > 1e-3  # the adapters change the picture
    assert np.abs(dolly_only - mixed).max() > 1e-4  # and the mix matters
    np.testing.assert_allclose(zero, base, atol=1e-5)  # weights of 0 are the base model
    np.testing.assert_allclose(off, base, atol=1e-5)  # switched off after the shot
    np.testing.assert_allclose(removed, base, atol=1e-5)
    assert pipe.get_list_adapters() == {}


def test_candidate_weights_try_scales_then_lead_each_move():
    assert candidate_weights([], [0.5, 1.0], 4) == [[]]
    assert candidate_weights([0.8], [], 4) == [[0.8]]
    assert candidate_weights([0.8], [0.5, 1.0, 1.25], 4) == [[0.4], [0.8], [1.0]]
    assert candidate_weights([1.0, 1.0], [0.5, 1.0], 8) == [[0.5, 0.5], [1.0, 1.0], [1.0, 0.5], [0.5, 1.0]]
    assert len(candidate_weights([1.0, 1.0], [0.5, 1.0], 3)) == 3


def test_search_keeps_the_best_scoring_render():
    rendered = []

    def render(weights):
        rendered.append(weights)
        return sum(weights)

    result = search(
        render, lambda frames: -abs(frames - 1.5), [[0.5, 0.5], [1.0, 1.0], [1.0, 0.5], [0.5, 1.0]]
    )
    assert result.weights == [1.0, 0.5] and result.frames == 1.5
    assert result.scores == [-0.5, -0.5, 0.0, 0.0] and len(rendered) == 4


@pytest.mark.slow
def test_the_renderer_searches_adapter_weights_with_the_camera_scorer(lora_files, make_job, tmp_path):
    config = load_model_config("tiny-random").model_copy(
        update={
            "loras": {"dolly_in": CameraLoRA(path=str(lora_files["dolly_in"]))},
            "lora_search": [0.5, 1.0, 1.5],
        }
    )
    scored = []

    class Brightness:  # prefers the brightest draft: any deterministic preference
        name = "test-brightness"

        def score(self, frames, camera):
            scored.append((len(frames), camera.movements))
            return float(np.mean(frames))

    renderer = DiffusersRenderer(models=config, camera_scorer=Brightness())
    job = make_job(moves=("dolly_in",))
    keyframes = [tmp_path / "k0.png", tmp_path / "k1.png"]
    for path, grey in zip(keyframes, (60, 190), strict=True):
        Image.new("RGB", (64, 36), (grey, grey, grey)).save(path)
    draft = renderer.draft(job, keyframes, tmp_path / "draft.mp4")
    search_record = renderer.last_search["t1"]
    assert scored == [(8, ["dolly_in"])] * 3  # three candidates, each the shot's 8 frames
    best = int(np.argmax(search_record["scores"]))
    assert search_record["weights"] == [[0.5], [1.0], [1.5]][best]
    kept = np.mean(np.stack(list(read_frames(draft))).astype(float))
    assert kept == pytest.approx(max(search_record["scores"]), abs=3)  # the best draft was written
    settings = renderer.settings()
    assert settings["camera_scorer"] == "test-brightness" and settings["lora_search"] == [0.5, 1.0, 1.5]
    assert len(settings["loras"]["dolly_in"]["sha256"]) == 64  # a retrained LoRA changes the key


def test_a_missing_lora_file_is_one_line_naming_the_move(tmp_path):
    config = load_model_config("tiny-random").model_copy(
        update={"loras": {"pan_left": CameraLoRA(path=str(tmp_path / "pan_left.safetensors"))}}
    )
    with pytest.raises(
        InputError, match=r"loras.pan_left: LoRA file '.*pan_left.safetensors' does not exist"
    ):
        DiffusersRenderer(models=config)


def test_a_scorer_is_used_only_when_the_configuration_searches(lora_files):
    class Constant:
        name = "constant"

        def score(self, frames, camera):
            return 0.0

    searched = load_model_config("tiny-random").model_copy(
        update={"loras": {"dolly_in": CameraLoRA(path=str(lora_files["dolly_in"]))}, "lora_search": [1.0]}
    )
    assert (
        DiffusersRenderer(models=searched, camera_scorer=Constant()).settings()["camera_scorer"] == "constant"
    )
    unsearched = searched.model_copy(update={"lora_search": []})
    settings = DiffusersRenderer(models=unsearched, camera_scorer=Constant()).settings()
    assert settings["camera_scorer"] is None and settings["lora_search"] == []
    assert DiffusersRenderer(models=searched).settings()["camera_scorer"] is None  # none handed in
