"""Programme offers: their conditions, their questions, and how their places are given out."""

import datetime

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.i18n import TranslatedField
from portal.models import Function

# Professional groups a local initiative involves (LDiB asks for more than two of them).
PROFESSIONAL_GROUPS = [
    (Function.BURGEMEESTER.value, _("Mayors (burgemeesters)")),
    (Function.WETHOUDER.value, _("Aldermen (wethouders)")),
    (Function.RAADSLID.value, _("Council members (raadsleden)")),
    (Function.GEMEENTESECRETARIS.value, _("Municipal secretaries (secretarissen)")),
    (Function.GRIFFIER.value, _("Council clerks (griffiers)")),
]
MIN_PROFESSIONAL_GROUPS = 3  # "more than 2"
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


class OfferQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_counts(self):
        """Granted, reserve and open applications per offer, in the same query."""
        from .applications import Application  # the application module builds on this one

        return self.annotate(
            granted_count=Count("applications", filter=Q(applications__status=Application.Status.GRANTED)),
            reserve_count=Count("applications", filter=Q(applications__status=Application.Status.RESERVE)),
            open_count=Count(
                "applications",
                filter=Q(applications__status__in=[Application.Status.RECEIVED, Application.Status.IN_REVIEW]),
            ),
        )


class Offer(models.Model):
    """Something a programme offers municipalities, with conditions and (usually) a limited number of places."""

    class Mode(models.TextChoices):
        REVIEWED = "reviewed", _("Reviewed by programme staff")
        FIRST_COME = "first_come", _("Granted in order of arrival while places last")

    class Kind(models.TextChoices):
        STANDARD = "standard", _("Application by a municipality")
        LOCAL_INITIATIVE = "local_initiative", _("Local initiative")

    class Applicants(models.TextChoices):
        GRIFFIER = "griffier", _("The confirmed griffier, for their municipality")
        MEMBER = "member", _("The griffier, or a member with a municipality")

    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="offers"
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=150)
    title_en = models.CharField(_("title (English)"), max_length=150, blank=True)
    summary = models.TextField(_("summary"))
    summary_en = models.TextField(_("summary (English)"), blank=True)
    description = models.TextField(_("description"))
    description_en = models.TextField(_("description (English)"), blank=True)
    places = models.PositiveIntegerField(
        _("number of places"), null=True, blank=True, help_text=_("Leave empty when the number is not limited.")
    )
    opens_on = models.DateField(_("open for applications from"))
    closes_on = models.DateField(_("open for applications until"), null=True, blank=True)
    mode = models.CharField(_("how places are granted"), max_length=16, choices=Mode.choices, default=Mode.REVIEWED)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STANDARD)
    applicants = models.CharField(
        _("who may apply"), max_length=16, choices=Applicants.choices, default=Applicants.GRIFFIER
    )
    has_budget = models.BooleanField(
        _("comes with a budget"), default=False, help_text=_("Staff record the budget in euros when granting.")
    )
    budget_max = models.PositiveIntegerField(_("highest budget per grant (euros)"), null=True, blank=True)
    attachment_required = models.BooleanField(_("an attachment is required"), default=False)
    attachment_label = models.CharField(
        _("name of the attachment"), max_length=150, blank=True, help_text=_("For example: statement of intent.")
    )
    attachment_label_en = models.CharField(_("name of the attachment (English)"), max_length=150, blank=True)
    assigns_adviser = models.BooleanField(
        _("a grant assigns the region's adviser"), default=False
    )
    unlocks_questionnaire = models.SlugField(
        _("unlocks the Quick Scan questionnaire"),
        max_length=100,
        blank=True,
        help_text=_("Slug of a restricted questionnaire that a grant makes available to the municipality."),
    )
    take_up_url = models.CharField(
        _("taken up elsewhere"),
        max_length=200,
        blank=True,
        help_text=_("A page of the portal where this offer is taken up instead of the application form."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    title_i18n = TranslatedField("title")
    summary_i18n = TranslatedField("summary")
    description_i18n = TranslatedField("description")
    attachment_label_i18n = TranslatedField("attachment_label")

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=models.F("opens_on")),
                name="offer_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("offers:offer_detail", kwargs={"slug": self.slug})

    def is_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today and (self.closes_on is None or today <= self.closes_on)

    @property
    def is_first_come(self) -> bool:
        return self.mode == self.Mode.FIRST_COME

    @property
    def is_local_initiative(self) -> bool:
        return self.kind == self.Kind.LOCAL_INITIATIVE

    def places_left_given(self, granted: int) -> int | None:
        return None if self.places is None else max(self.places - granted, 0)

    @property
    def places_left(self) -> int | None:
        """Needs `with_counts()`."""
        return self.places_left_given(self.granted_count)


class OfferCondition(models.Model):
    """A condition the applicant confirms, one by one."""

    offer = models.ForeignKey(Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="conditions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("condition"), max_length=400)
    text_en = models.CharField(_("condition (English)"), max_length=400, blank=True)

    text_i18n = TranslatedField("text")

    class Meta:
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        ordering = ["offer", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class OfferQuestion(models.Model):
    """A question staff add to one offer's application form."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("Choice")
        FILE = "file", _("File")

    offer = models.ForeignKey(Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    help_text = models.CharField(_("explanation"), max_length=300, blank=True)
    help_text_en = models.CharField(_("explanation (English)"), max_length=300, blank=True)
    kind = models.CharField(_("kind of answer"), max_length=8, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(_("choices"), blank=True, help_text=_("For a choice: one option per line."))
    choices_en = models.TextField(_("choices (English)"), blank=True, help_text=_("In the same order."))
    required = models.BooleanField(_("required"), default=True)

    text_i18n = TranslatedField("text")
    help_text_i18n = TranslatedField("help_text")

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["offer", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    def choice_options(self) -> list[tuple[str, str]]:
        """(stored value, label) pairs: the Dutch line is stored, the label follows the language."""
        values = [line.strip() for line in self.choices.splitlines() if line.strip()]
        english = [line.strip() for line in self.choices_en.splitlines() if line.strip()]
        in_english = (get_language() or "").startswith("en")
        return [
            (value, english[index] if in_english and index < len(english) else value)
            for index, value in enumerate(values)
        ]
