"""Evaluation links: the token is made when the mail is rendered, and only its hash is stored.

A participant's link carries the token; the session row keeps `sha256(token)`. So the token is in the
mail and in memory only: a Job row, a log line or an admin page never holds a working link.
"""

import hashlib
import secrets

from django.urls import reverse

from .models import Session

TOKEN_BYTES = 24


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def evaluation_path(token: str) -> str:
    return reverse("workshops:evaluation_form", kwargs={"token": token})


def evaluation_token_issue(session: Session) -> str:
    """A fresh token for the session's evaluation link (the previous link stops working); only its hash is saved."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.evaluation_token_hash = token_hash(token)
    Session.objects.filter(pk=session.pk).update(evaluation_token_hash=session.evaluation_token_hash)
    return token
