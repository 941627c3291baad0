"""A municipality's application for an offer: the draft of one account until submitted, then the
municipality's; with its attachments, internal notes and the trail of every change."""


from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .offers import PROFESSIONAL_GROUPS, Offer, OfferQuestion


class ApplicationQuerySet(models.QuerySet):
    def submitted(self):
        return self.exclude(status=Application.Status.DRAFT)

    def active(self):
        return self.filter(status__in=Application.ACTIVE_STATUSES)

    def reserve_list(self):
        return self.filter(status=Application.Status.RESERVE).order_by("reserve_since", "pk")


class Application(models.Model):
    """A municipality's application for an offer. A draft belongs to the account that writes it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        RECEIVED = "received", _("Received")
        IN_REVIEW = "in_review", _("In review")
        GRANTED = "granted", _("Granted")
        RESERVE = "reserve", _("On the reserve list")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    ACTIVE_STATUSES = (Status.RECEIVED, Status.IN_REVIEW, Status.GRANTED, Status.RESERVE)
    STATUS_CSS = {
        Status.DRAFT: "draft",
        Status.RECEIVED: "received",
        Status.IN_REVIEW: "review",
        Status.GRANTED: "granted",
        Status.RESERVE: "open",
        Status.REJECTED: "rejected",
        Status.WITHDRAWN: "cancelled",
    }

    offer = models.ForeignKey(Offer, verbose_name=_("offer"), on_delete=models.PROTECT, related_name="applications")
    municipality = models.ForeignKey(
        "portal.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offer_applications",
    )
    language = models.CharField(_("language for mail"), max_length=8, default="nl")
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_function = models.CharField(_("function of the contact person"), max_length=100, blank=True)
    contact_email = models.EmailField(_("email address of the contact person"), blank=True)
    contact_phone = models.CharField(_("phone number of the contact person"), max_length=32, blank=True)
    plan = models.TextField(_("question or plan"), blank=True)
    professional_groups = models.JSONField(_("professional groups involved"), default=list, blank=True)
    council_role = models.TextField(_("how it strengthens the role of the council"), blank=True)
    support_starts_on = models.DateField(_("support starts on"), null=True, blank=True)
    support_ends_on = models.DateField(_("support ends on"), null=True, blank=True)
    support_scope = models.TextField(_("scope of the support"), blank=True)
    confirmed_conditions = models.JSONField(_("conditions confirmed"), default=list, blank=True)
    answers = models.JSONField(_("answers to the offer's questions"), default=dict, blank=True)
    step = models.PositiveSmallIntegerField(_("steps saved"), default=0)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reserve_since = models.DateTimeField(_("on the reserve list since"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_offer_applications",
    )
    adviser = models.ForeignKey(
        "consultants.Consultant",
        verbose_name=_("adviser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offer_applications",
    )
    budget_granted = models.PositiveIntegerField(_("budget granted (euros)"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-created_at"]
        indexes = [
            models.Index(fields=["offer", "status"], name="application_offer_status_idx"),
            models.Index(fields=["municipality", "status"], name="application_muni_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "applicant"], condition=Q(status="draft"), name="application_one_draft_per_account"
            ),
            models.CheckConstraint(
                condition=Q(support_ends_on__isnull=True)
                | Q(support_starts_on__isnull=True)
                | Q(support_ends_on__gte=models.F("support_starts_on")),
                name="application_support_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return _("Application %(number)s: %(offer)s, %(municipality)s") % {
            "number": self.pk,
            "offer": self.offer,
            "municipality": self.municipality,
        }

    def get_absolute_url(self) -> str:
        return reverse("offers:application_detail", kwargs={"pk": self.pk})

    @property
    def status_css(self) -> str:
        return self.STATUS_CSS.get(self.status, "open")

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def can_withdraw(self) -> bool:
        return self.is_active

    @property
    def contact_display(self) -> str:
        return self.contact_name or str(_("(account removed)"))

    @property
    def professional_group_labels(self) -> list[str]:
        labels = dict(PROFESSIONAL_GROUPS)
        return [str(labels.get(group, group)) for group in self.professional_groups]


class AttachmentManager(models.Manager):
    def get_queryset(self):
        # The file itself is only read by the download view.
        return super().get_queryset().defer("content")


class Attachment(models.Model):
    """An uploaded file, kept in the database and served only to those who may read the application."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="attachments"
    )
    question = models.ForeignKey(
        OfferQuestion,
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty for the offer's own attachment (such as the statement of intent)."),
    )
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    content = models.BinaryField(_("content"), editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = AttachmentManager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["application", "question__order", "pk"]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("offers:attachment_download", kwargs={"pk": self.application_id, "attachment_pk": self.pk})


class ApplicationNote(models.Model):
    """An internal note of programme staff. The applicant never sees it."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:50]


class ApplicationEvent(models.Model):
    """One change to an application: the audit trail. `detail` is for staff; the applicant sees status changes."""

    class Action(models.TextChoices):
        STARTED = "started", _("Draft started")
        SAVED = "saved", _("Step saved")
        ATTACHMENT = "attachment", _("Attachment changed")
        SUBMITTED = "submitted", _("Submitted")
        STATUS = "status", _("Status changed")
        ASSIGNED = "assigned", _("Assigned")
        NOTE = "note", _("Internal note added")
        ADVISER = "adviser", _("Adviser assigned")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        PLACE_OFFERED = "place_offered", _("Place offered from the reserve list")
        ERASED = "erased", _("Contact details removed with the account")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    action = models.CharField(_("change"), max_length=16, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=16, choices=Application.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Application.Status.choices, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["application", "created_at"], name="application_event_idx")]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.action} {self.from_status or '-'} -> {self.to_status or '-'}"
