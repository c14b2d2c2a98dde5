"""The studio's tests: films made once with the fake renderer at a tiny size, served in-process.

`garage` is made once per session and only read (views, files, exports, security); `directed`
is another garage made per module that notes, undo and checkout change.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the studio extra: pip install 'storyreel[studio]'")

from fastapi.testclient import TestClient  # noqa: E402

from storyreel.api import Studio  # noqa: E402
from storyreel.render import RENDERERS  # noqa: E402
from storyreel.render.testing import FakeRenderer  # noqa: E402
from storyreel.web.app import create_app  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TINY = {"renderer": "fake", "scorer": "none", "resolution": (32, 18), "fps": 8}
LOCAL = "http://127.0.0.1"  # the Host a loopback studio answers


@pytest.fixture(scope="session")
def fake_renderer() -> Iterator[None]:
    """The fake renderer registered for the session (jobs run it in this process)."""
    had = RENDERERS.get("fake")
    RENDERERS["fake"] = FakeRenderer
    yield
    if had is None:
        RENDERERS.pop("fake", None)
    else:
        RENDERERS["fake"] = had


def make_garage(folder: Path) -> Path:
    Studio(folder, **TINY).make(EXAMPLES / "garage.fountain")
    return folder


@pytest.fixture(scope="session")
def garage(tmp_path_factory, fake_renderer) -> Path:
    """The garage example, made once for the session; tests only read it."""
    return make_garage(tmp_path_factory.mktemp("served") / "garage")


@pytest.fixture(scope="session")
def client(garage, tmp_path_factory) -> Iterator[TestClient]:
    app = create_app([garage], root=tmp_path_factory.mktemp("root"))
    with TestClient(app, base_url=LOCAL) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def directed(tmp_path_factory, fake_renderer) -> Path:
    """A garage of its own for a module whose tests change it (notes, undo, checkout)."""
    return make_garage(tmp_path_factory.mktemp("directed") / "garage")
