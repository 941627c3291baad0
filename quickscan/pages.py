"""The questionnaire as a respondent meets it: one page per theme, then the municipality's own questions,
then the priorities.

Saving a page is the hot path of the Quick Scan, and a scan's pages never change once it is open: its
questionnaire version is frozen (any edit goes into a new version) and its own questions are fixed. So each
worker process keeps the structure of an open scan in memory instead of reading it on every request.
"""

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import OwnQuestion, QuestionnaireTheme, Scan, Statement

CACHED_SCANS = 256


@dataclass(frozen=True)
class _Structure:
    themes: list[tuple[QuestionnaireTheme, list[Statement]]]
    own_questions: list[OwnQuestion]
    priorities: bool


@dataclass
class AnswerPage:
    kind: str  # "theme", "own" or "priority"
    theme: QuestionnaireTheme | None = None
    statements: list = field(default_factory=list)
    own_questions: list = field(default_factory=list)

    @property
    def title(self) -> str:
        """In the language of the request, which may differ from the one the structure was read in."""
        if self.kind == "theme":
            return self.theme.name_i18n
        return _("Questions from your municipality") if self.kind == "own" else _("Priorities")


_cache: OrderedDict[uuid.UUID, _Structure] = OrderedDict()  # by public id: never reused, unlike a pk
_lock = threading.Lock()


def _read(scan: Scan) -> _Structure:
    themes = [
        (theme, list(theme.statements.all()))
        for theme in scan.questionnaire.themes.prefetch_related("statements").order_by("order")
    ]
    return _Structure(themes, list(scan.own_questions.all()), bool(scan.questionnaire.priority_question))


def _structure(scan: Scan) -> _Structure:
    if scan.is_draft:  # own questions may still change: read afresh (the preview)
        return _read(scan)
    with _lock:
        cached = _cache.get(scan.public_id)
        if cached is not None:
            _cache.move_to_end(scan.public_id)
            return cached
    structure = _read(scan)
    with _lock:
        _cache[scan.public_id] = structure
        while len(_cache) > CACHED_SCANS:
            _cache.popitem(last=False)
    return structure


def answer_pages(scan: Scan) -> list[AnswerPage]:
    structure = _structure(scan)
    pages = [AnswerPage("theme", theme=theme, statements=statements) for theme, statements in structure.themes]
    if structure.own_questions:
        pages.append(AnswerPage("own", own_questions=structure.own_questions))
    if structure.priorities:
        pages.append(AnswerPage("priority"))
    return pages


def priority_themes(scan: Scan) -> list[QuestionnaireTheme]:
    """The themes a respondent can pick as priorities: those with statements."""
    return [theme for theme, statements in _structure(scan).themes if statements]
