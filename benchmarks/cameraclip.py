"""CameraCLIP trained on the CPU on an animatic-drawn set, and its R@1 on held-out clips.

    python benchmarks/cameraclip.py [--work DIR] [--epochs 20] [--seed 0] [--threads N] [--ship]

1. build    the training set (seed S) and a held-out set (seed S + 1: other sets, characters,
            palettes, lenses, speeds), both drawn by the animatic at 128x72, 12 fps; resumable
2. train    the tiny model from random weights (storyreel cameraclip train)
3. evaluate it on the held-out clips, beside the same model untrained (the baseline: chance)
4. print    R@1 per family over the class captions, their mean, the combined R@1 over all
            framing x angle x movement captions, training time and checkpoint size
5. --ship   copy the checkpoint into tools/cameraclip/weights/ with a card (cameraclip-tiny.json)
            saying the command, seed, data and figures, if it is at most 20 MB

The paper (Li et al. 2024) reports R@1 0.83 on Cinematic2K, real film clips annotated by hand.
This set is synthetic: flat-coloured animatic figures on 2.5D sets, drawn by the very camera the
labels describe. Its figures say how well the tiny model reads the animatic's camera, not how it
would read real footage; the two numbers are not comparable.
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
from storyreel.tools.cameraclip import CameraClip
from storyreel.tools.cameraclip.dataset import DRAWN_WITH, build_dataset
from storyreel.tools.cameraclip.evaluate import FAMILIES, EvalReport, evaluate
from storyreel.tools.cameraclip.model import SHIPPED, TINY_MODEL_CFG
from storyreel.tools.cameraclip.train import TrainSettings, train

SHIP_LIMIT = 20_000_000  # bytes
SIZE, FPS = (128, 72), 12


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "storyreel-cameraclip-bench"
    )
    parser.add_argument("--per-class", type=int, default=120)
    parser.add_argument("--compound", type=int, default=144)
    parser.add_argument("--heldout-per-class", type=int, default=20)
    parser.add_argument("--heldout-compound", type=int, default=24)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--threads", type=int, help="torch threads (default: torch's; 1 helps on a busy CPU)."
    )
    parser.add_argument("--ship", action="store_true", help="Copy the checkpoint into the package.")
    args = parser.parse_args()
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)

    # 1. Build both sets (cached in --work: a rerun draws nothing it already has)
    started = time.monotonic()
    train_set, heldout = args.work / "train", args.work / "heldout"
    animatic = make_renderer("animatic", **DRAWN_WITH)
    built = build_dataset(
        train_set,
        animatic,
        per_class=args.per_class,
        compound=args.compound,
        seed=args.seed,
        size=SIZE,
        fps=FPS,
    )
    held = build_dataset(
        heldout,
        animatic,
        per_class=args.heldout_per_class,
        compound=args.heldout_compound,
        seed=args.seed + 1,
        size=SIZE,
        fps=FPS,
    )
    build_s = time.monotonic() - started
    print(
        f"sets: {built.clips} training clips, {held.clips} held-out clips ({build_s:.0f} s to build or check)"
    )

    # 2. Train
    checkpoint = args.work / "cameraclip-tiny.pt"
    settings = TrainSettings(epochs=args.epochs, batch_size=args.batch_size, seed=args.seed)
    started = time.monotonic()
    result = train(train_set, checkpoint, settings=settings, on_progress=_printer())
    train_wall = time.monotonic() - started
    size = checkpoint.stat().st_size
    print(
        f"trained: {result.steps} steps in {result.seconds:.0f} s ({train_wall:.0f} s with loading frames), "
        f"loss {result.losses[0]:.3f} -> {result.final_loss:.3f}, {result.parameters:,} parameters, "
        f"{size / 1e6:.1f} MB"
    )

    # 3. Evaluate, beside the untrained baseline
    trained = evaluate(CameraClip.load(checkpoint), heldout)
    baseline = evaluate(CameraClip.new(TINY_MODEL_CFG, seed=args.seed), heldout)

    # 4. Print
    print(f"\nvideo-to-text R@1 on {held.clips} held-out clips (synthetic animatic set, not Cinematic2K)")
    print(f"{'':10} {'trained':>8} {'untrained':>10} {'chance':>8}")
    for family in FAMILIES:
        print(
            f"{family:10} {trained.family_r1[family]:8.3f} {baseline.family_r1[family]:10.3f} "
            f"{trained.chance[family]:8.3f}"
        )
    print(f"{'mean':10} {trained.mean_r1:8.3f} {baseline.mean_r1:10.3f}")
    print(
        f"{'combined':10} {trained.combined_r1:8.3f} {baseline.combined_r1:10.3f} "
        f"{trained.chance['combined']:8.4f}   (all three right among {trained.candidates['combined']} captions)"
    )
    weakest = sorted(trained.per_class.items(), key=lambda kv: kv[1]["r1"])[:5]
    print("weakest classes: " + ", ".join(f"{c} {v['r1']:.2f}" for c, v in weakest))
    print("paper (Cinematic2K, real footage): R@1 0.83 -- a different, real data set")

    # 5. Ship
    if args.ship:
        if size > SHIP_LIMIT:
            print(f"not shipped: {size / 1e6:.1f} MB is over the {SHIP_LIMIT / 1e6:.0f} MB limit")
            return 1
        ship(checkpoint, args, trained, baseline, result, built.clips, held.clips, train_wall)
    return 0


def ship(
    checkpoint, args, trained: EvalReport, baseline: EvalReport, result, clips: int, held: int, wall: float
):  # noqa: ANN001, ANN201
    SHIPPED.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(checkpoint, SHIPPED)
    clip = CameraClip.load(SHIPPED)
    card = {
        "model": clip.name,
        "file": SHIPPED.name,
        "bytes": SHIPPED.stat().st_size,
        "command": "python benchmarks/cameraclip.py " + " ".join(sys.argv[1:]),
        "seed": args.seed,
        "architecture": "tiny (tools/cameraclip/model.py TINY_MODEL_CFG), trained from random weights",
        "training_set": {
            "per_class": args.per_class,
            "compound": args.compound,
            "seed": args.seed,
            "size": list(SIZE),
            "fps": FPS,
            "clips": clips,
            "renderer": "animatic/1",
        },
        "heldout_set": {
            "per_class": args.heldout_per_class,
            "compound": args.heldout_compound,
            "seed": args.seed + 1,
            "size": list(SIZE),
            "fps": FPS,
            "clips": held,
        },
        "training": {
            "epochs": args.epochs,
            "batch_size": args.batch_size,
            "steps": result.steps,
            "seconds": round(result.seconds),
            "seconds_with_loading": round(wall),
            "final_loss": round(result.final_loss, 4),
            "torch_threads": args.threads or "default",
        },
        "heldout_r1": trained.to_dict()["r1"],
        "heldout_combined_r1": round(trained.combined_r1, 4),
        "heldout_combined_accuracy": {f: round(v, 4) for f, v in trained.combined_accuracy.items()},
        "untrained_r1": baseline.to_dict()["r1"],
        "chance": trained.to_dict()["chance"],
        "note": "Synthetic set: animatic figures on 2.5D sets drawn by the camera the labels describe. "
        "Not comparable with the paper's R@1 0.83 on Cinematic2K (real footage).",
    }
    SHIPPED.with_suffix(".json").write_text(json.dumps(card, indent=2) + "\n")
    print(f"shipped {SHIPPED} ({card['bytes'] / 1e6:.1f} MB) and {SHIPPED.with_suffix('.json').name}")


def _printer():  # noqa: ANN202
    """Progress on stdout every 10 % of a stage (the benchmark runs in the background)."""
    totals: dict[str, int] = {}
    shown: dict[str, int] = {}

    def update(event: dict) -> None:
        stage = event.get("stage", "?")
        if "total" in event:
            totals[stage] = event["total"] or 0
        done, total = event.get("done"), totals.get(stage, 0)
        if done is None or not total:
            return
        tenth = done * 10 // total
        if tenth > shown.get(stage, -1):
            shown[stage] = tenth
            print(f"  {stage}: {done}/{total} {event.get('label', '')}", flush=True)

    return update


if __name__ == "__main__":
    raise SystemExit(main())
