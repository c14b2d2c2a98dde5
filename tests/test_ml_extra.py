"""The `ml` extra installs a working stack: torch with torchvision, diffusers, open_clip, peft.

Skipped on a light install; CI installs `.[all,dev]`, so there these run and catch a broken
pin (torchvision that does not import beside torch, say) before any ML code depends on it.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.ml, pytest.mark.slow]


def test_torch_and_torchvision_import_together():
    torch = pytest.importorskip("torch")
    torchvision = pytest.importorskip("torchvision")
    image = torch.rand(3, 8, 8)
    flipped = torchvision.transforms.functional.hflip(image)
    assert torch.equal(flipped[:, :, 0], image[:, :, -1])


def test_open_clip_builds_a_model_without_downloading():
    open_clip = pytest.importorskip("open_clip")
    torch = pytest.importorskip("torch")
    model, _, preprocess = open_clip.create_model_and_transforms("ViT-S-32", pretrained=None)
    tokenizer = open_clip.get_tokenizer("ViT-S-32")  # the BPE vocabulary ships in the wheel
    with torch.no_grad():
        text = model.encode_text(tokenizer(["a low angle dolly in"]))
    assert text.shape[0] == 1


def test_diffusers_and_peft_import():
    diffusers = pytest.importorskip("diffusers")
    pytest.importorskip("peft")
    assert hasattr(diffusers, "LTXConditionPipeline")
