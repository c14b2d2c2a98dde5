"""CameraCLIP with torch: scoring, checkpoints, the loss, training, evaluation and the CLI, on a
tiny random model and a handful of animatic clips."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from storyreel.cli import main
from storyreel.errors import InputError
from storyreel.media.video import VideoWriter, read_frames
from storyreel.models.plan import CameraSpec
from storyreel.render import make_renderer
from storyreel.tools.cameraclip import CameraClip, default_checkpoint, load_scorer
from storyreel.tools.cameraclip.captions import Labels
from storyreel.tools.cameraclip.dataset import (
    DRAWN_WITH,
    build_dataset,
    entry_labels,
    load_frames,
    load_manifest,
)

torch = pytest.importorskip("torch")
pytest.importorskip("open_clip")

pytestmark = pytest.mark.ml

# Small enough to train a step in well under a second on a laptop CPU.
TEST_CFG = {
    "embed_dim": 32,
    "vision_cfg": {"image_size": [48, 80], "patch_size": 16, "width": 32, "layers": 3, "head_width": 16},
    "text_cfg": {"context_length": 24, "vocab_size": 49408, "width": 32, "heads": 2, "layers": 3},
}
LOW_DOLLY = CameraSpec(framing="close_up", angle="low", movements=["dolly_in"])
ANIMATIC = make_renderer("animatic", **DRAWN_WITH)  # what `storyreel cameraclip build` draws with


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    """A tiny set: one clip of each framing, angle and move, and two compound moves."""
    folder = tmp_path_factory.mktemp("cameraclip") / "set"
    build_dataset(folder, ANIMATIC, per_class=1, compound=2, seed=7, size=(96, 54), fps=8)
    return folder


def tiny(seed: int = 0) -> CameraClip:
    return CameraClip.new(TEST_CFG, seed=seed, name="cameraclip-test")


def test_score_is_a_cosine_and_a_file_is_read_like_its_frames(clips):
    clip = tiny()
    path = clips / load_manifest(clips)["clips"][0]["clip"]
    frames = [f.copy() for f in read_frames(path)]
    streamed = clip.score(path, LOW_DOLLY)
    assert -1.0 <= streamed <= 1.0
    assert streamed == pytest.approx(clip.score(frames, LOW_DOLLY), abs=1e-6)
    # Different captions score differently: the text matters.
    other = CameraSpec(framing="extreme_long", angle="overhead", movements=["pan_left"])
    assert clip.score(frames, other) != pytest.approx(streamed, abs=1e-4)


def test_frames_written_to_mp4_score_as_the_frames(tmp_path):
    clip = tiny()
    rng = np.random.default_rng(1)
    base = rng.integers(0, 255, (9, 16, 3), dtype=np.uint8).repeat(10, 0).repeat(10, 1)
    frames = [np.roll(base, 3 * i, axis=1) for i in range(20)]
    with VideoWriter(tmp_path / "clip.mp4", 160, 90, 12, crf=10) as video:
        for frame in frames:
            video.write(frame)
    assert clip.score(tmp_path / "clip.mp4", LOW_DOLLY) == pytest.approx(
        clip.score(frames, LOW_DOLLY), abs=0.02
    )


def test_eight_frames_are_sampled_uniformly_from_first_to_last():
    from storyreel.tools.cameraclip.model import sample_frames, sample_indices

    assert sample_indices(24) == [0, 3, 7, 10, 13, 16, 20, 23]
    assert sample_indices(3) == [0, 0, 1, 1, 1, 1, 2, 2]
    frames = [np.full((4, 4, 3), i, np.uint8) for i in range(50)]
    assert [int(f[0, 0, 0]) for f in sample_frames(frames)] == sample_indices(50)
    with pytest.raises(InputError, match="empty"):
        sample_frames([])


def test_save_and_load_give_identical_scores(clips, tmp_path):
    clip = tiny(seed=3)
    path = clips / load_manifest(clips)["clips"][2]["clip"]
    saved = clip.save(tmp_path / "ck.pt", {"note": "test"})
    loaded = CameraClip.load(saved)
    assert loaded.score(path, LOW_DOLLY) == clip.score(path, LOW_DOLLY)
    assert loaded.name == clip.name
    assert loaded.name.startswith("cameraclip-test@") and len(loaded.name.split("@")[1]) == 8
    assert loaded.config == clip.config
    # float16 storage: about 2 bytes a parameter
    parameters = sum(p.numel() for p in clip.model.parameters())
    assert saved.stat().st_size < 2.2 * parameters + 100_000


def test_missing_or_corrupt_checkpoints_are_one_line_errors_naming_the_file(tmp_path):
    missing = tmp_path / "nope.pt"
    garbage = tmp_path / "garbage.pt"
    garbage.write_bytes(b"\x00not a checkpoint" * 10)
    foreign = tmp_path / "foreign.pt"
    torch.save({"weights": torch.zeros(2)}, foreign)
    truncated = tmp_path / "truncated.pt"
    tiny().save(truncated)
    truncated.write_bytes(truncated.read_bytes()[:5000])
    text = tmp_path / "notes.pt"
    text.write_text("hello\n")
    empty = tmp_path / "empty.pt"
    empty.write_bytes(b"")
    messages = {}
    for path in (missing, garbage, foreign, truncated, text, empty):
        with pytest.raises(InputError) as caught:
            CameraClip.load(path)
        messages[path.name] = str(caught.value)
        assert str(path) in messages[path.name] and "\n" not in messages[path.name]
    assert "no CameraCLIP checkpoint" in messages["nope.pt"]
    assert "format tag" in messages["foreign.pt"]


def test_the_loss_is_clip_loss_when_every_caption_is_its_own():
    from open_clip.loss import ClipLoss

    from storyreel.tools.cameraclip.train import contrastive_loss

    gen = torch.Generator().manual_seed(0)
    videos = torch.nn.functional.normalize(torch.randn(6, 16, generator=gen), dim=-1)
    texts = torch.nn.functional.normalize(torch.randn(6, 16, generator=gen), dim=-1)
    scale = torch.tensor(10.0)
    ours = contrastive_loss(videos, texts, scale, torch.eye(6, dtype=torch.bool))
    assert float(ours) == pytest.approx(float(ClipLoss()(videos, texts, scale)), rel=1e-5)


def test_a_caption_true_of_several_clips_is_a_positive_for_each():
    from storyreel.tools.cameraclip.train import contrastive_loss, positives

    clips = [Labels("close_up", "low", ("pan_left",)), Labels("close_up", "high", ("tilt_up",))]
    captions = [Labels("close_up", None, None), Labels(None, "high", None)]
    targets = positives(clips, captions)
    assert targets.tolist() == [[True, False], [True, True]]
    # Matching both clips to "a close-up" is then no error: the loss is lower than when the
    # close-up caption is pulled towards one clip alone.
    v = torch.eye(2)
    shared = torch.nn.functional.normalize(torch.tensor([[1.0, 1.0], [0.0, 1.0]]), dim=-1)
    one = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    mask = torch.from_numpy(targets)
    assert contrastive_loss(v, shared, torch.tensor(10.0), mask) < contrastive_loss(
        v, one, torch.tensor(10.0), mask
    )


def test_loss_is_finite_and_falls_on_a_fixed_batch(clips):
    from storyreel.tools.cameraclip.train import Trainer, TrainSettings

    entries = load_manifest(clips)["clips"][:8]
    clip = tiny()
    frames = load_frames(clips, entries, clip.size)
    labels = [entry_labels(e) for e in entries]
    trainer = Trainer(clip, frames, labels, TrainSettings(seed=0, warmup=0.0), total_steps=100, lr=2e-3)
    fixed = trainer.batch_captions(labels)
    losses = [trainer.step(list(range(8)), captions=fixed) for _ in range(6)]
    assert all(math.isfinite(loss) for loss in losses)
    assert losses[-1] < losses[0] * 0.8, losses


def test_the_same_seed_trains_the_same_weights(clips):
    from storyreel.tools.cameraclip.train import Trainer, TrainSettings

    entries = load_manifest(clips)["clips"][:6]
    labels = [entry_labels(e) for e in entries]
    runs = []
    for _ in range(2):
        clip = tiny(seed=5)
        trainer = Trainer(
            clip, load_frames(clips, entries, clip.size), labels, TrainSettings(seed=9), 10, 1e-3
        )
        runs.append([trainer.step([0, 1, 2]), trainer.step([3, 4, 5])])
    assert runs[0] == runs[1]


def test_pretrained_weights_unlock_only_the_last_layers():
    from storyreel.tools.cameraclip.train import unlock_layers

    clip = tiny()
    unlock_layers(clip, 1)
    trainable = {n for n, p in clip.model.named_parameters() if p.requires_grad}
    assert any(n.startswith("visual.transformer.resblocks.2.") for n in trainable)
    assert not any(n.startswith("visual.transformer.resblocks.1.") for n in trainable)
    assert "visual.proj" in trainable and "visual.conv1.weight" not in trainable
    assert any(n.startswith("transformer.resblocks.2.") for n in trainable)
    assert not any(n.startswith("transformer.resblocks.1.") for n in trainable)
    assert "text_projection" in trainable and "token_embedding.weight" not in trainable
    assert "logit_scale" in trainable
    unlock_layers(clip, None)
    assert all(p.requires_grad for p in clip.model.parameters())


def test_the_tiny_resnet_scores_whole_frames_and_locks_whole_or_not_at_all():
    from storyreel.tools.cameraclip.train import unlock_layers

    clip = CameraClip.new(seed=0)  # the shipped design: open_clip's ModifiedResNet
    assert clip.size == (64, 64) and clip.config["architecture"] == "tiny"
    frames = [np.full((54, 96, 3), 30 * i, np.uint8) for i in range(5)]
    assert -1.0 <= clip.score(frames, LOW_DOLLY) <= 1.0
    with pytest.raises(InputError, match="--unlock 2"):
        unlock_layers(clip, 2)
    unlock_layers(clip, 0)  # text and image towers frozen; only the temperature learns
    assert [n for n, p in clip.model.named_parameters() if p.requires_grad] == ["logit_scale"]


def test_local_open_clip_weights_load_by_config_file(tmp_path):
    source = tiny(seed=4)
    (tmp_path / "tiny-clip.json").write_text(json.dumps(TEST_CFG))
    torch.save(source.model.state_dict(), tmp_path / "open_clip_weights.pt")
    clip = CameraClip.from_open_clip(tmp_path / "tiny-clip.json", tmp_path / "open_clip_weights.pt")
    frames = [np.full((54, 96, 3), 40 * i, np.uint8) for i in range(6)]
    assert clip.score(frames, LOW_DOLLY) == pytest.approx(source.score(frames, LOW_DOLLY), abs=1e-6)
    assert clip.config["architecture"] == "tiny-clip"
    with pytest.raises(InputError, match="unknown open_clip architecture"):
        CameraClip.from_open_clip("No-Such-ViT", tmp_path / "open_clip_weights.pt")
    (tmp_path / "bad.pt").write_bytes(b"junk")
    with pytest.raises(InputError, match="bad.pt"):
        CameraClip.from_open_clip(tmp_path / "tiny-clip.json", tmp_path / "bad.pt")


@pytest.mark.slow
def test_train_then_evaluate(clips, tmp_path):
    from storyreel.tools.cameraclip.evaluate import evaluate
    from storyreel.tools.cameraclip.train import TrainSettings, train

    result = train(
        clips,
        tmp_path / "ck.pt",
        arch=str(_config_file(tmp_path)),
        settings=TrainSettings(epochs=2, batch_size=12, seed=1),
    )
    assert result.steps == 2 * 2 and all(math.isfinite(x) for x in result.losses)
    assert result.trainable == result.parameters  # from random weights: everything trains
    clip = CameraClip.load(result.checkpoint)
    assert clip.name == result.name
    report = evaluate(clip, clips).to_dict()
    assert report["clips"] == 22
    assert set(report["r1"]) == {"framing", "angle", "movement", "mean"}
    assert all(0 <= v <= 1 for v in report["r1"].values())
    assert report["chance"]["movement"] == pytest.approx(1 / 9, abs=1e-4)
    assert sum(c["total"] for c in report["per_class"].values()) == 3 * 22


def _config_file(folder):
    path = folder / "test-arch.json"
    path.write_text(json.dumps(TEST_CFG))
    return path


@pytest.mark.slow
def test_cli_build_train_eval(tmp_path, capsys):
    data = tmp_path / "set"
    assert main(["cameraclip", "build", str(data), "--per-class", "0", "--compound", "4",
                 "--size", "64x36", "--fps", "8", "--quiet"]) == 0  # fmt: skip
    assert "4 clips (4 drawn" in capsys.readouterr().out
    arch = _config_file(tmp_path)
    weights = tmp_path / "init.pt"
    torch.save(tiny(seed=2).model.state_dict(), weights)
    checkpoint = tmp_path / "ck.pt"
    assert main(["cameraclip", "train", str(data), "-o", str(checkpoint), "--arch", str(arch),
                 "--init", str(weights), "--epochs", "1", "--batch-size", "4", "--unlock", "1",
                 "--json", "--quiet"]) == 0  # fmt: skip
    summary = json.loads(capsys.readouterr().out)
    assert summary["steps"] == 1 and summary["trainable_parameters"] < summary["parameters"]
    assert main(["cameraclip", "eval", str(data), "--checkpoint", str(checkpoint), "--json", "--quiet"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["clips"] == 4 and report["model"] == summary["model"]
    assert main(["cameraclip", "eval", str(data), "--checkpoint", str(checkpoint), "--quiet"]) == 0
    assert "combined" in capsys.readouterr().out
    # Errors the user causes: one line, exit 1.
    assert main(["cameraclip", "eval", str(data), "--checkpoint", str(tmp_path / "none.pt")]) == 1
    message = capsys.readouterr().err.strip()
    assert "none.pt" in message and "\n" not in message
    assert main(["cameraclip", "train", str(tmp_path), "-o", str(checkpoint), "--quiet"]) == 1
    assert "no manifest" in capsys.readouterr().err
    assert main(["cameraclip", "train", str(data), "-o", str(checkpoint), "--init", str(weights)]) == 1
    assert "need --arch" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.skipif(default_checkpoint() is None, reason="no checkpoint ships")
def test_the_shipped_checkpoint_reads_fresh_clips_above_chance(tmp_path):
    from storyreel.tools.cameraclip.evaluate import evaluate

    clip = CameraClip.load(default_checkpoint())
    assert clip.name.startswith("cameraclip-tiny@")
    # Clips it never saw: another seed than the training and benchmark sets.
    build_dataset(tmp_path / "fresh", ANIMATIC, per_class=1, compound=0, seed=4242, size=(128, 72), fps=12)
    report = evaluate(clip, tmp_path / "fresh")
    for family in ("framing", "angle"):
        assert report.family_r1[family] >= 2 * report.chance[family], report.to_dict()["r1"]
    assert report.mean_r1 >= 2 * np.mean([report.chance[f] for f in ("framing", "angle", "movement")])
    # score() agrees with the evaluation: a clip scores higher against its own caption.
    entry = load_manifest(tmp_path / "fresh")["clips"][0]
    own = CameraSpec(framing=entry["framing"], angle=entry["angle"], movements=entry["movements"])
    wrong = own.model_copy(
        update={"framing": "extreme_long" if own.framing != "extreme_long" else "close_up"}
    )
    assert clip.score(tmp_path / "fresh" / entry["clip"], own) > clip.score(
        tmp_path / "fresh" / entry["clip"], wrong
    )


def test_the_renderers_scorer_is_the_critics_camera_clip(tmp_path):
    checkpoint = CameraClip.new(seed=1).save(tmp_path / "cameraclip.pt")
    scorer = load_scorer(str(checkpoint))
    assert scorer.name.startswith("cameraclip-tiny@")  # the checkpoint's hash: part of the cache key
    frames = [np.full((36, 64, 3), i * 20, np.uint8) for i in range(8)]
    assert -1.0 <= scorer.score(frames, LOW_DOLLY) <= 1.0
    assert load_scorer(None) is None
    shipped = load_scorer("default")
    assert (shipped is None) == (default_checkpoint() is None)
    with pytest.raises(InputError, match="CameraCLIP checkpoint .* does not exist"):
        load_scorer(str(tmp_path / "absent.pt"))
