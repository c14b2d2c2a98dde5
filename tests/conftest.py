"""Shared test settings.

Hypothesis explores new random examples on every local run; in CI (CI=true) it is derandomised
so a build never fails on an example nobody has seen. STORYREEL_FUZZ=N runs N examples per
property of the parser fuzz tests, for a deep local search.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")
