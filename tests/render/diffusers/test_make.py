"""`storyreel make --renderer diffusers --models tiny-random`: the whole graph through diffusers.

The smoke test the README gives users: every stage runs on tiny random-weight pipelines, the
project holds the same cache entries and clip files as with the animatic, manifest.json names
the pipeline classes and settings that made each asset, and a second run is served from the cache.
"""

from __future__ import annotations

import json

import pytest

pytest.importorskip("diffusers")

from storyreel.cli import main  # noqa: E402
from storyreel.media.video import probe  # noqa: E402

pytestmark = [
    pytest.mark.ml,
    pytest.mark.slow,
    # diffusers' schedulers hand numpy torch tensors, and numpy 2 warns: diffusers' to fix, harmless here.
    pytest.mark.filterwarnings(
        "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning"
    ),
]

SCRIPT = """\
INT. KITCHEN - NIGHT

ANA stands by the window, watching the rain.

ANA
He isn't coming back.
"""


def test_make_runs_the_whole_graph_through_diffusers(tmp_path, capsys, recording):
    from diffusers import LTXConditionPipeline, StableDiffusionXLPipeline

    script = tmp_path / "kitchen.fountain"
    script.write_text(SCRIPT, encoding="utf-8")
    project = tmp_path / "film"
    args = ["make", str(script), "-o", str(project), "--renderer", "diffusers", "--models", "tiny-random"]
    args += [
        "--resolution",
        "64x36",
        "--fps",
        "8",
        "--max-rounds",
        "0",
        "--scorer",
        "none",
        "--quiet",
        "--json",
    ]
    assert main(args) == 0, capsys.readouterr().err
    outputs = json.loads(capsys.readouterr().out)["outputs"]
    assert probe(outputs["film"]).width == 64

    manifest = json.loads((project / "manifest.json").read_text())
    assert manifest["renderer"]["name"] == "diffusers"
    assert manifest["renderer"]["settings"]["models"] == "tiny-random"
    for shot in manifest["shots"].values():
        stages = shot["stages"]
        assert stages["keyframes"]["made_by"]["pipeline"] == "StableDiffusionXLPipeline"
        assert stages["draft"]["made_by"]["pipeline"] == "LTXConditionPipeline"
        assert stages["final"]["made_by"]["upsampler"] == "tiny-random"
        assert stages["draft"]["made_by"]["steps"] == 2
        # the animatic's layout: cache/<stage>/<key>(/NN-frameFFFFF.png | .mp4)
        assert all(
            f["path"].startswith(f"cache/keyframes/{stages['keyframes']['key']}/")
            for f in stages["keyframes"]["files"]
        )
        assert stages["draft"]["files"][0]["path"] == f"cache/draft/{stages['draft']['key']}.mp4"
        assert stages["final"]["files"][0]["path"] == f"cache/refine/{stages['final']['key']}.mp4"
        final = probe(project / stages["final"]["files"][0]["path"])
        assert (final.width, final.height, final.frames) == (64, 36, round(shot["duration_s"] * 8))
    assert manifest["versions"]["diffusers"] and manifest["versions"]["torch"]

    # A new run (slates added: an editing change) draws nothing: every asset comes from the cache.
    with recording(StableDiffusionXLPipeline, LTXConditionPipeline) as calls:
        assert main([*args, "--slates"]) == 0
    assert calls == {"StableDiffusionXLPipeline": [], "LTXConditionPipeline": []}
    again = json.loads((project / "manifest.json").read_text())
    assert {k: s["stages"]["final"]["key"] for k, s in again["shots"].items()} == {
        k: s["stages"]["final"]["key"] for k, s in manifest["shots"].items()
    }
