"""Model configurations: built-ins, TOML files over a base, and one-line errors; no torch needed."""

from __future__ import annotations

import pytest

from storyreel.errors import InputError
from storyreel.render.diffusers.config import BUILTINS, DEFAULT_MODELS, load_model_config


@pytest.mark.parametrize("name", sorted(BUILTINS))
def test_every_builtin_is_a_valid_configuration(name):
    config = load_model_config(name)
    assert config.name == name
    assert config.draft.pipeline in ("LTXConditionPipeline", "WanImageToVideoPipeline")
    assert config.refine.pipeline == "LTXConditionPipeline"


def test_the_default_is_ltx_video_with_sdxl_keyframes():
    config = load_model_config(None)
    assert config.name == DEFAULT_MODELS == "ltx-video"
    assert config.keyframes.pipeline == "StableDiffusionXLPipeline"
    assert config.keyframes.ip_adapter is not None
    assert config.draft.model.startswith("Lightricks/LTX-Video")
    assert config.refine.upsampler.startswith("Lightricks/ltxv-spatial-upscaler")


def test_a_toml_file_overrides_its_base_key_by_key(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        'base = "ltx-video"\n'
        "[draft]\n"
        'model = "/models/ltx-distilled"\n'
        "guidance_scale = 1.0\n"
        "[draft.call]\n"
        "timesteps = [1000, 993, 987, 981, 975, 909, 725, 0.03]\n"
        "[loras.dolly_in]\n"
        'path = "~/loras/dolly_in.safetensors"\n'
        "weight = 0.8\n",
        encoding="utf-8",
    )
    config = load_model_config(path)
    assert config.name == "mine"
    assert config.draft.model == "/models/ltx-distilled" and config.draft.guidance_scale == 1.0
    assert config.draft.steps == 30  # from the base
    assert config.draft.call["timesteps"][-1] == 0.03 and config.draft.call["decode_timestep"] == 0.05
    assert config.loras["dolly_in"].weight == 0.8
    assert config.keyframes.pipeline == "StableDiffusionXLPipeline"


def test_cost_only_knobs_stay_out_of_the_pixel_settings():
    config = load_model_config("ltx-video")
    changed = config.model_copy(
        update={"draft": config.draft.model_copy(update={"offload": "sequential", "compile": True})}
    )
    assert changed.pixel_settings() == config.pixel_settings()
    cached = config.model_copy(update={"draft": config.draft.model_copy(update={"cache": "first_block"})})
    assert cached.pixel_settings() != config.pixel_settings()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'base = "ltx-video"\n[loras.spin]\npath = "x"\n',
            "loras: Value error, unknown camera movement(s) ['spin']",
        ),
        (
            'base = "ltx-video"\n[draft]\nsteps = 0\n',
            "draft.steps: Input should be greater than or equal to 1",
        ),
        ('base = "ltx-video"\n[draft]\nstepz = 3\n', "draft.stepz: Extra inputs are not permitted"),
        ('base = "sdxl-turbo"\n', "base 'sdxl-turbo' is not a built-in"),
        ("[draft\n", "not valid TOML"),
        ('name = "x"\n', "keyframes: Field required (and 2 more)"),
    ],
)
def test_a_bad_file_is_one_line_naming_it_and_the_field(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_model_config(path)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_a_name_that_is_neither_builtin_nor_toml_says_what_exists(tmp_path):
    with pytest.raises(
        InputError, match=r"--models 'ltx': not a built-in \(ltx-video, wan-flf2v, tiny-random\)"
    ):
        load_model_config("ltx")
    with pytest.raises(InputError, match="no such model configuration file"):
        load_model_config(tmp_path / "absent.toml")
