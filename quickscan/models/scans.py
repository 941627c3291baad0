"""Scans and their invitations: what the griffier sets up, and the personal links respondents answer with.

An invitation knows an address (to send and remind) but never which response is whose: see `answers`.
"""

import datetime
import hashlib
import uuid

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .questionnaires import DATA_PROCESSING_TERMS_VERSION, Group, Questionnaire


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

    def with_response_counts(self):
        """Each scan with `invited` and `completed` (invitations used), for lists, in the same one query."""
        return self.select_related("municipality", "questionnaire").annotate(
            invited=Count("invitations", distinct=True),
            completed=Count("invitations", filter=Q(invitations__used_at__isnull=False), distinct=True),
        )


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

    objects = ScanQuerySet.as_manager()

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
