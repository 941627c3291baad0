"""Anonymous responses and their answers.

Anonymity is a property of the schema: `Response` and its answers have no relation to `Invitation`, to a
user or to anything that identifies a person. The invitation only records *that* its link was started and
used; the response is found again (to resume) through a second hash of the token that only the holder of
the link can compute, and that hash is wiped when the response is submitted.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .questionnaires import Group, QuestionnaireTheme, Statement
from .scans import OwnQuestion, Scan


class Response(models.Model):
    """One respondent's answers. Deliberately no timestamps and no link to an invitation or person.

    The primary key is random so that the order of rows says nothing about who answered when.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    scan = models.ForeignKey(Scan, verbose_name=_("scan"), on_delete=models.CASCADE, related_name="responses")
    group = models.CharField(_("group"), max_length=16, choices=Group.choices)
    resume_key = models.CharField(_("resume key"), max_length=64, null=True, blank=True, unique=True)
    page = models.PositiveSmallIntegerField(_("pages saved"), default=0)
    is_complete = models.BooleanField(_("complete"), default=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["scan", "is_complete", "group"], name="response_scan_complete_idx")]

    def __str__(self) -> str:
        return str(_("Anonymous response"))


class Answer(models.Model):
    """A position on the 5-point scale; `value` is empty for "don't know / not applicable"."""

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    statement = models.ForeignKey(
        Statement,
        verbose_name=_("statement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answers",
    )
    own_question = models.ForeignKey(
        OwnQuestion,
        verbose_name=_("own question"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="answers",
    )
    value = models.PositiveSmallIntegerField(_("value"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "statement"], name="answer_once_per_statement"),
            models.UniqueConstraint(fields=["response", "own_question"], name="answer_once_per_own_question"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5), name="answer_value_on_scale"
            ),
        ]

    def __str__(self) -> str:
        return "–" if self.value is None else str(self.value)


class OpenAnswer(models.Model):
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="open_answers"
    )
    theme = models.ForeignKey(
        QuestionnaireTheme,
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    own_question = models.ForeignKey(
        OwnQuestion,
        verbose_name=_("own question"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    text = models.TextField(_("answer"), max_length=2000)

    class Meta:
        verbose_name = _("open answer")
        verbose_name_plural = _("open answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "theme"], name="open_answer_once_per_theme"),
            models.UniqueConstraint(
                fields=["response", "own_question"], name="open_answer_once_per_own_question"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:50]


class PriorityChoice(models.Model):
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="priorities"
    )
    theme = models.ForeignKey(
        QuestionnaireTheme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        constraints = [models.UniqueConstraint(fields=["response", "theme"], name="priority_once_per_theme")]

    def __str__(self) -> str:
        return str(self.theme_id)
