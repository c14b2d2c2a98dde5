"""Training and export (the ml extra): a network trained on a tiny sketch set is written as ONNX
that OpenCV runs to the same numbers torch gives, with a card that says how it was made."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from storyreel.errors import InputError
from storyreel.models.truth import FigureTruth, FrameTruth
from storyreel.tools.figures import FigureDetector
from storyreel.tools.figures.dataset import build_dataset
from storyreel.tools.figures.train import TrainSettings, augment, mirror, train

pytestmark = [pytest.mark.ml, pytest.mark.slow]


def test_a_trained_network_runs_in_opencv_as_it_did_in_torch(tmp_path, sketch):
    torch = pytest.importorskip("torch")
    pytest.importorskip("onnx")
    build_dataset(tmp_path / "set", sketch, count=12, seed=0, size=(128, 72))
    result = train(
        tmp_path / "set",
        tmp_path / "m" / "tiny.onnx",
        settings=TrainSettings(epochs=2, batch_size=8, heldout=0.2),
    )
    assert (
        result.model.is_file()
        and result.checkpoint.is_file()
        and result.steps == 2 * math.ceil(result.frames / 8)
    )
    card = json.loads(result.model.with_suffix(".json").read_text())
    assert card["grid"] == {"width": 256, "height": 144, "stride": 4} and card["training"]["epochs"] == 2
    assert card["training_set"]["renderer"] == "sketch/1" and card["bytes"] == result.model.stat().st_size

    from storyreel.tools.figures.model import build_network

    network = build_network()
    network.load_state_dict(torch.load(result.checkpoint))
    network.eval()
    detector = FigureDetector.load(result.model)
    x = np.random.default_rng(0).random((1, 3, 144, 256), dtype=np.float32)
    with torch.no_grad():
        grid, angle = (t.numpy() for t in network(torch.from_numpy(x)))
    detector._net.setInput(x)
    cv_grid, cv_angle = detector._net.forward(["grid", "angle"])
    assert np.allclose(grid, cv_grid, atol=1e-3) and np.allclose(angle, cv_angle, atol=1e-3)
    found = detector.detect(np.zeros((72, 128, 3), np.uint8))
    assert found.angle in ("eye_level", "high", "low", "overhead", "dutch") and 0 <= found.angle_score <= 1


def test_a_model_must_be_named_onnx(tmp_path, sketch):
    pytest.importorskip("torch")
    with pytest.raises(InputError, match=r"\*\.onnx"):
        train(tmp_path, tmp_path / "model.pt")


def test_augmenting_mirrors_the_truth_with_the_picture():
    truth = FrameTruth(
        frame=0, angle="dutch",
        figures=[FigureTruth(character="ANA", head=(0.1, 0.2, 0.3, 0.4), body=(0.0, 0.2, 0.4, 1.0), facing="right")],
    )  # fmt: skip
    flipped = mirror(truth)
    assert (
        flipped.figures[0].head == pytest.approx((0.7, 0.2, 0.9, 0.4)) and flipped.figures[0].facing == "left"
    )
    assert flipped.angle == "dutch" and mirror(flipped).figures[0].head == pytest.approx(
        truth.figures[0].head
    )
    image = np.zeros((36, 64, 3), np.uint8)
    image[:, :8] = 255  # a bright band on the left
    seen = [augment(image, truth, np.random.default_rng(seed), small=1.0) for seed in range(12)]
    for picture, told in seen:
        assert picture.shape == image.shape
        left_is_bright = picture[:, :8].mean() > picture[:, -8:].mean()
        assert left_is_bright == (told.figures[0].facing == "right")  # picture and truth flip together
