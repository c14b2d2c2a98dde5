"""Tiny random-weight pipelines, built in code: the real diffusers path on any machine, no download.

    build("LTXConditionPipeline")        T5 text encoder + LTX transformer (2 blocks) + LTX VAE
    build_upsampler(vae)                 LTXLatentUpsamplePipeline over the same VAE
    build("StableDiffusionXLPipeline")   two CLIP text encoders + UNet + VAE + CLIP image encoder
    ip_adapter_state_dict(pipe)          IP-Adapter weights shaped for that UNet
    build("WanImageToVideoPipeline")     UMT5 + Wan transformer + Wan VAE + CLIP image encoder
    write_camera_lora(folder, seed)      a LoRA made with peft on the tiny LTX transformer

Tokenizers are byte-level BPE vocabularies with no merges, built with the `tokenizers` library,
so every prompt tokenizes (one token a byte) and nothing is read from the hub. Every component is
seeded inside `fork_rng`, so a build is the same every time and leaves the global RNG alone.
Sizes follow the smallest that diffusers' own tests run (one or two layers, 8 channels); the
LTX transformer has two blocks because the first-block cache needs two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

TINY_TEXT_WIDTH = 32  # text encoder width == the denoisers' caption width
TINY_IMAGE_EMBED = 24  # CLIP image encoder projection width


def build(pipeline: str) -> Any:
    """A tiny pipeline of class `pipeline`, on the CPU in float32."""
    builders = {
        "LTXConditionPipeline": ltx_condition_pipeline,
        "StableDiffusionXLPipeline": sdxl_pipeline,
        "WanImageToVideoPipeline": wan_i2v_pipeline,
    }
    if pipeline not in builders:
        from storyreel.errors import InputError

        raise InputError(f"tiny-random has no {pipeline}: it builds {', '.join(builders)}")
    return builders[pipeline]()


def byte_tokenizer(max_length: int, pad: str, eos: str, extra: tuple[str, ...] = ()) -> Any:
    """A fast tokenizer with one token per byte and the given special tokens first."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    specials = list(dict.fromkeys([pad, eos, *extra]))
    vocab = {token: i for i, token in enumerate(specials + sorted(pre_tokenizers.ByteLevel.alphabet()))}
    tokenizer = Tokenizer(models.BPE(vocab=vocab, merges=[]))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, pad_token=pad, eos_token=eos, model_max_length=max_length
    )


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Random weights from `seed`, leaving the global RNG as it was."""
    import torch

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield


def seeded_models(seed: int, *parts: tuple[Callable[..., Any], dict[str, Any]]) -> list[Any]:
    """Each `build(**config)` in order, in eval mode, with random weights drawn from one `seed`:
    the one way every tiny component is made (the order matters: the parts share the draws)."""
    with seeded(seed):
        return [build(**config).eval() for build, config in parts]


# The tiny components' configurations: the smallest that diffusers' own tests run.
LTX_VAE: dict[str, Any] = {
    "in_channels": 3,
    "out_channels": 3,
    "latent_channels": 8,
    "block_out_channels": (8, 8, 8, 8),
    "decoder_block_out_channels": (8, 8, 8, 8),
    "layers_per_block": (1, 1, 1, 1, 1),
    "decoder_layers_per_block": (1, 1, 1, 1, 1),
    "spatio_temporal_scaling": (True, True, False, False),
    "decoder_spatio_temporal_scaling": (True, True, False, False),
    "decoder_inject_noise": (False,) * 5,
    "upsample_residual": (False,) * 4,
    "upsample_factor": (1,) * 4,
    "timestep_conditioning": False,
    "patch_size": 1,
    "patch_size_t": 1,
    "encoder_causal": True,
    "decoder_causal": False,
}
LTX_TRANSFORMER: dict[str, Any] = {
    "in_channels": 8,
    "out_channels": 8,
    "patch_size": 1,
    "patch_size_t": 1,
    "num_attention_heads": 4,
    "attention_head_dim": 8,
    "cross_attention_dim": 32,
    "num_layers": 2,
    "caption_channels": TINY_TEXT_WIDTH,
}
T5: dict[str, Any] = {
    "d_model": TINY_TEXT_WIDTH,
    "d_kv": 8,
    "d_ff": 37,
    "num_layers": 2,
    "num_heads": 4,
    "relative_attention_num_buckets": 8,
    "pad_token_id": 0,
    "eos_token_id": 1,
    "decoder_start_token_id": 0,
}
LTX_UPSAMPLER: dict[str, Any] = {
    "mid_channels": 32,
    "num_blocks_per_stage": 1,
    "dims": 3,
    "spatial_upsample": True,
    "temporal_upsample": False,
}
SDXL_UNET: dict[str, Any] = {
    "block_out_channels": (8, 16),
    "layers_per_block": 1,
    "sample_size": 16,
    "in_channels": 4,
    "out_channels": 4,
    "down_block_types": ("DownBlock2D", "CrossAttnDownBlock2D"),
    "up_block_types": ("CrossAttnUpBlock2D", "UpBlock2D"),
    "attention_head_dim": (2, 4),
    "use_linear_projection": True,
    "addition_embed_type": "text_time",
    "addition_time_embed_dim": 8,
    "transformer_layers_per_block": (1, 1),
    "projection_class_embeddings_input_dim": 6 * 8 + TINY_TEXT_WIDTH,
    "cross_attention_dim": 2 * TINY_TEXT_WIDTH,  # the two text encoders, concatenated
    "norm_num_groups": 4,
}
SDXL_VAE: dict[str, Any] = {
    "block_out_channels": [8, 16],
    "in_channels": 3,
    "out_channels": 3,
    "down_block_types": ["DownEncoderBlock2D"] * 2,
    "up_block_types": ["UpDecoderBlock2D"] * 2,
    "latent_channels": 4,
    "norm_num_groups": 4,
    "sample_size": 32,
}
CLIP_TEXT: dict[str, Any] = {
    "bos_token_id": 1,
    "eos_token_id": 0,
    "pad_token_id": 0,
    "hidden_size": TINY_TEXT_WIDTH,
    "intermediate_size": 37,
    "layer_norm_eps": 1e-5,
    "num_attention_heads": 4,
    "num_hidden_layers": 2,
    "vocab_size": 258,
    "hidden_act": "gelu",
    "projection_dim": TINY_TEXT_WIDTH,
    "max_position_embeddings": 77,
}
CLIP_IMAGE: dict[str, Any] = {
    "hidden_size": 16,
    "projection_dim": TINY_IMAGE_EMBED,
    "num_hidden_layers": 1,
    "num_attention_heads": 2,
    "patch_size": 8,
    "intermediate_size": 20,
}
WAN_VAE: dict[str, Any] = {
    "base_dim": 3,
    "z_dim": 16,
    "dim_mult": [1, 1, 1, 1],
    "num_res_blocks": 1,
    "temperal_downsample": [False, True, True],
}
WAN_TRANSFORMER: dict[str, Any] = {
    "patch_size": (1, 2, 2),
    "num_attention_heads": 2,
    "attention_head_dim": 12,
    "in_channels": 36,
    "out_channels": 16,
    "text_dim": TINY_TEXT_WIDTH,
    "freq_dim": 256,
    "ffn_dim": 32,
    "num_layers": 2,
    "cross_attn_norm": True,
    "qk_norm": "rms_norm_across_heads",
    "rope_max_seq_len": 32,
    "image_dim": 4,
    "pos_embed_seq_len": 2 * 17,  # first and last frame: 16 patches + CLS each
}
WAN_IMAGE: dict[str, Any] = {
    "hidden_size": 4,
    "projection_dim": 4,
    "num_hidden_layers": 2,
    "num_attention_heads": 2,
    "image_size": 32,
    "intermediate_size": 16,
    "patch_size": 8,
}


def ltx_vae(seed: int = 0) -> Any:
    from diffusers import AutoencoderKLLTXVideo

    (vae,) = seeded_models(seed, (AutoencoderKLLTXVideo, LTX_VAE))
    vae.use_framewise_encoding = False
    vae.use_framewise_decoding = False
    return vae


def ltx_transformer(seed: int = 0) -> Any:
    from diffusers import LTXVideoTransformer3DModel

    return seeded_models(seed, (LTXVideoTransformer3DModel, LTX_TRANSFORMER))[0]


def t5_encoder(vocab_size: int, seed: int = 0, umt5: bool = False) -> Any:
    from transformers import T5Config, T5EncoderModel, UMT5Config, UMT5EncoderModel

    config_class, model_class = (UMT5Config, UMT5EncoderModel) if umt5 else (T5Config, T5EncoderModel)
    return seeded_models(seed, (model_class, {"config": config_class(vocab_size=vocab_size, **T5)}))[0]


def ltx_condition_pipeline() -> Any:
    from diffusers import FlowMatchEulerDiscreteScheduler, LTXConditionPipeline

    tokenizer = byte_tokenizer(128, pad="<pad>", eos="</s>")
    return LTXConditionPipeline(
        scheduler=FlowMatchEulerDiscreteScheduler(),
        vae=ltx_vae(0),
        text_encoder=t5_encoder(len(tokenizer), seed=1),
        tokenizer=tokenizer,
        transformer=ltx_transformer(2),
    )


def build_upsampler(vae: Any) -> Any:
    """LTXLatentUpsamplePipeline over `vae` (the draft model's), with a tiny 2x upsampler."""
    from diffusers import LTXLatentUpsamplePipeline
    from diffusers.pipelines.ltx.modeling_latent_upsampler import LTXLatentUpsamplerModel

    config = {"in_channels": vae.config.latent_channels, **LTX_UPSAMPLER}
    (upsampler,) = seeded_models(3, (LTXLatentUpsamplerModel, config))
    return LTXLatentUpsamplePipeline(vae=vae, latent_upsampler=upsampler)


def clip_image_encoder(seed: int = 0, image_size: int = 32) -> tuple[Any, Any]:
    from transformers import CLIPImageProcessor, CLIPVisionConfig, CLIPVisionModelWithProjection

    config = CLIPVisionConfig(image_size=image_size, **CLIP_IMAGE)
    (encoder,) = seeded_models(seed, (CLIPVisionModelWithProjection, {"config": config}))
    return encoder, image_processor(CLIPImageProcessor, image_size)


def image_processor(processor_class: Any, image_size: int) -> Any:
    """The CLIP preprocessing of a tiny image encoder: `image_size` square."""
    return processor_class(
        size={"shortest_edge": image_size}, crop_size={"height": image_size, "width": image_size}
    )


def sdxl_pipeline() -> Any:
    from diffusers import (
        AutoencoderKL,
        EulerDiscreteScheduler,
        StableDiffusionXLPipeline,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

    text = {"config": CLIPTextConfig(**CLIP_TEXT)}
    unet, vae, text_encoder, text_encoder_2 = seeded_models(
        4,
        (UNet2DConditionModel, SDXL_UNET),
        (AutoencoderKL, SDXL_VAE),
        (CLIPTextModel, text),
        (CLIPTextModelWithProjection, text),
    )
    image_encoder, feature_extractor = clip_image_encoder(5)
    scheduler = EulerDiscreteScheduler(
        beta_start=0.00085,
        beta_end=0.012,
        steps_offset=1,
        beta_schedule="scaled_linear",
        timestep_spacing="leading",
    )
    return StableDiffusionXLPipeline(
        unet=unet,
        vae=vae,
        text_encoder=text_encoder,
        text_encoder_2=text_encoder_2,
        tokenizer=byte_tokenizer(77, pad="<|endoftext|>", eos="<|endoftext|>", extra=("<|startoftext|>",)),
        tokenizer_2=byte_tokenizer(77, pad="<|endoftext|>", eos="<|endoftext|>", extra=("<|startoftext|>",)),
        scheduler=scheduler,
        image_encoder=image_encoder,
        feature_extractor=feature_extractor,
    )


def ip_adapter_state_dict(pipe: Any, seed: int = 6) -> dict[str, dict[str, Any]]:
    """IP-Adapter weights (the original "image_proj" + "ip_adapter" layout) for `pipe.unet`:
    a projection of the CLIP image embedding to 4 tokens, and a key/value pair per cross-attention."""
    import torch

    unet = pipe.unet
    width = unet.config.cross_attention_dim
    embed = pipe.image_encoder.config.projection_dim
    with seeded(seed):
        image_proj = {
            "proj.weight": torch.randn(4 * width, embed) * 0.05,
            "proj.bias": torch.zeros(4 * width),
            "norm.weight": torch.ones(width),
            "norm.bias": torch.zeros(width),
        }
        ip_layers: dict[str, Any] = {}
        key = 1  # the original numbering: every other attention processor, self-attention skipped
        channels = list(unet.config.block_out_channels)
        for name in unet.attn_processors:
            if name.endswith("attn1.processor"):
                continue
            if name.startswith("mid_block"):
                hidden = channels[-1]
            elif name.startswith("up_blocks"):
                hidden = channels[::-1][int(name.split(".")[1])]
            else:
                hidden = channels[int(name.split(".")[1])]
            ip_layers[f"{key}.to_k_ip.weight"] = torch.randn(hidden, width) * 0.05
            ip_layers[f"{key}.to_v_ip.weight"] = torch.randn(hidden, width) * 0.05
            key += 2
    return {"image_proj": image_proj, "ip_adapter": ip_layers}


def wan_i2v_pipeline() -> Any:
    from diffusers import (
        AutoencoderKLWan,
        FlowMatchEulerDiscreteScheduler,
        WanImageToVideoPipeline,
        WanTransformer3DModel,
    )
    from transformers import CLIPImageProcessor, CLIPVisionConfig, CLIPVisionModel

    vae, transformer = seeded_models(7, (AutoencoderKLWan, WAN_VAE), (WanTransformer3DModel, WAN_TRANSFORMER))
    (image_encoder,) = seeded_models(8, (CLIPVisionModel, {"config": CLIPVisionConfig(**WAN_IMAGE)}))
    tokenizer = byte_tokenizer(128, pad="<pad>", eos="</s>")
    return WanImageToVideoPipeline(
        tokenizer=tokenizer,
        text_encoder=t5_encoder(len(tokenizer), seed=9, umt5=True),
        vae=vae,
        scheduler=FlowMatchEulerDiscreteScheduler(shift=7.0),
        image_processor=image_processor(CLIPImageProcessor, 32),
        image_encoder=image_encoder,
        transformer=transformer,
    )


def write_camera_lora(folder: Path, seed: int, rank: int = 4) -> Path:
    """A camera LoRA for the tiny LTX transformer, made with peft and saved the way diffusers
    saves LoRAs (`pytorch_lora_weights.safetensors` in `folder`); returns the file."""
    from diffusers import LTXConditionPipeline
    from peft import LoraConfig
    from peft.utils import get_peft_model_state_dict

    transformer = ltx_transformer(2)
    with seeded(seed):
        transformer.add_adapter(
            LoraConfig(
                r=rank,
                lora_alpha=rank,
                target_modules=["to_q", "to_k", "to_v", "to_out.0"],
                init_lora_weights=False,  # random, so the adapter visibly changes the output
            )
        )
        layers = get_peft_model_state_dict(transformer)
    folder.mkdir(parents=True, exist_ok=True)
    LTXConditionPipeline.save_lora_weights(folder, transformer_lora_layers=layers, safe_serialization=True)
    return folder / "pytorch_lora_weights.safetensors"
