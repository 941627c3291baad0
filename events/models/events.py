"""Events, their break-out sessions and registration questions."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.fields import HttpsURLField
from portal.i18n import TranslatedField
from portal.models import Function

TITLE_MAX = 200
SUMMARY_MAX = 500
DESCRIPTION_MAX = 5000
NAME_MAX = 150
ANSWER_MAX = 500
MESSAGE_MAX = 5000


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def visible(self):
        """On the public agenda: published, and cancelled ones too (so people see that they are off)."""
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])

    def upcoming(self, now: datetime.datetime | None = None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now: datetime.datetime | None = None):
        return self.filter(ends_at__lt=now or timezone.now())

    def open_for_registration(self, now: datetime.datetime | None = None):
        now = now or timezone.now()
        return (
            self.published()
            .filter(starts_at__gt=now)
            .filter(Q(registration_opens_at__isnull=True) | Q(registration_opens_at__lte=now))
            .filter(Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=now))
        )

    def for_function(self, function: str):
        """Open to `function`: events without a target group, and those whose target group holds it."""
        return self.filter(Q(target_functions=[]) | Q(target_functions__icontains=f'"{function}"'))

    def with_counts(self):
        """Places held and people waiting, as two subqueries: one query for any number of events."""
        from .registrations import Registration

        held = (
            Registration.objects.filter(event=OuterRef("pk"), status__in=Registration.HOLDING)
            .order_by()
            .values("event")
            .annotate(n=Count("pk"))
            .values("n")
        )
        waiting = (
            Registration.objects.filter(event=OuterRef("pk"), status=Registration.Status.WAITLISTED)
            .order_by()
            .values("event")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(held_count=Coalesce(Subquery(held), 0), waiting_count=Coalesce(Subquery(waiting), 0))


class Event(models.Model):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Conference")
        REGIONAL_MEETING = "regional_meeting", _("Regional meeting")
        LOCAL_MEETING = "local_meeting", _("Local meeting")
        MEAL_CONVERSATION = "meal_conversation", _("Dinner conversation (maaltijdgesprek)")
        LISTENING_TOUR = "listening_tour", _("Listening tour")
        DRIEHOEK = "driehoek", _("Meeting on the lokale driehoek")
        LAB = "lab", _("DNa Lab session")
        WEBINAR = "webinar", _("Webinar")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    title_en = models.CharField(_("title (English)"), max_length=TITLE_MAX, blank=True)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX)
    summary_en = models.TextField(_("summary (English)"), max_length=SUMMARY_MAX, blank=True)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=DESCRIPTION_MAX, blank=True)
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    themes = models.ManyToManyField("programmes.Theme", verbose_name=_("themes"), blank=True, related_name="events")
    advice_scan_themes = models.JSONField(_("advice for Quick Scan themes"), default=list, blank=True)
    target_functions = models.JSONField(
        _("only for"),
        default=list,
        blank=True,
        help_text=_("Leave empty when everyone may register; otherwise only these functions may."),
    )
    region = models.ForeignKey(
        "portal.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        help_text=_("Empty for a national event."),
    )
    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    online_url = HttpsURLField(
        _("join link"), blank=True, help_text=_("Shown only to confirmed registrants, on their page and in their mails.")
    )
    includes_meal = models.BooleanField(_("meal included"), default=False)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True, help_text=_("Empty: no limit."))
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration deadline"), null=True, blank=True, help_text=_("Empty: until the event starts.")
    )
    claim_hours = models.PositiveSmallIntegerField(
        _("hours to claim a freed place"),
        default=48,
        help_text=_("How long the first person on the waiting list has to claim a place that became free."),
    )
    last_minute_hours = models.PositiveSmallIntegerField(
        _("last hours: confirm directly"),
        default=24,
        help_text=_("Within this many hours before the start, a freed place goes straight to the next in line."),
    )
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    cancellation_note = models.TextField(_("reason for cancelling"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    data_removed_at = models.DateTimeField(
        _("registrations removed at"), null=True, blank=True, editable=False,
        help_text=_("After the retention period only anonymous counts remain."),
    )

    title_i18n = TranslatedField("title")
    summary_i18n = TranslatedField("summary")
    description_i18n = TranslatedField("description")

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "title"]
        indexes = [models.Index(fields=["status", "starts_at"], name="event_status_start_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", kwargs={"slug": self.slug})

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_restricted(self) -> bool:
        return bool(self.target_functions)

    def allows_function(self, function: str) -> bool:
        return not self.target_functions or function in self.target_functions

    @property
    def target_function_labels(self) -> list[str]:
        labels = dict(Function.choices)
        return [str(labels.get(value, value)) for value in self.target_functions]

    @property
    def display_status(self) -> str:
        """Draft, published, cancelled, or past (past is a matter of the clock, not a stored state)."""
        if self.status == self.Status.PUBLISHED and self.is_past:
            return "past"
        return self.status

    @property
    def display_status_label(self) -> str:
        return str(_("Past")) if self.display_status == "past" else self.get_status_display()

    @property
    def place_text(self) -> str:
        if self.is_online and not self.venue:
            return str(_("Online"))
        return ", ".join(part for part in (self.venue, self.address) if part)

    def places_left(self) -> int | None:
        """Free places for a newcomer (None: no limit); people already waiting go first. Needs `with_counts()`."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.held_count - self.waiting_count)

    def places_text(self) -> str:
        left = self.places_left()
        if left is None:
            return ""
        if left == 0:
            return str(_("Full – you will be put on the waiting list"))
        return ngettext("%(count)s place left", "%(count)s places left", left) % {"count": left}

    def registration_state(self, now: datetime.datetime | None = None) -> str:
        """"open", or why not: "draft", "cancelled", "past", "not_yet", "closed"."""
        now = now or timezone.now()
        if self.status == self.Status.DRAFT:
            return "draft"
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        if self.starts_at <= now:
            return "past"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet"
        if self.registration_closes_at and now >= self.registration_closes_at:
            return "closed"
        return "open"

    def offer_deadline(self, now: datetime.datetime) -> datetime.datetime | None:
        """Until when a freed place is kept for the next in line; None when it must be confirmed directly."""
        last_minute = self.starts_at - datetime.timedelta(hours=self.last_minute_hours)
        if now >= last_minute:
            return None
        return min(now + datetime.timedelta(hours=self.claim_hours), last_minute)


class Session(models.Model):
    """A break-out session (deelsessie) of an event, with its own time slot and capacity."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    title_en = models.CharField(_("title (English)"), max_length=TITLE_MAX, blank=True)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=SUMMARY_MAX, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    title_i18n = TranslatedField("title")
    summary_i18n = TranslatedField("summary")

    class Meta:
        verbose_name = _("break-out session")
        verbose_name_plural = _("break-out sessions")
        ordering = ["starts_at", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="event_session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def overlaps(self, other: "Session") -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


class Question(models.Model):
    """A question staff ask everyone who registers for one event (dietary wishes, a choice of topic)."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("Choice")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=200)
    label_en = models.CharField(_("question (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(_("choices"), max_length=2000, blank=True, help_text=_("One per line."))
    choices_en = models.TextField(_("choices (English)"), max_length=2000, blank=True, help_text=_("One per line, in the same order."))
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    label_i18n = TranslatedField("label")

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    @property
    def choice_pairs(self) -> list[tuple[str, str]]:
        """(stored value, label in the current language): answers are stored in Dutch, whatever was shown."""
        from django.utils.translation import get_language

        values = self.choice_list
        english = [line.strip() for line in self.choices_en.splitlines() if line.strip()]
        if (get_language() or "").startswith("en") and len(english) == len(values):
            return list(zip(values, english, strict=True))
        return [(value, value) for value in values]
