"""`storyreel cameraclip`: build a training set with the animatic, train CameraCLIP, evaluate it.

A thin layer over storyreel.tools.cameraclip: each command parses its options, calls the library
with a progress callback, and prints. Errors are the library's one-line StoryreelErrors.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from storyreel.options import parse_resolution

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _bars(quiet: bool) -> Any:
    from storyreel.progress import StageProgress

    return StageProgress(err, enabled=not quiet and err.is_terminal)


@click.group()
def cameraclip() -> None:
    """CameraCLIP: a model scoring clips against their camera language (build, train, eval)."""


@cameraclip.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--per-class", type=click.IntRange(0), default=20, show_default=True, help="Clips per class.")
@click.option(
    "--compound", type=click.IntRange(0), default=24, show_default=True, help="Compound-move clips."
)
@click.option("--seed", type=click.IntRange(0), default=0, show_default=True)
@click.option("--size", callback=parse_resolution, default="128x72", show_default=True, help="Clip size WxH.")
@click.option("--fps", type=click.IntRange(1, 240), default=12, show_default=True)
@click.option(
    "--extended", is_flag=True, help="Also the extended moves (truck, pedestal, arc, handheld, crane)."
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def build(
    folder: Path, per_class: int, compound: int, seed: int, size: Any, fps: int, extended: bool, quiet: bool
) -> None:
    """Draw a CameraCLIP set into FOLDER with the animatic: every class, randomised sets.

    Resumable: run it again after a kill and it draws only the missing clips."""
    from storyreel.render import make_renderer
    from storyreel.tools.cameraclip.dataset import DRAWN_WITH, build_dataset

    with _bars(quiet) as bars:
        result = build_dataset(
            folder,
            make_renderer("animatic", **DRAWN_WITH),
            per_class=per_class,
            compound=compound,
            seed=seed,
            size=size,
            fps=fps,
            extended=extended,
            on_progress=bars.update,
        )
    out.print(
        f"{folder}: {result.clips} clips ({result.rendered} drawn, {result.reused} already there), "
        f"manifest {folder / 'manifest.json'}",
        markup=False,
        soft_wrap=True,
    )


@cameraclip.command()
@click.argument("dataset", type=click.Path(file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Checkpoint file to write (rewritten after every epoch).")  # fmt: skip
@click.option("--arch", default="tiny", show_default=True,
              help="tiny, an open_clip architecture name (ViT-B-32...) or an open_clip config .json.")  # fmt: skip
@click.option("--init", type=click.Path(dir_okay=False, path_type=Path),
              help="Local weights to start from: open_clip weights of --arch, or a CameraCLIP checkpoint.")  # fmt: skip
@click.option("--epochs", type=click.IntRange(1), default=12, show_default=True)
@click.option("--batch-size", type=click.IntRange(2), default=32, show_default=True)
@click.option("--lr", type=float, help="Learning rate (default 1e-3 from random weights, 1e-5 from --init).")
@click.option("--unlock", type=click.IntRange(0), default=2, show_default=True,
              help="With --init: the last N image blocks and text layers trained (all for tiny).")  # fmt: skip
@click.option("--seed", type=click.IntRange(0), default=0, show_default=True)
@click.option("--no-flip", is_flag=True, help="Do not mirror clips (left and right moves swapped).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def train(
    dataset: Path,
    output: Path,
    arch: str,
    init: Path | None,
    epochs: int,
    batch_size: int,
    lr: float | None,
    unlock: int,
    seed: int,
    no_flip: bool,
    as_json: bool,
    quiet: bool,
) -> None:
    """Train CameraCLIP on DATASET (a folder made by `build`) with a contrastive loss."""
    from storyreel.tools.cameraclip.train import TrainSettings
    from storyreel.tools.cameraclip.train import train as run_training

    settings = TrainSettings(
        epochs=epochs, batch_size=batch_size, lr=lr, unlock=unlock, seed=seed, flip=not no_flip
    )
    with _bars(quiet) as bars:
        result = run_training(
            dataset, output, arch=arch, init=init, settings=settings, on_progress=bars.update
        )
    summary = {
        "checkpoint": str(result.checkpoint),
        "model": result.name,
        "clips": result.clips,
        "steps": result.steps,
        "seconds": round(result.seconds, 1),
        "first_loss": round(result.losses[0], 4),
        "final_loss": round(result.final_loss, 4),
        "trainable_parameters": result.trainable,
        "parameters": result.parameters,
        "bytes": result.checkpoint.stat().st_size,
    }
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    out.print(
        f"{result.checkpoint}: {result.name}, {result.steps} steps on {result.clips} clips in "
        f"{result.seconds:.0f} s, loss {summary['first_loss']:.3f} -> {summary['final_loss']:.3f}, "
        f"{result.trainable:,} of {result.parameters:,} parameters trained, "
        f"{summary['bytes'] / 1e6:.1f} MB",
        markup=False,
        soft_wrap=True,
    )


@cameraclip.command("eval")
@click.argument("dataset", type=click.Path(file_okay=False, path_type=Path))
@click.option("--checkpoint", type=click.Path(dir_okay=False, path_type=Path),
              help="CameraCLIP checkpoint (default: the one that ships with storyreel).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def evaluate(dataset: Path, checkpoint: Path | None, as_json: bool, quiet: bool) -> None:
    """Video-to-text R@1 on DATASET: per family over class captions, and combined."""
    from storyreel.errors import InputError
    from storyreel.tools.cameraclip import CameraClip, default_checkpoint
    from storyreel.tools.cameraclip.evaluate import evaluate as run_eval

    checkpoint = checkpoint or default_checkpoint()
    if checkpoint is None:
        raise InputError("no --checkpoint given and none ships with this install; train one with "
                         "`storyreel cameraclip train`")  # fmt: skip
    clip = CameraClip.load(checkpoint)
    with _bars(quiet) as bars:
        report = run_eval(clip, dataset, on_progress=bars.update)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
        return
    table = Table(title=f"{report.model} on {report.dataset} ({report.clips} clips)")
    for column in ("family", "classes", "R@1", "chance", "combined top-1 right"):
        table.add_column(column, justify="left" if column == "family" else "right")
    for family in ("framing", "angle", "movement"):
        table.add_row(
            family,
            str(report.candidates[family]),
            f"{report.family_r1[family]:.3f}",
            f"{report.chance[family]:.3f}",
            f"{report.combined_accuracy[family]:.3f}",
        )
    table.add_row("mean", "", f"{report.mean_r1:.3f}", "", "")
    table.add_row(
        "combined", str(report.candidates["combined"]), f"{report.combined_r1:.3f}",
        f"{report.chance['combined']:.4f}", "",
    )  # fmt: skip
    out.print(table)
