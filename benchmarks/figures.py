"""The figure detector trained on the CPU on an animatic-drawn set, measured on held-out clips.

    python benchmarks/figures.py [--work DIR] [--count 3000] [--heldout 400] [--epochs 24]
                                 [--seed 0] [--threads N] [--ship]

1. build    the training set (seed S) and a held-out set (seed S + 1: other sets, people, poses,
            lenses and cameras), both drawn by the animatic at 256x144, with what it drew; resumable
2. train    the network from random weights (storyreel figures train), exported to ONNX
3. evaluate the ONNX model as the critic runs it (OpenCV, no torch) on the held-out frames:
            head recall and precision, head-size error, framing, facing and angle accuracy
4. --ship   copy the model into tools/figures/weights/ with its card (figures-tiny.json): the
            command, seed, both sets, the training run and the held-out figures, if it is at
            most 5 MB

The frames are synthetic: the animatic's figures on its 2.5D sets, labelled by the renderer that
drew them. The figures say how well the model reads the animatic, nothing about photographs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from storyreel.render import make_renderer
from storyreel.tools.figures.dataset import DRAWN_WITH, build_dataset
from storyreel.tools.figures.detector import DEFAULT_MODEL, WEIGHTS, FigureDetector
from storyreel.tools.figures.evaluate import evaluate
from storyreel.tools.figures.train import TrainSettings, train

SHIP_LIMIT = 5_000_000  # bytes
SIZE, FPS = (256, 144), 4


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "storyreel-figures-bench")
    parser.add_argument("--count", type=int, default=3000, help="training clips (two frames each)")
    parser.add_argument("--heldout", type=int, default=400, help="held-out clips")
    parser.add_argument("--epochs", type=int, default=24)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, help="torch threads (default: torch's)")
    parser.add_argument("--ship", action="store_true", help="copy the model into the package")
    args = parser.parse_args()
    renderer = make_renderer("animatic", **DRAWN_WITH)
    start = time.perf_counter()
    print(f"1. build: {args.count} training clips (seed {args.seed}), {args.heldout} held out", flush=True)
    fit = build_dataset(
        args.work / "train",
        renderer,
        count=args.count,
        seed=args.seed,
        size=SIZE,
        fps=FPS,
        on_progress=_printer(),
    )
    held = build_dataset(
        args.work / "heldout", renderer, count=args.heldout, seed=args.seed + 1, size=SIZE, fps=FPS
    )
    # the draw time is the sets' only when this run drew all of them (a resumed build reuses clips)
    built = time.perf_counter() - start if not (fit.reused or held.reused) else None
    print(
        f"   {fit.frames} training frames, {held.frames} held-out frames ({fit.reused + held.reused} clips reused)",
        flush=True,
    )
    print(f"2. train: {args.epochs} epochs", flush=True)
    settings = TrainSettings(
        epochs=args.epochs, batch_size=args.batch_size, seed=args.seed, heldout=0.0, threads=args.threads
    )
    model = args.work / "model" / "figures.onnx"
    result = train(fit.folder, model, settings=settings, on_progress=_printer())
    print(
        f"   {result.steps} steps in {result.seconds:.0f} s, loss {result.losses[0]:.3f} -> {result.losses[-1]:.3f}"
    )
    print("3. evaluate on the held-out frames (OpenCV)", flush=True)
    report = evaluate(FigureDetector.load(model), held.folder)
    print(json.dumps(report.to_dict(), indent=2))
    size = model.stat().st_size
    print(f"model: {size / 1e6:.2f} MB, {result.parameters:,} parameters")
    if args.ship:
        if size > SHIP_LIMIT:
            print(f"not shipped: {size} bytes is over {SHIP_LIMIT}")
            return 1
        ship(model, args, report.to_dict(), result, fit.frames, held.frames, built)
    return 0


def ship(
    model: Path, args: argparse.Namespace, measured: dict, result, frames: int, held: int, built: float | None
) -> None:  # noqa: ANN001
    target = WEIGHTS / DEFAULT_MODEL
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(model, target)
    card = json.loads(model.with_suffix(".json").read_text())
    card.update(
        {
            "model": FigureDetector.load(target).name,
            "file": target.name,
            "bytes": target.stat().st_size,
            # the settings that made it, not where this machine kept its scratch files (--work)
            "command": (
                f"python benchmarks/figures.py --count {args.count} --heldout {args.heldout}"
                f" --epochs {args.epochs} --batch-size {args.batch_size} --seed {args.seed} --ship"
            ),
            "seed": args.seed,
            "architecture": "tools/figures/model.py build_network, trained from random weights, float32",
            "training_set": {
                **card["training_set"],
                "frames": frames,
                "seconds_to_draw": built and round(built),
            },
            "heldout_set": {
                "count": args.heldout,
                "seed": args.seed + 1,
                "size": list(SIZE),
                "fps": FPS,
                "frames": held,
            },
            "heldout": measured,
            "note": "Synthetic frames drawn by the animatic and labelled by it (Renderer.truth); "
            "not measured on photographs.",
        }
    )
    target.with_suffix(".json").write_text(json.dumps(card, indent=2) + "\n")
    print(f"shipped {target} ({card['bytes'] / 1e6:.2f} MB) and {target.with_suffix('.json').name}")


def _printer(every: int = 250):  # noqa: ANN202
    """Progress on stdout every `every` clips or steps (the benchmark runs in the background)."""

    def update(event: dict) -> None:
        if event.get("done") and event["done"] % every == 0:
            print(f"  {event.get('stage', '?')}: {event['done']} {event.get('label', '')}", flush=True)

    return update


if __name__ == "__main__":
    sys.exit(main())
