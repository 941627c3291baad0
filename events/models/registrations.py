"""Registrations, their history, what remains after the retention period, messages and calendar keys."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Function

from .events import MESSAGE_MAX, NAME_MAX, Event, Session


class RegistrationQuerySet(models.QuerySet):
    def holding(self):
        return self.filter(status__in=Registration.HOLDING)

    def active(self):
        return self.filter(status__in=Registration.ACTIVE)

    def waiting_order(self):
        return self.order_by("waitlisted_at", "pk")


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Address not yet confirmed")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        OFFERED = "offered", _("Place offered")
        EXPIRED = "expired", _("Offer not claimed in time")
        CANCELLED = "cancelled", _("Cancelled")

    HOLDING = (Status.CONFIRMED, Status.OFFERED)
    ACTIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED)
    STATUS_CSS = {
        Status.PENDING: "received",
        Status.CONFIRMED: "granted",
        Status.WAITLISTED: "review",
        Status.OFFERED: "open",
        Status.EXPIRED: "closed",
        Status.CANCELLED: "cancelled",
    }

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    name = models.CharField(_("name"), max_length=NAME_MAX, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    function = models.CharField(_("function"), max_length=32, choices=Function.choices, default=Function.OTHER)
    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    language = models.CharField(_("language"), max_length=8, default="nl")
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    sessions = models.ManyToManyField(Session, verbose_name=_("break-out sessions"), blank=True, related_name="registrations")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    link_version = models.PositiveIntegerField(
        _("link version"), default=1, help_text=_("Raising it makes every link mailed before useless.")
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer open until"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked in by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"], condition=~Q(email=""), name="registration_one_per_address"
            ),
            models.UniqueConstraint(
                fields=["event", "user"], condition=Q(user__isnull=False), name="registration_one_per_member"
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"], name="registration_event_status_idx"),
            models.Index(fields=["status", "offer_expires_at"], name="registration_offer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name or _('(removed)')} – {self.event}"

    @property
    def status_css(self) -> str:
        return self.STATUS_CSS.get(self.status, "open")

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def holds_place(self) -> bool:
        return self.status in self.HOLDING


class RegistrationTransition(models.Model):
    """One change of a registration's status: who, when, from, to and why."""

    class Reason(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        ADDRESS_CONFIRMED = "address_confirmed", _("Address confirmed")
        OFFERED = "offered", _("Freed place offered")
        CLAIMED = "claimed", _("Offer claimed")
        DECLINED = "declined", _("Offer declined")
        LAPSED = "lapsed", _("Offer not claimed in time")
        LAST_MINUTE = "last_minute", _("Freed place confirmed directly")
        CANCELLED_BY_REGISTRANT = "cancelled_by_registrant", _("Cancelled by the registrant")
        CANCELLED_BY_STAFF = "cancelled_by_staff", _("Cancelled by staff")
        EVENT_CANCELLED = "event_cancelled", _("Event cancelled")
        ACCOUNT_DELETED = "account_deleted", _("Account deleted")

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16)
    reason = models.CharField(_("reason"), max_length=32, choices=Reason.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '–'} → {self.to_status} ({self.reason})"


class AttendanceTally(models.Model):
    """What remains of an event's registrations after the retention period: counts, no people."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="tallies")
    municipality = models.ForeignKey(
        "portal.Municipality", verbose_name=_("municipality"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    function = models.CharField(_("function"), max_length=32, choices=Function.choices)
    registered = models.PositiveIntegerField(_("confirmed registrations"), default=0)
    attended = models.PositiveIntegerField(_("attended"), default=0)

    class Meta:
        verbose_name = _("attendance count")
        verbose_name_plural = _("attendance counts")

    def __str__(self) -> str:
        return f"{self.event}: {self.function} {self.attended}/{self.registered}"


class EventMessage(models.Model):
    """A message staff sent to an event's registrants (kept so the mail job can render it from its id)."""

    class Audience(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed registrants")
        WAITLIST = "waitlist", _("People on the waiting list")
        ALL = "all", _("Everyone registered or waiting")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="messages")
    audience = models.CharField(_("to"), max_length=16, choices=Audience.choices, default=Audience.CONFIRMED)
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=MESSAGE_MAX)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.subject


class FeedKey(models.Model):
    """The version of a member's personal calendar address; raising it retires the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="event_feed_key"
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("personal calendar address")
        verbose_name_plural = _("personal calendar addresses")

    def __str__(self) -> str:
        return f"{self.user} v{self.version}"
