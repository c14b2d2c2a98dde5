"""An endpoint URL as it may be shown and stored: no user:password, no secret query value, and
nothing of a URL that cannot be read."""

from __future__ import annotations

import pytest

from storyreel.redaction import redact_url


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1"),
        ("https://user:pw@host/v1", "https://***@host/v1"),
        ("https://token@host/v1", "https://***@host/v1"),
        ("https://host/v1?api-key=SECRET&api-version=2024", "https://host/v1?api-key=***&api-version=2024"),
        ("http://[::1]:8000/v1?access_token=x&sig=y", "http://[::1]:8000/v1?access_token=***&sig=***"),
        ("http://[::1", "(a URL that cannot be read)"),
        ("http://host:port-is-secret/v1", "(a URL that cannot be read)"),
    ],
)
def test_credentials_are_masked(url, shown):
    assert redact_url(url) == shown
