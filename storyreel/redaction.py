"""What may be shown or stored of an endpoint URL: everything but its credentials.

    redact_url("https://user:pw@host/v1?api-key=SECRET&v=2")  ->  "https://***@host/v1?api-key=***&v=2"

A base URL can carry a secret two ways: a user:password part (basic auth) and a query parameter
(Azure's `api-key=`, a `token=`, a signed URL's `sig=`). The brain needs the URL whole to call
its server; everything else that names it (the run's settings in checkpoints.sqlite, report.json,
the brain's answer cache, error lines and the console) takes this form. A URL that cannot be
parsed is never echoed: it may be a secret pasted in the wrong place.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "***"
# A query parameter whose name holds one of these (case-insensitive) carries a secret.
SECRET_PARAMS = ("key", "token", "secret", "password", "passwd", "pwd", "sig", "auth", "credential")


def redact_url(url: str) -> str:
    """`url` with its user:password part and any secret-bearing query value masked."""
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a port that is no number
    except ValueError:
        return "(a URL that cannot be read)"
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    netloc = (f"{MASK}@" if "@" in parts.netloc else "") + host + (f":{port}" if port is not None else "")
    query = urlencode(
        [
            (name, MASK if _secret(name) else value)
            for name, value in parse_qsl(parts.query, keep_blank_values=True)
        ],
        safe="*",
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def _secret(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in SECRET_PARAMS)


def url_secrets(url: str) -> list[str]:
    """The credentials in `url`, as written and decoded, to mask wherever text may quote them (a
    server's error echoing the path it was asked for); none from a URL that cannot be read."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    found = [parts.username, parts.password] if "@" in parts.netloc else []
    found += [value for name, value in parse_qsl(parts.query, keep_blank_values=True) if _secret(name)]
    raw = [value for name, _, value in (p.partition("=") for p in parts.query.split("&")) if _secret(name)]
    return sorted({s for s in (*found, *raw) if s}, key=len, reverse=True)
