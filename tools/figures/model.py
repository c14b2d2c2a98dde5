"""The figure detector's network (torch, the `ml` extra), and its export to ONNX for OpenCV.

A small fully convolutional net: four stride-2 stages down to 1/16 of the input, two dilated
blocks there for context (an angle is read from the whole set: the horizon, the floor's lines,
the heads' view), then a light top-down path back to 1/4 where the grid's answer is read
(tools/figures/grid.py). The angle head reads the deepest features twice: pooled over the whole
frame (what is seen) and over a 3 x 4 grid of its regions (where it is: a low camera puts the
horizon low, a high one high, a dutch one aslant), which a global pool alone would throw away.

Only operators OpenCV's dnn module runs (convolution, batch norm folded into it on export, ReLU,
nearest upsampling, addition, global average pooling, a linear layer), so the shipped ONNX file
runs in the light install, where torch is absent.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from storyreel.errors import InputError
from storyreel.extras import require
from storyreel.tools.figures.grid import ANGLE_CLASSES, CHANNELS, Grid

WIDTHS = (16, 24, 40, 64)  # channels at 1/2, 1/4, 1/8, 1/16
TOP = 32  # channels of the top-down path and the grid head, at 1/4 (where most of the cost is)
OUTPUTS = ("grid", "angle")


REGIONS = (3, 4)  # rows and columns of the angle head's regional pool


def build_network(grid: Grid | None = None, widths: tuple[int, ...] = WIDTHS, top: int = TOP) -> Any:
    """A fresh network (random weights) for `grid`'s input size; torch must be installed."""
    grid = grid or Grid()
    deep = (grid.height // 16, grid.width // 16)  # the 1/16 map's size: the regions divide it
    if deep[0] % REGIONS[0] or deep[1] % REGIONS[1]:
        raise InputError(
            f"a {grid.width}x{grid.height} input's 1/16 map {deep} does not split into {REGIONS} regions"
        )
    require("torch", "the figure detector's training")
    import torch
    from torch import nn

    def block(cin: int, cout: int, stride: int = 1, dilation: int = 1) -> nn.Sequential:
        return nn.Sequential(
            nn.Conv2d(cin, cout, 3, stride, padding=dilation, dilation=dilation, bias=False),
            nn.BatchNorm2d(cout),
            nn.ReLU(inplace=True),
        )

    class FigureNet(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            w1, w2, w3, w4 = widths
            self.s2 = block(3, w1, 2)
            self.s4 = nn.Sequential(block(w1, w2, 2), block(w2, w2))
            self.s8 = nn.Sequential(block(w2, w3, 2), block(w3, w3))
            self.s16 = nn.Sequential(
                block(w3, w4, 2), block(w4, w4), block(w4, w4, dilation=2), block(w4, w4, dilation=4)
            )
            self.lat16 = nn.Conv2d(w4, top, 1)
            self.lat8 = nn.Conv2d(w3, top, 1)
            self.lat4 = nn.Conv2d(w2, top, 1)
            self.up = nn.Upsample(scale_factor=2, mode="nearest")
            self.head = nn.Sequential(block(top, top), nn.Conv2d(top, CHANNELS, 1))
            self.squeeze = nn.Sequential(nn.Conv2d(w4, 16, 1), nn.ReLU(inplace=True))
            self.regions = nn.AvgPool2d((deep[0] // REGIONS[0], deep[1] // REGIONS[1]))
            self.pool = nn.AvgPool2d(deep)
            self.angle = nn.Linear(w4 + 16 * REGIONS[0] * REGIONS[1], len(ANGLE_CLASSES))
            with torch.no_grad():  # the heat starts near 0.01 everywhere (CenterNet's prior)
                self.head[-1].bias[0] = -4.6

        def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            f4 = self.s4(self.s2(x))
            f8 = self.s8(f4)
            f16 = self.s16(f8)
            top = self.up(self.up(self.lat16(f16)) + self.lat8(f8)) + self.lat4(f4)
            seen = torch.cat(
                [torch.flatten(self.pool(f16), 1), torch.flatten(self.regions(self.squeeze(f16)), 1)], 1
            )
            return self.head(top), self.angle(seen)

    return FigureNet()


def export_onnx(network: Any, grid: Grid, path: Path) -> Path:
    """Write `network` as ONNX (batch norm folded, fixed input size) for cv2.dnn; returns `path`."""
    require("torch", "the figure detector's export")
    require("onnx", "the figure detector's export")
    import torch

    network = network.eval()
    example = torch.zeros(1, 3, grid.height, grid.width)
    tmp = path.with_name(f".tmp-{path.name}")
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():  # the TorchScript exporter is deprecated; it needs no onnxscript
        warnings.simplefilter("ignore")
        torch.onnx.export(
            network, (example,), str(tmp), dynamo=False, input_names=["image"], output_names=list(OUTPUTS),
            opset_version=17, do_constant_folding=True,
        )  # fmt: skip
    tmp.replace(path)
    return path
