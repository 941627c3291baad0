"""Quick Scan: questionnaires, scans, invitations, anonymous responses, scores and the verbeteragenda.

Anonymity is a property of the schema: `Response` and its answers have no relation to `Invitation`,
to a user or to anything that identifies a person. The invitation only records *that* its link was
started and used; the response is found again (to resume) through a second hash of the token that
only the holder of the link can compute, and that hash is wiped when the response is submitted.
"""

import datetime
import hashlib
import uuid

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.urls import reverse
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


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def resume_key(token: str) -> str:
    """A second, different hash of the token: it finds the respondent's draft, and nothing joins it to the invitation."""
    return hashlib.sha256(f"resume:{token}".encode()).hexdigest()


def visitor_signer(scan: "Scan") -> signing.Signer:
    """Signs the personal links that the open link hands to residents before they answer.

    Such a link is checked by its signature, so a visitor who never answers leaves no row and takes no place
    under the cap. Making a new open link changes the salt: links handed out under the old one stop working.
    """
    return signing.Signer(salt=f"quickscan.open-link:{scan.public_id}:{scan.open_link_hash}", sep=".")


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


class DataProcessingAgreement(models.Model):
    """A municipality accepts the data processing terms once, before its first scan."""

    municipality = models.OneToOneField(
        "portal.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="quickscan_agreement",
    )
    terms_version = models.CharField(_("terms version"), max_length=20, default=DATA_PROCESSING_TERMS_VERSION)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("accepted by"), on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        verbose_name = _("data processing agreement")
        verbose_name_plural = _("data processing agreements")

    def __str__(self) -> str:
        return f"{self.municipality} ({self.terms_version})"


class ScanQuerySet(models.QuerySet):
    def closed(self):
        return self.filter(status=Scan.Status.CLOSED)

    def due_to_close(self, today: datetime.date | None = None):
        return self.filter(status=Scan.Status.OPEN, closes_on__lt=today or timezone.localdate())


class ScanManager(models.Manager.from_queryset(ScanQuerySet)):
    def get_queryset(self):
        # The stored PDF can be large: only the download and the PDF task read it, explicitly.
        return super().get_queryset().defer("report_pdf")


class Scan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "portal.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="scans"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="scans"
    )
    name = models.CharField(_("name"), max_length=150)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    open_link_hash = models.CharField(
        _("open link code (hash)"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("Hash of the code in the link for residents; the code itself is shown once to the griffier."),
    )
    open_link_cap = models.PositiveIntegerField(_("maximum responses through the open link"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    last_reminder_at = models.DateTimeField(_("last reminder sent at"), null=True, blank=True)
    score_requested_at = models.DateTimeField(_("scoring requested at"), null=True, blank=True)
    report_pdf = models.BinaryField(_("report (PDF)"), null=True, blank=True, editable=False)
    report_pdf_for = models.DateTimeField(
        _("report made from the scores of"),
        null=True,
        blank=True,
        help_text=_("The scoring time the PDF shows."),
    )

    objects = ScanManager()

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "closes_on"], name="scan_status_closes_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="scan_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.municipality}"

    def get_absolute_url(self) -> str:
        return reverse("quickscan:scan_detail", kwargs={"pk": self.pk})

    def accepts_answers(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.OPEN and self.opens_on <= today <= self.closes_on

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class OwnQuestion(models.Model):
    """One of at most four questions the municipality adds to its scan."""

    class Kind(models.TextChoices):
        SCALE = "scale", _("Statement (agree - disagree)")
        OPEN = "open", _("Open question")

    scan = models.ForeignKey(
        Scan, verbose_name=_("scan"), on_delete=models.CASCADE, related_name="own_questions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=400)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.SCALE)

    class Meta:
        verbose_name = _("own question")
        verbose_name_plural = _("own questions")
        ordering = ["scan", "order"]

    def __str__(self) -> str:
        return self.text


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(used_at__isnull=True)


class Invitation(models.Model):
    """A personal link. Knows the address (to send and remind) but never which response is whose."""

    class Source(models.TextChoices):
        MAIL = "mail", _("Invited by mail")
        OPEN_LINK = "open", _("Open link")

    scan = models.ForeignKey(
        Scan, verbose_name=_("scan"), on_delete=models.CASCADE, related_name="invitations"
    )
    group = models.CharField(_("group"), max_length=16, choices=Group.choices)
    email = models.EmailField(_("email address"), blank=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.MAIL)
    token_hash = models.CharField(_("token hash"), max_length=64, blank=True, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    started = models.BooleanField(_("started"), default=False)
    # Only the day: a precise time could be lined up with the order in which answers were stored.
    used_at = models.DateField(_("completed on"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["scan", "group", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["scan", "email"], condition=~Q(email=""), name="invitation_one_per_address_per_scan"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()} – {self.scan_id}"


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
