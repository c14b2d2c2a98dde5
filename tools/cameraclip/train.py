"""Fine-tuning CameraCLIP: a contrastive loss between video and caption embeddings.

    train(dataset, out, arch="tiny", init=None, settings) -> TrainResult
      1. check inputs          the set's manifest, the initial weights, the output path
      2. build the model       random tiny weights, or --init: local open_clip weights (or a
                               CameraCLIP checkpoint to continue from)
      3. unlock layers         from pretrained weights, as the paper: the last `unlock` image
                               blocks and text layers (+ projections, logit scale); from random
                               weights (the tiny model): everything
      4. load the frames       8 uniformly sampled frames per clip, at the model's input size
      5. train                 per step: a batch of clips, mirrored at random (left and right
                               moves swap), two captions per clip in natural language; loss as
                               below; AdamW, warm-up then cosine decay; a checkpoint per epoch
      6. save                  the final checkpoint, with how it was made

The loss is CLIP's symmetric cross-entropy where a caption may be true of several clips in the
batch ("a close-up" fits every close-up): each row's target spreads evenly over the captions
true of that clip, each column's over the clips the caption is true of. With one caption per
clip and no repeats it is exactly open_clip's ClipLoss; with repeats it does not punish the
model for matching a caption that is also right.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from storyreel.errors import InputError
from storyreel.extras import require
from storyreel.tools.cameraclip.captions import Labels, training_caption
from storyreel.tools.cameraclip.dataset import MANIFEST, entry_labels, load_frames, load_manifest
from storyreel.tools.cameraclip.model import (
    FORMAT,
    CameraClip,
    architecture_config,
    normalise,
    read_checkpoint,
    video_embedding,
)

if TYPE_CHECKING:
    import torch

Progress = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class TrainSettings:
    """How to train. `lr` None picks 1e-3 from random weights, 1e-5 from pretrained ones."""

    epochs: int = 12
    batch_size: int = 32
    lr: float | None = None
    weight_decay: float = 0.1
    warmup: float = 0.05  # fraction of the steps spent warming up
    seed: int = 0
    unlock: int = 2  # image blocks and text layers unlocked when starting from pretrained weights
    flip: bool = True  # mirror clips at random, swapping left and right moves
    captions_per_clip: int = 2

    def check(self) -> None:
        if self.epochs < 1 or self.batch_size < 2 or self.captions_per_clip < 1:
            raise InputError(
                f"epochs {self.epochs}, batch size {self.batch_size}: need at least 1 epoch and 2 clips a batch"
            )
        if self.lr is not None and not self.lr > 0:
            raise InputError(f"learning rate {self.lr}: must be more than 0")
        if self.unlock < 0:
            raise InputError(f"unlock {self.unlock}: cannot be negative")


@dataclass
class TrainResult:
    checkpoint: Path
    name: str
    clips: int
    steps: int
    seconds: float
    trainable: int  # parameters trained
    parameters: int  # parameters in all
    losses: list[float] = field(default_factory=list)  # per step

    @property
    def final_loss(self) -> float:
        tail = self.losses[-max(1, len(self.losses) // 20) :]
        return float(np.mean(tail))


# -- the loss --------------------------------------------------------------------------------


def positives(clips: Sequence[Labels], captions: Sequence[Labels]) -> np.ndarray:
    """(clips, captions) bool: caption j states nothing false of clip i."""
    return np.array([[c.states_true_of(v) for c in captions] for v in clips], dtype=bool)


def contrastive_loss(
    videos: torch.Tensor, texts: torch.Tensor, logit_scale: torch.Tensor, targets: torch.Tensor
) -> torch.Tensor:
    """Symmetric cross-entropy over unit embeddings, with several positives allowed."""
    torch = require("torch", "CameraCLIP training")
    logits = logit_scale * videos @ texts.T
    targets = targets.to(logits.dtype)
    per_video = -(targets / targets.sum(1, keepdim=True) * logits.log_softmax(1)).sum(1).mean()
    per_text = -(targets / targets.sum(0, keepdim=True) * logits.log_softmax(0)).sum(0).mean()
    return torch.stack([per_video, per_text]).mean()


# -- layers ----------------------------------------------------------------------------------


def unlock_layers(clip: CameraClip, unlock: int | None) -> None:
    """None: train everything. Otherwise freeze all but the last `unlock` image blocks and text
    layers (open_clip counts the projection as one more group) and the logit scale."""
    model = clip.model
    for parameter in model.parameters():
        parameter.requires_grad = True
    if unlock is None:
        return
    try:
        model.lock_image_tower(unlocked_groups=unlock + 1 if unlock else 0)
    except AssertionError:  # open_clip's ResNet towers lock whole or not at all
        raise InputError(
            f"--unlock {unlock}: this image tower cannot be partly unlocked (ViT towers can); "
            "use --unlock 0 to train only the text side"
        ) from None
    model.lock_text_tower(unlocked_layers=unlock + 1 if unlock else 0)
    model.logit_scale.requires_grad = True


# -- the trainer -----------------------------------------------------------------------------


class Trainer:
    """One optimisation step at a time over frames held in memory."""

    def __init__(
        self,
        clip: CameraClip,
        frames: np.ndarray,
        labels: Sequence[Labels],
        settings: TrainSettings,
        total_steps: int,
        lr: float,
    ):
        torch = require("torch", "CameraCLIP training")
        self.clip, self.frames, self.labels = clip, frames, list(labels)
        self.settings, self.total_steps, self.lr = settings, max(1, total_steps), lr
        self.rng = np.random.default_rng(settings.seed)
        self.step_count = 0
        decay, no_decay = [], []
        for name, parameter in clip.model.named_parameters():
            if not parameter.requires_grad:
                continue
            # Gains, biases, the logit scale and embeddings are not decayed (as open_clip).
            flat = parameter.ndim < 2 or "embedding" in name or "logit_scale" in name
            (no_decay if flat else decay).append(parameter)
        self.optimizer = torch.optim.AdamW(
            [
                {"params": decay, "weight_decay": settings.weight_decay},
                {"params": no_decay, "weight_decay": 0.0},
            ],
            lr=lr,
            betas=(0.9, 0.98),
            eps=1e-6,
        )

    def learning_rate(self) -> float:
        warmup = max(1, int(self.settings.warmup * self.total_steps))
        if self.step_count < warmup:
            return self.lr * (self.step_count + 1) / warmup
        progress = (self.step_count - warmup) / max(1, self.total_steps - warmup)
        return self.lr * 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))

    def batch_captions(self, labels: Sequence[Labels]) -> tuple[list[str], list[Labels]]:
        texts, stated = [], []
        for clip_labels in labels:
            for _ in range(self.settings.captions_per_clip):
                text, says = training_caption(clip_labels, self.rng)
                texts.append(text)
                stated.append(says)
        return texts, stated

    def step(self, indices: Sequence[int], captions: tuple[list[str], list[Labels]] | None = None) -> float:
        """One step on the clips at `indices`; fresh random captions unless given."""
        torch = require("torch", "CameraCLIP training")
        frames = self.frames[np.asarray(indices)]
        labels = [self.labels[i] for i in indices]
        if self.settings.flip and captions is None:
            flips = self.rng.random(len(indices)) < 0.5
            frames = frames.copy()
            frames[flips] = frames[flips][:, :, :, ::-1]
            labels = [lab.mirrored() if f else lab for lab, f in zip(labels, flips, strict=True)]
        texts, stated = captions if captions is not None else self.batch_captions(labels)
        targets = torch.from_numpy(positives(labels, stated))
        model = self.clip.model.train()
        for group in self.optimizer.param_groups:
            group["lr"] = self.learning_rate()
        pixels = normalise(torch.from_numpy(np.ascontiguousarray(frames)), self.clip.config)
        videos = video_embedding(model, pixels)
        text = torch.nn.functional.normalize(model.encode_text(self.clip.tokenizer(texts)), dim=-1)
        loss = contrastive_loss(videos, text, model.logit_scale.exp(), targets)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.optimizer.step()
        with torch.no_grad():  # as CLIP: a temperature no lower than 1/100
            model.logit_scale.clamp_(0, math.log(100))
        model.eval()
        self.step_count += 1
        return float(loss.detach())


# -- the command -----------------------------------------------------------------------------


def start_model(arch: str, init: str | Path | None, seed: int) -> tuple[CameraClip, bool]:
    """The model to train, and whether it starts from pretrained weights."""
    if init is None:
        if arch == "tiny":
            return CameraClip.new(seed=seed), False
        model_cfg, name = architecture_config(arch)
        return CameraClip.new(model_cfg, seed=seed, name=f"cameraclip-{name}", architecture=name), False
    init = Path(init)
    if not init.is_file():
        raise InputError(f"{init}: no such weights file")
    if _is_cameraclip(init):
        clip = CameraClip.load(init)
        return clip, clip.config["architecture"] != "tiny"
    if arch == "tiny":
        raise InputError(
            f"{init}: open_clip weights need --arch, the architecture they belong to (e.g. ViT-B-32)"
        )
    return CameraClip.from_open_clip(arch, init), True


def _is_cameraclip(path: Path) -> bool:
    try:
        read_checkpoint(path)
    except InputError:
        return False
    return True


def train(
    dataset: str | Path,
    out: str | Path,
    *,
    arch: str = "tiny",
    init: str | Path | None = None,
    settings: TrainSettings | None = None,
    on_progress: Progress | None = None,
) -> TrainResult:
    """Train on the set in `dataset` and save the checkpoint to `out` (after every epoch too)."""
    torch = require("torch", "CameraCLIP training")
    require("open_clip", "CameraCLIP training")
    settings = settings or TrainSettings()
    progress = on_progress or (lambda event: None)
    out = Path(out)
    # 1. Check inputs
    entries = check_inputs(dataset, out, settings)
    # 2. Build the model
    torch.manual_seed(settings.seed)
    clip, pretrained = start_model(arch, init, settings.seed)
    # 3. Unlock layers
    unlock_layers(clip, settings.unlock if pretrained else None)
    lr = settings.lr or (1e-5 if pretrained else 1e-3)
    # 4. Load the frames
    frames = load_frames(dataset, entries, clip.size, progress)
    labels = [entry_labels(e) for e in entries]
    # 5. Train, 6. saving after every epoch: a kill keeps the last finished epoch
    batch = min(settings.batch_size, len(entries))
    per_epoch = math.ceil(len(entries) / batch)
    trainer = Trainer(clip, frames, labels, settings, per_epoch * settings.epochs, lr)
    record = training_record(dataset, init, settings, lr, pretrained, len(entries))
    losses: list[float] = []
    started = time.monotonic()
    progress({"stage": "train", "total": trainer.total_steps, "done": 0})
    order_rng = np.random.default_rng([settings.seed, 1])
    for epoch in range(settings.epochs):
        losses += run_epoch(trainer, order_rng.permutation(len(entries)), batch, epoch, progress)
        record.update(
            epochs_done=epoch + 1, steps=trainer.step_count, seconds=round(time.monotonic() - started, 1)
        )
        record["final_loss"] = float(np.mean(losses[-per_epoch:]))
        clip.save(out, record)
    trainable = sum(p.numel() for p in clip.model.parameters() if p.requires_grad)
    return TrainResult(
        checkpoint=out,
        name=clip.name,
        clips=len(entries),
        steps=trainer.step_count,
        seconds=time.monotonic() - started,
        trainable=trainable,
        parameters=sum(p.numel() for p in clip.model.parameters()),
        losses=losses,
    )


def check_inputs(dataset: str | Path, out: Path, settings: TrainSettings) -> list[dict[str, Any]]:
    """The set's clips, after refusing in one line what would fail once training has started."""
    settings.check()
    manifest = load_manifest(dataset)
    if out.is_dir():
        raise InputError(
            f"{out}: is a folder; give the checkpoint's file name (e.g. {out / 'cameraclip.pt'})"
        )
    entries = manifest["clips"]
    if len(entries) < 2:
        raise InputError(f"{Path(dataset) / MANIFEST}: {len(entries)} clip(s); training needs at least 2")
    return entries


def training_record(
    dataset: str | Path,
    init: str | Path | None,
    settings: TrainSettings,
    lr: float,
    pretrained: bool,
    clips: int,
) -> dict[str, Any]:
    """What the checkpoint says of its training: the set (by its manifest's hash), the settings
    and the library versions."""
    torch = require("torch", "CameraCLIP training")
    open_clip = require("open_clip", "CameraCLIP training")
    return {
        "dataset": str(dataset),
        "manifest_sha256": hashlib.sha256((Path(dataset) / MANIFEST).read_bytes()).hexdigest(),
        "clips": clips,
        "settings": asdict(settings),
        "lr": lr,
        "init": str(init) if init else None,
        "pretrained": pretrained,
        "torch": str(torch.__version__),
        "open_clip": str(open_clip.__version__),
    }


def run_epoch(trainer: Trainer, order: np.ndarray, batch: int, epoch: int, progress: Progress) -> list[float]:
    """One pass over the clips in `order`, `batch` at a time (a last batch of one is skipped: a
    contrastive loss needs two); the loss of each step."""
    losses = []
    for start in range(0, len(order), batch):
        indices = order[start : start + batch]
        if len(indices) < 2:
            continue
        losses.append(trainer.step(indices.tolist()))
        progress(
            {
                "stage": "train",
                "done": trainer.step_count,
                "label": f"epoch {epoch + 1} loss {losses[-1]:.3f}",
            }
        )
    return losses


__all__ = ["FORMAT", "TrainResult", "TrainSettings", "Trainer", "contrastive_loss", "positives", "train"]
