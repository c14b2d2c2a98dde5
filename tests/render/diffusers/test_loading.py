"""Loading from this machine only: folders, the Hugging Face cache, one-line errors, once per process."""

from __future__ import annotations

import socket

import pytest

pytest.importorskip("diffusers")

from storyreel.errors import InputError  # noqa: E402
from storyreel.render.diffusers import loading, tiny  # noqa: E402
from storyreel.render.diffusers.config import DraftStage  # noqa: E402

pytestmark = pytest.mark.ml


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("storyreel tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_a_model_missing_from_the_cache_is_one_line_saying_how_to_get_it(no_network, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_CACHE", str(tmp_path))
    stage = DraftStage(model="Lightricks/LTX-Video-0.9.7-dev")
    with pytest.raises(InputError) as error:
        loading.load_stage(stage, "draft")
    message = str(error.value)
    assert message.startswith("draft model 'Lightricks/LTX-Video-0.9.7-dev' is not on this machine")
    assert "`huggingface-cli download Lightricks/LTX-Video-0.9.7-dev`" in message
    assert "\n" not in message


def test_a_path_that_is_not_a_folder_nor_an_id_says_so(no_network):
    with pytest.raises(
        InputError, match=r"draft model './models/ltx': no such folder, and not a Hugging Face id"
    ):
        loading.locate("./models/ltx", "draft")


def test_a_folder_that_is_not_a_diffusers_folder_says_what_is_missing(no_network, tmp_path):
    with pytest.raises(InputError, match="the folder has no model_index.json"):
        loading.locate(str(tmp_path), "draft")


def test_an_unknown_pipeline_class_is_refused():
    with pytest.raises(InputError, match="'LTXConditionPipe' is not a diffusers pipeline class"):
        loading.pipeline_class("LTXConditionPipe")


def test_a_saved_folder_loads_offline_through_the_real_loader_once(no_network, tmp_path):
    folder = tmp_path / "ltx"
    tiny.ltx_condition_pipeline().save_pretrained(folder)
    stage = DraftStage(model=str(folder), device="cpu", dtype="float32")
    loading.forget_loaded()
    pipe = loading.load_stage(stage, "draft")
    assert type(pipe).__name__ == "LTXConditionPipeline"
    assert loading.load_stage(stage, "draft") is pipe  # once per process
    assert loading.loaded_count() == 1
    loading.forget_loaded()


def test_auto_picks_bfloat16_on_cuda_and_float32_on_the_cpu():
    import torch

    assert loading.resolve_dtype("auto", "cpu") == torch.float32
    assert loading.resolve_dtype("float16", "cpu") == torch.float16
    if torch.cuda.is_available():
        assert loading.resolve_device("auto") == "cuda"
        assert loading.resolve_dtype("auto", "cuda") in (torch.bfloat16, torch.float16)
    else:
        assert loading.resolve_device("auto") in ("cpu", "mps")
        with pytest.raises(InputError, match="CUDA is not available"):
            loading.resolve_device("cuda")


def test_a_pipeline_passed_in_is_used_instead_of_loading_and_gets_the_knobs():
    from storyreel.render.diffusers import DiffusersRenderer

    built = tiny.ltx_condition_pipeline()
    renderer = DiffusersRenderer(models="tiny-random", pipelines={"draft": built})
    config = renderer.config
    assert renderer.video_pipeline(config.draft, "draft") is built
    assert built._progress_bar_config == {"disable": True}  # the knobs applied
    wrong = DiffusersRenderer(models="tiny-random", pipelines={"refine": tiny.sdxl_pipeline()})
    with pytest.raises(
        InputError,
        match="refine: the pipeline given is a StableDiffusionXLPipeline, not a LTXConditionPipeline",
    ):
        wrong.video_pipeline(config.refine, "refine")


def test_the_first_block_cache_on_a_one_block_denoiser_is_refused():
    stage = DraftStage(model="tiny-random", cache="first_block", device="cpu", dtype="float32")
    pipe = tiny.ltx_condition_pipeline()
    pipe.transformer.transformer_blocks = pipe.transformer.transformer_blocks[:1]
    with pytest.raises(InputError, match="needs a denoiser of 2 blocks or more"):
        loading.apply_knobs(pipe, stage, "cpu", None)
