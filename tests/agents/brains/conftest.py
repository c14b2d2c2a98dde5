"""Fixtures of the brain tests: a scripted fake OpenAI-compatible server on loopback."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def _load_fake() -> Any:
    # Under --import-mode=importlib a test directory is no package: load the helper by path.
    name = "storyreel_tests_fake_openai"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("fake_openai.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def fake_openai() -> Iterator[Any]:
    """A running `FakeOpenAI` (see fake_openai.py); stopped after the test."""
    server = _load_fake().FakeOpenAI().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fake_reply() -> Any:
    """The `Reply` class, to script unusual replies (delays, custom bodies)."""
    return _load_fake().Reply
