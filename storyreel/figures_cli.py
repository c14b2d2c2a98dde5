"""`storyreel figures`: the critic's figure detector, made here.

    storyreel figures build SET          draw a set with the animatic, with what it drew
    storyreel figures train SET -o M     train on it (the ml extra) and export M.onnx with its card
    storyreel figures eval SET           measure a model as the critic runs it (OpenCV, no torch)

Each command parses its options, calls storyreel.tools.figures with a progress bar on stderr,
and prints; the library's StoryreelErrors are its one-line errors.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from storyreel.options import parse_resolution
from storyreel.progress import StageProgress

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@click.group()
def figures() -> None:
    """The figure detector: heads, facing and angle for the critic (build, train, eval)."""


@figures.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--count", type=click.IntRange(1), default=3000, show_default=True, help="Clips to draw.")
@click.option("--seed", type=click.IntRange(0), default=0, show_default=True)
@click.option(
    "--size", callback=parse_resolution, default="256x144", show_default=True, help="Clip size WxH."
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def build(folder: Path, count: int, seed: int, size: Any, quiet: bool) -> None:
    """Draw a figure set into FOLDER with the animatic, with what it drew in each frame.

    Resumable: run it again after a kill and it draws only the missing clips."""
    from storyreel.render import make_renderer
    from storyreel.tools.figures.dataset import DRAWN_WITH, build_dataset

    with StageProgress(err, enabled=not quiet and err.is_terminal) as bars:
        result = build_dataset(
            folder,
            make_renderer("animatic", **DRAWN_WITH),
            count=count,
            seed=seed,
            size=size,
            on_progress=bars.update,
        )
    out.print(
        f"{folder}: {result.clips} clips, {result.frames} frames ({result.rendered} drawn, "
        f"{result.reused} already there), manifest {folder / 'manifest.json'}",
        markup=False,
    )


@figures.command()
@click.argument("dataset", type=click.Path(file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Model to write (.onnx; its torch weights and JSON card beside it).")  # fmt: skip
@click.option("--epochs", type=click.IntRange(1), default=24, show_default=True)
@click.option("--batch-size", type=click.IntRange(2), default=32, show_default=True)
@click.option("--lr", type=float, default=2e-3, show_default=True, help="Peak learning rate.")
@click.option("--seed", type=click.IntRange(0), default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def train(
    dataset: Path,
    output: Path,
    epochs: int,
    batch_size: int,
    lr: float,
    seed: int,
    as_json: bool,
    quiet: bool,
) -> None:
    """Train the detector on DATASET (a folder made by `build`); needs the ml extra."""
    from storyreel.tools.figures.train import TrainSettings
    from storyreel.tools.figures.train import train as run_training

    settings = TrainSettings(epochs=epochs, batch_size=batch_size, lr=lr, seed=seed)
    with StageProgress(err, enabled=not quiet and err.is_terminal) as bars:
        result = run_training(dataset, output, settings=settings, on_progress=bars.update)
    summary = {
        "model": str(result.model),
        "frames": result.frames,
        "steps": result.steps,
        "seconds": round(result.seconds, 1),
        "final_loss": round(result.losses[-1], 4),
        "parameters": result.parameters,
        "bytes": result.model.stat().st_size,
    }
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    out.print(
        f"{result.model}: {result.steps} steps on {result.frames} frames in {result.seconds:.0f} s, "
        f"loss {result.losses[0]:.3f} -> {result.losses[-1]:.3f}, {result.parameters:,} parameters, "
        f"{summary['bytes'] / 1e6:.2f} MB",
        markup=False,
    )


@figures.command("eval")
@click.argument("dataset", type=click.Path(file_okay=False, path_type=Path))
@click.option("--model", type=click.Path(dir_okay=False, path_type=Path),
              help="Detector .onnx (default: the one that ships with storyreel).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def evaluate(dataset: Path, model: Path | None, as_json: bool) -> None:
    """Recall, precision, head size, framing, facing and angle of the detector on DATASET."""
    from storyreel.errors import InputError
    from storyreel.tools.figures import FigureDetector, default_model
    from storyreel.tools.figures.evaluate import evaluate as run_eval

    model = model or default_model()
    if model is None:
        raise InputError(
            "no --model given and none ships with this install; train one with `storyreel figures train`"
        )
    report = run_eval(FigureDetector.load(model), dataset)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
        return
    for key, value in report.to_dict().items():
        out.print(f"{key}: {value}", markup=False, soft_wrap=True)
