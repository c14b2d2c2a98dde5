"""Without the `ml` extra, `--renderer diffusers` is one line saying how to install it (base install)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from storyreel.cli import main

EXAMPLES = Path(__file__).parents[3] / "examples"


@pytest.mark.parametrize("missing", ["torch", "diffusers"])
def test_the_diffusers_renderer_without_the_ml_extra_is_one_line(tmp_path, capsys, monkeypatch, missing):
    monkeypatch.setitem(sys.modules, missing, None)  # `import missing` now raises ImportError
    args = ["make", str(EXAMPLES / "garage.fountain"), "-o", str(tmp_path / "p"), "--renderer", "diffusers"]
    assert main([*args, "--quiet"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("storyreel: error: the diffusers renderer needs `")
    assert "pip install 'storyreel[ml]'" in err
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "p" / "plan.json").exists()  # refused before any work


def test_a_bad_models_option_is_refused_before_any_work(tmp_path, capsys):
    pytest.importorskip("diffusers")
    args = ["make", str(EXAMPLES / "garage.fountain"), "-o", str(tmp_path / "p"), "--renderer", "diffusers"]
    assert main([*args, "--models", "ltx-2", "--quiet"]) == 1
    err = capsys.readouterr().err.strip()
    assert (
        err
        == "storyreel: error: --models 'ltx-2': not a built-in (ltx-video, wan-flf2v, tiny-random) nor a .toml file"
    )
