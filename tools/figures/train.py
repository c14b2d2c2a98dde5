"""Training the figure detector on a set drawn by `build_dataset` (torch, the `ml` extra).

    train(dataset, output, settings) -> TrainResult; writes output (ONNX) and output.pt

CenterNet's losses on the grid (tools/figures/grid.py): a penalty-reduced focal loss on the
head-centre heat, L1 on the log head height and the centre's offset in its cell, cross-entropy on
the facing at each centre cell, and cross-entropy on the frame's angle.

Augmented on the fly, each the way the critic's inputs vary: mirrored (left and right facings
swap; the angle does not change), drawn smaller and scaled back up (drafts come at 64 to 640
pixels wide; at 64 a face is a few blurred pixels), and with brightness and contrast moved.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from storyreel.errors import InputError
from storyreel.extras import require
from storyreel.models.truth import FrameTruth
from storyreel.tools.figures.dataset import load_frames, load_manifest
from storyreel.tools.figures.grid import FACING, HEAT, OFFSET, SIZE, Grid
from storyreel.tools.figures.model import build_network, export_onnx

MIRROR = {"left": "right", "right": "left", "camera": "camera", "away": "away"}
DRAFT_WIDTHS = (64, 96, 128, 160, 256)  # drawn this wide, then scaled back up (a small draft)


@dataclass(frozen=True)
class TrainSettings:
    epochs: int = 24
    batch_size: int = 32
    lr: float = 2e-3
    seed: int = 0
    heldout: float = 0.1  # share of clips kept out of training, to measure on
    small: float = 0.35  # share of samples drawn small and scaled back up
    threads: int | None = None  # torch's CPU threads (None: its default)


@dataclass
class TrainResult:
    model: Path
    checkpoint: Path
    frames: int
    heldout_clips: int  # kept out, to measure on
    steps: int
    seconds: float
    losses: list[float] = field(default_factory=list)  # mean loss per epoch
    parameters: int = 0


Progress = Callable[[dict[str, Any]], None]


def mirror(truth: FrameTruth) -> FrameTruth:
    """The truth of the frame flipped left to right."""
    figures = [
        f.model_copy(update={"head": _flip(f.head), "body": _flip(f.body), "facing": MIRROR[f.facing]})
        for f in truth.figures
    ]
    return truth.model_copy(update={"figures": figures})


def _flip(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (1 - box[2], box[1], 1 - box[0], box[3])


def augment(
    image: np.ndarray, truth: FrameTruth, rng: np.random.Generator, small: float
) -> tuple[np.ndarray, FrameTruth]:
    """One training view of a frame (see the module docstring)."""
    if rng.random() < 0.5:
        image, truth = image[:, ::-1], mirror(truth)
    h, w = image.shape[:2]
    if rng.random() < small:
        dw = int(rng.choice(DRAFT_WIDTHS))
        if dw < w:
            low = cv2.resize(image, (dw, max(2, round(h * dw / w))), interpolation=cv2.INTER_AREA)
            image = cv2.resize(low, (w, h), interpolation=cv2.INTER_LINEAR)
    gain, bias = rng.uniform(0.75, 1.25), rng.uniform(-25, 25)
    image = np.clip(image.astype(np.float32) * gain + bias, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(image), truth


def split(count: int, heldout: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Clip indices for training and for measuring, by clip (a clip's frames stay together)."""
    order = np.random.default_rng(seed).permutation(count)
    cut = int(round(count * heldout))
    return np.sort(order[cut:]), np.sort(order[:cut])


def losses(
    torch: Any, out: Any, angle_logits: Any, target: Any, mask: Any, angle: Any
) -> tuple[Any, dict[str, float]]:
    """The total loss of a batch and its parts."""
    f = torch.nn.functional
    heat = torch.sigmoid(out[:, HEAT]).clamp(1e-4, 1 - 1e-4)
    want = target[:, HEAT]
    positive = (want >= 0.999).float()
    n = positive.sum().clamp(min=1.0)
    focal = (
        -(
            positive * (1 - heat) ** 2 * torch.log(heat)
            + (1 - positive) * (1 - want) ** 4 * heat**2 * torch.log(1 - heat)
        ).sum()
        / n
    )
    m = mask.unsqueeze(1)
    size = (f.l1_loss(out[:, SIZE : SIZE + 1], target[:, SIZE : SIZE + 1], reduction="none") * m).sum() / n
    offset = (f.l1_loss(out[:, OFFSET], target[:, OFFSET], reduction="none") * m).sum() / n
    classes = target[:, FACING].argmax(1)
    facing = (f.cross_entropy(out[:, FACING], classes, reduction="none") * mask).sum() / n
    view = f.cross_entropy(angle_logits, angle)
    total = focal + size + 0.5 * offset + facing + 0.5 * view
    parts = {"heat": focal, "size": size, "offset": offset, "facing": facing, "angle": view}
    return total, {k: float(v.detach()) for k, v in parts.items()}


def train(
    dataset: str | Path,
    output: str | Path,
    *,
    grid: Grid | None = None,
    settings: TrainSettings | None = None,
    on_progress: Progress | None = None,
) -> TrainResult:
    """Train a detector on `dataset`; write the ONNX model to `output` and the torch weights
    beside it (`output` with `.pt`)."""
    torch = require("torch", "the figure detector's training")
    grid, settings = grid or Grid(), settings or TrainSettings()
    progress = on_progress or (lambda event: None)
    # 1. Check inputs and read the set
    output = Path(output)
    if output.suffix != ".onnx":
        raise InputError(f"{output}: the model is written as ONNX, name it *.onnx")
    manifest = load_manifest(dataset)
    clips = manifest.clips
    fit_idx, _ = split(len(clips), settings.heldout, settings.seed)
    images, truths = load_frames(dataset, [clips[i] for i in fit_idx], on_progress=progress)
    if not images:
        raise InputError(f"{dataset}: no frames to train on")
    # 2. The network and its optimiser
    if settings.threads:
        torch.set_num_threads(settings.threads)
    torch.manual_seed(settings.seed)
    rng = np.random.default_rng(settings.seed)
    network = build_network(grid)
    optimiser = torch.optim.AdamW(network.parameters(), lr=settings.lr, weight_decay=1e-4)
    per_epoch = math.ceil(len(images) / settings.batch_size)
    total = settings.epochs * per_epoch
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=settings.lr, total_steps=total, pct_start=0.15
    )
    # 3. Epochs over shuffled, augmented batches
    start = time.perf_counter()
    progress({"stage": "train", "total": total, "done": 0})
    epoch_losses, step = [], 0
    network.train()
    for _epoch in range(settings.epochs):
        order, running = rng.permutation(len(images)), []
        for first in range(0, len(order), settings.batch_size):
            batch = [
                augment(images[i], truths[i], rng, settings.small)
                for i in order[first : first + settings.batch_size]
            ]
            x, target, mask, angle = _tensors(torch, grid, batch)
            out, angle_logits = network(x)
            loss, _ = losses(torch, out, angle_logits, target, mask, angle)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            running.append(float(loss.detach()))
            step += 1
            progress({"stage": "train", "done": step, "label": f"loss {np.mean(running[-20:]):.3f}"})
        epoch_losses.append(float(np.mean(running)))
    # 4. Save: the torch weights, then the ONNX model the detector runs
    checkpoint = output.with_suffix(".pt")
    checkpoint.parent.mkdir(parents=True, exist_ok=True)
    torch.save(network.state_dict(), checkpoint)
    export_onnx(network, grid, output)
    result = TrainResult(
        model=output,
        checkpoint=checkpoint,
        frames=len(images),
        heldout_clips=len(clips) - len(fit_idx),
        steps=step,
        seconds=time.perf_counter() - start,
        losses=epoch_losses,
        parameters=sum(p.numel() for p in network.parameters()),
    )
    write_card(output, grid, settings, result, manifest.params.model_dump(mode="json"))
    return result


def write_card(
    output: Path, grid: Grid, settings: TrainSettings, result: TrainResult, data: dict[str, Any]
) -> Path:
    """The model's JSON card beside it: what the detector reads (its grid) and how it was made;
    measurements are added by whoever measures it (`storyreel figures eval`, the benchmark)."""
    from storyreel.project import atomic_write

    card = {
        "file": output.name,
        "bytes": output.stat().st_size,
        "grid": asdict(grid),
        "parameters": result.parameters,
        "training_set": data,
        "training": {
            **asdict(settings),
            "frames": result.frames,
            "heldout_clips": result.heldout_clips,
            "steps": result.steps,
            "seconds": round(result.seconds),
            "losses": [round(v, 4) for v in result.losses],
        },
    }
    path = output.with_suffix(".json")
    atomic_write(path, (json.dumps(card, indent=2) + "\n").encode())
    return path


def _tensors(torch: Any, grid: Grid, batch: list[tuple[np.ndarray, FrameTruth]]) -> tuple[Any, Any, Any, Any]:
    xs, targets, masks, angles = [], [], [], []
    for image, truth in batch:
        x, fit = grid.letterbox(image)
        target, mask, angle = grid.targets(truth, fit)
        xs.append(x)
        targets.append(target)
        masks.append(mask)
        angles.append(angle)
    return (
        torch.from_numpy(np.stack(xs)),
        torch.from_numpy(np.stack(targets)),
        torch.from_numpy(np.stack(masks)),
        torch.tensor(angles, dtype=torch.long),
    )
