"""Logs never show a secret: token-like parts of paths and query strings are replaced by "…".

A respondent's link, an evaluation link, a reset key or a signed confirmation link grants access; a
request log line would otherwise keep it for anyone who reads the logs. `RedactSecretsFilter` cleans
Django's own request logs; `GunicornLogger` cleans gunicorn's access log (set in gunicorn.conf.py).
Ordinary slugs (lowercase words and numbers) and public UUIDs stay readable.
"""

import logging
import re

from gunicorn.glogging import Logger

REDACTED = "…"
_WORD = re.compile(r"[A-Za-z0-9_\-:.~%]{16,}")
_ALNUM_RUN = re.compile(r"[a-z0-9]{12,}")


def _looks_secret(word: str) -> bool:
    if ":" in word and len(word) >= 20:
        return True  # django.core.signing values
    if any(char.isupper() for char in word) and any(char.isdigit() or char == "_" for char in word):
        return True  # secrets.token_urlsafe and friends
    for run in _ALNUM_RUN.findall(word):
        digits = sum(char.isdigit() for char in run)
        if digits >= 3 and len(run) - digits >= 3:
            return True  # hex digests and base-36 keys
    return False


def redact_text(text: str) -> str:
    """`text` with every token-like word replaced."""
    return _WORD.sub(lambda match: REDACTED if _looks_secret(match.group(0)) else match.group(0), text)


def redact_path(path: str) -> str:
    path, separator, query = path.partition("?")
    segments = [REDACTED if segment and _looks_secret(segment) else segment for segment in path.split("/")]
    return "/".join(segments) + separator + redact_text(query)


class RedactSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact_text(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


class GunicornLogger(Logger):
    """gunicorn's logger with the request line, path and query string redacted."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q"):
            if key in atoms:
                atoms[key] = redact_text(atoms[key]) if key != "U" else redact_path(atoms[key])
        return atoms
