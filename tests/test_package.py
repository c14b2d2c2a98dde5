"""The installed package: its layout, its public API, and the light/ML split."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import storyreel
from storyreel.errors import MissingExtraError
from storyreel.extras import require

ROOT = Path(__file__).resolve().parents[1]


def test_public_api_is_what_we_document():
    assert sorted(storyreel.__all__) == [
        "DiskFull",
        "InputError",
        "MakeResult",
        "MissingExtraError",
        "PlanError",
        "PlanResult",
        "ScreenplayError",
        "StoryreelError",
        "Studio",
        "__version__",
        "read_screenplay",
    ]
    for name in storyreel.__all__:
        assert getattr(storyreel, name) is not None
    with pytest.raises(AttributeError):
        storyreel.no_such_thing  # noqa: B018


@pytest.mark.parametrize("name", ["agents", "tools", "render", "prompts"])
def test_top_level_folders_install_inside_the_storyreel_namespace(name):
    module = __import__(f"storyreel.{name}", fromlist=["_"])
    assert Path(module.__file__).resolve().parent == ROOT / name


def test_importing_storyreel_does_not_import_the_ml_stack():
    code = "import sys, storyreel, storyreel.models, storyreel.cli, storyreel.api, storyreel.agents.graph; print(sorted(m for m in ('torch','diffusers','open_clip','transformers') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_cli_does_not_import_the_studio_extra_until_the_studio_starts():
    code = "import sys, storyreel.cli; print(sorted(m for m in ('fastapi', 'uvicorn', 'starlette') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_missing_extra_is_one_line_that_says_how_to_install_it():
    with pytest.raises(MissingExtraError) as info:
        require("storyreel_no_such_module", "GPU rendering")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("GPU rendering needs `storyreel_no_such_module`")
    assert "pip install 'storyreel[ml]'" in message


@pytest.mark.slow
def test_the_wheel_holds_every_package_under_storyreel(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("storyreel-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "storyreel/cli.py",
        "storyreel/models/screenplay.py",
        "storyreel/tools/screenplay/fountain.py",
        "storyreel/agents/__init__.py",
        "storyreel/render/__init__.py",
        "storyreel/prompts/__init__.py",
        "storyreel/prompts/storyboard.j2",
        "storyreel/agents/graph.py",
        "storyreel/agents/brains/openai.py",
        "storyreel/agents/film_grammar/coverage/boarder.py",
        "storyreel/agents/film_grammar/camera/motives.py",
        "storyreel/agents/film_grammar/lexicon/action.py",
        "storyreel/agents/film_grammar/notes/reader.py",
        "storyreel/agents/plan_edits/__init__.py",
        "storyreel/web/app.py",
        "storyreel/web/static/index.html",
    ):
        assert expected in names
    static = ROOT / "storyreel" / "web" / "static"  # the studio's pages, whatever they grow into
    for path in static.rglob("*"):
        if path.is_file():
            assert f"storyreel/web/static/{path.relative_to(static).as_posix()}" in names
    assert not any(n.startswith(("tools/", "agents/", "render/", "prompts/", "tests/")) for n in names)
