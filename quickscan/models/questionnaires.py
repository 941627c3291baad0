"""Questionnaires: versioned sets of themes and statements, and the respondent groups they are for."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.i18n import TranslatedField


class Group(models.TextChoices):
    RAAD = "raad", _("Council (raad)")
    COLLEGE = "college", _("Executive (college)")
    MT = "mt", _("Senior management (MT)")
    AMBTENAREN = "ambtenaren", _("Civil servants (ambtenaren)")
    INWONERS = "inwoners", _("Residents (inwoners)")


# Below this many responses a group's figures are never shown (nor stored) on their own.
MIN_GROUP_SIZE = 5
# Benchmarks and national figures need at least this many municipalities in the pool.
MIN_BENCHMARK_MUNICIPALITIES = 5
# Two groups "see things differently" when their theme index differs by at least this much.
GAP_THRESHOLD = 15
MAX_OWN_QUESTIONS = 4
PRIORITY_PICKS = 3
DATA_PROCESSING_TERMS_VERSION = "2025-1"


class QuestionnaireQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Questionnaire(models.Model):
    """A versioned questionnaire. Once a scan uses a version it is frozen; edits go into a new version."""

    slug = models.SlugField(_("slug"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    intro = models.TextField(_("introduction for respondents"), blank=True)
    intro_en = models.TextField(_("introduction for respondents (English)"), blank=True)
    priority_question = models.CharField(_("priority question"), max_length=300, blank=True)
    priority_question_en = models.CharField(_("priority question (English)"), max_length=300, blank=True)
    groups = models.JSONField(
        _("respondent groups"), default=list, help_text=_("Slugs of the respondent groups.")
    )
    requires_grant = models.BooleanField(
        _("only with a grant"),
        default=False,
        help_text=_(
            "Offered only to municipalities that were granted its use (for example a free place in a programme "
            "offer)."
        ),
    )
    is_active = models.BooleanField(
        _("available for new scans"),
        default=True,
        help_text=_("Only the newest version should be available."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    name_i18n = TranslatedField("name")
    description_i18n = TranslatedField("description")
    intro_i18n = TranslatedField("intro")
    priority_question_i18n = TranslatedField("priority_question")

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["name", "-version"]
        constraints = [models.UniqueConstraint(fields=["slug", "version"], name="questionnaire_slug_version")]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def is_frozen(self) -> bool:
        return self.scans.exists()

    def group_choices(self) -> list[tuple[str, str]]:
        labels = dict(Group.choices)
        return [(group, labels.get(group, group)) for group in self.groups]


class QuestionnaireTheme(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.CASCADE, related_name="themes"
    )
    slug = models.SlugField(_("slug"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    open_question = models.CharField(_("open question"), max_length=300, blank=True)
    open_question_en = models.CharField(_("open question (English)"), max_length=300, blank=True)
    portal_themes = models.ManyToManyField(
        "programmes.Theme", verbose_name=_("portal themes"), blank=True, related_name="scan_themes"
    )

    name_i18n = TranslatedField("name")
    description_i18n = TranslatedField("description")
    open_question_i18n = TranslatedField("open_question")

    class Meta:
        verbose_name = _("questionnaire theme")
        verbose_name_plural = _("questionnaire themes")
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "slug"], name="questionnaire_theme_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class Statement(models.Model):
    theme = models.ForeignKey(
        QuestionnaireTheme, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="statements"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("statement"), max_length=400)
    text_en = models.CharField(_("statement (English)"), max_length=400, blank=True)

    text_i18n = TranslatedField("text")

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["theme__order", "order"]

    def __str__(self) -> str:
        return self.text
