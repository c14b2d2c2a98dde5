"""The sketch renderer (a stand-in that knows what it drew), loaded by path: tests are no package."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


def load_sketch():
    name = "storyreel_tests_sketch"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("sketch.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def sketch():
    return load_sketch().SketchRenderer()
