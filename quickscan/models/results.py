"""What comes of a closed scan: its scores, the report as PDF per language, and the verbeteragenda."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .questionnaires import QuestionnaireTheme, Statement
from .scans import OwnQuestion, Scan


class ScanResult(models.Model):
    """The summary of one scoring run. Replaced, with its scores, in one transaction."""

    scan = models.OneToOneField(Scan, verbose_name=_("scan"), on_delete=models.CASCADE, related_name="result")
    computed_at = models.DateTimeField(_("computed at"))
    respondents = models.PositiveIntegerField(_("respondents"), default=0)
    group_counts = models.JSONField(_("respondents per group"), default=dict)
    strong_points = models.JSONField(_("strong points"), default=dict)
    weak_points = models.JSONField(_("weak points"), default=dict)
    gaps = models.JSONField(_("group differences"), default=list)
    priorities = models.JSONField(_("priority ranking"), default=list)
    fingerprint = models.CharField(_("fingerprint of the figures"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("scan result")
        verbose_name_plural = _("scan results")

    def __str__(self) -> str:
        return f"{self.scan} @ {self.computed_at:%Y-%m-%d %H:%M}"


class Score(models.Model):
    """Aggregated figures for a theme, statement or own question, for one group or overall (group "")."""

    class Level(models.TextChoices):
        THEME = "theme", _("Theme")
        STATEMENT = "statement", _("Statement")
        OWN = "own", _("Own question")

    scan = models.ForeignKey(Scan, verbose_name=_("scan"), on_delete=models.CASCADE, related_name="scores")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    theme = models.ForeignKey(
        QuestionnaireTheme,
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    statement = models.ForeignKey(
        Statement,
        verbose_name=_("statement"),
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
    group = models.CharField(
        _("group"), max_length=16, blank=True, help_text=_("Empty for all groups together.")
    )
    respondents = models.PositiveIntegerField(_("respondents"))
    answers = models.PositiveIntegerField(_("answers on the scale"))
    mean = models.FloatField(_("mean"), null=True)
    index = models.FloatField(_("index (0-100)"), null=True)
    agree_share = models.FloatField(_("share agreeing"), null=True)
    distribution = models.JSONField(_("distribution"), default=dict)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["scan", "level", "theme__order", "statement__order", "group"]
        indexes = [models.Index(fields=["scan", "level", "group"], name="score_scan_level_group_idx")]

    def __str__(self) -> str:
        return (
            f"{self.level} {self.theme_id or ''}/{self.statement_id or ''} {self.group or '*'}: {self.index}"
        )


class ReportPdfQuerySet(models.QuerySet):
    def current(self):
        """PDFs made from the scores the scan has now."""
        return self.filter(scores_of=models.F("scan__result__computed_at"))


class ReportPdf(models.Model):
    """The report of a closed scan as PDF, one per language, and which scores it shows.

    It is current while `scores_of` equals the scan result's `computed_at`; new scores make it stale and a
    new one is made.
    """

    scan = models.ForeignKey(Scan, verbose_name=_("scan"), on_delete=models.CASCADE, related_name="report_pdfs")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    scores_of = models.DateTimeField(_("made from the scores of"))
    pdf = models.BinaryField(_("PDF"), editable=False)
    made_at = models.DateTimeField(_("made at"), default=timezone.now)

    objects = ReportPdfQuerySet.as_manager()

    class Meta:
        verbose_name = _("report (PDF)")
        verbose_name_plural = _("reports (PDF)")
        constraints = [models.UniqueConstraint(fields=["scan", "language"], name="report_pdf_once_per_language")]

    def __str__(self) -> str:
        return f"{self.scan_id} ({self.language})"


class Action(models.Model):
    """An item of the verbeteragenda that follows a scan."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    scan = models.ForeignKey(Scan, verbose_name=_("scan"), on_delete=models.CASCADE, related_name="actions")
    theme = models.ForeignKey(
        QuestionnaireTheme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="actions"
    )
    action = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("owner"), max_length=150)
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("verbeteragenda")
        ordering = ["scan", "due_on", "pk"]

    def __str__(self) -> str:
        return self.action
