import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.i18n import TranslatedField
from portal.models import Function


class WorkshopQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_role(self, role: str):
        # `target_roles` is a JSON list of Function values. Matching the quoted value in its JSON text works
        # on SQLite (tests) and PostgreSQL alike; no value is a quoted substring of another.
        return self.filter(target_roles__icontains=f'"{role}"')


class Workshop(models.Model):
    """One workshop of the Inwerkprogramma catalogue."""

    class Format(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        TRAINING = "training", _("Training")
        MASTERCLASS = "masterclass", _("Masterclass")

    class Delivery(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        ONLINE = "online", _("Online")
        BOTH = "both", _("On site or online")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=150)
    title_en = models.CharField(_("title (English)"), max_length=150, blank=True)
    summary = models.TextField(_("summary"))
    summary_en = models.TextField(_("summary (English)"), blank=True)
    description = models.TextField(_("description"))
    description_en = models.TextField(_("description (English)"), blank=True)
    themes = models.ManyToManyField(
        "programmes.Theme", verbose_name=_("themes"), blank=True, related_name="workshops"
    )
    target_roles = models.JSONField(
        _("target roles"), default=list, blank=True, help_text=_("Functions this workshop is meant for.")
    )
    format = models.CharField(_("format"), max_length=16, choices=Format.choices, default=Format.WORKSHOP)
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"))
    min_participants = models.PositiveSmallIntegerField(_("minimum number of participants"), default=1)
    max_participants = models.PositiveSmallIntegerField(_("maximum number of participants"), default=30)
    delivery = models.CharField(_("on site or online"), max_length=16, choices=Delivery.choices)
    experts = models.TextField(_("experts"), blank=True)
    experts_en = models.TextField(_("experts (English)"), blank=True)
    cost = models.TextField(_("cost"), blank=True)
    cost_en = models.TextField(_("cost (English)"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Slugs of the Quick Scan themes this workshop is advice for (`quickscan.advice`); the report recommends
    # these first, and falls back to the portal themes only for a theme no workshop is linked to.
    advice_scan_themes = models.JSONField(_("advice for Quick Scan themes"), default=list, blank=True)

    title_i18n = TranslatedField("title")
    summary_i18n = TranslatedField("summary")
    description_i18n = TranslatedField("description")
    experts_i18n = TranslatedField("experts")
    cost_i18n = TranslatedField("cost")

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_participants__lte=models.F("max_participants")),
                name="workshop_participants_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshops:workshop_detail", kwargs={"slug": self.slug})

    @property
    def target_role_labels(self) -> list[str]:
        labels = dict(Function.choices)
        return [labels.get(role, role) for role in self.target_roles]

    @property
    def duration_display(self) -> str:
        hours, minutes = divmod(self.duration_minutes, 60)
        if hours and minutes:
            return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
        if hours:
            return _("%(hours)s h") % {"hours": hours}
        return _("%(minutes)s min") % {"minutes": minutes}


class WorkshopRequestQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=WorkshopRequest.CLOSED_STATUSES)


class WorkshopRequest(models.Model):
    """A griffier's request (aanvraag) for workshops for their council."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_CONSULTATION = "in_consultation", _("In consultation")
        PROPOSAL_SENT = "proposal_sent", _("Proposal sent")
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        EVALUATED = "evaluated", _("Evaluated")
        CANCELLED = "cancelled", _("Cancelled")

    # Which status may follow which. Staff move along this flow; the griffier's acceptance of a proposal
    # is the only way to reach PLANNED, so it is not a manual target.
    TRANSITIONS = {
        Status.RECEIVED: [Status.IN_CONSULTATION, Status.CANCELLED],
        Status.IN_CONSULTATION: [Status.CANCELLED],
        Status.PROPOSAL_SENT: [Status.IN_CONSULTATION, Status.CANCELLED],
        Status.PLANNED: [Status.HELD, Status.CANCELLED],
        Status.HELD: [Status.EVALUATED],
        Status.EVALUATED: [],
        Status.CANCELLED: [],
    }
    CLOSED_STATUSES = (Status.EVALUATED, Status.CANCELLED)
    STATUS_CSS = {
        Status.RECEIVED: "received",
        Status.IN_CONSULTATION: "review",
        Status.PROPOSAL_SENT: "open",
        Status.PLANNED: "planned",
        Status.HELD: "done",
        Status.EVALUATED: "closed",
        Status.CANCELLED: "cancelled",
    }

    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="workshop_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    workshops = models.ManyToManyField(Workshop, verbose_name=_("workshops"), related_name="requests")
    training_need = models.TextField(_("training need"))
    participants = models.PositiveSmallIntegerField(_("number of participants"))
    preferred_periods = models.TextField(_("preferred periods"))
    location = models.CharField(_("location"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_workshop_requests",
        help_text=_("The staff member (consultant or trainer) who handles this request."),
    )
    submission_key = models.UUIDField(_("submission key"), unique=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = WorkshopRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("workshop request")
        verbose_name_plural = _("workshop requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="workshop_request_status_idx")]

    def __str__(self) -> str:
        return _("Request %(number)s from %(municipality)s") % {
            "number": self.pk,
            "municipality": self.municipality,
        }

    def get_absolute_url(self) -> str:
        return reverse("workshops:request_detail", kwargs={"pk": self.pk})

    @property
    def status_css(self) -> str:
        return self.STATUS_CSS.get(self.status, "open")

    @property
    def allowed_transitions(self) -> list[str]:
        return list(self.TRANSITIONS.get(self.status, []))

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED_STATUSES


class RequestEvent(models.Model):
    """One status change of a request: who, when, from, to and why."""

    request = models.ForeignKey(WorkshopRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    from_status = models.CharField(
        _("from"), max_length=20, choices=WorkshopRequest.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=WorkshopRequest.Status.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status or '-'} -> {self.to_status}"


class RequestMessage(models.Model):
    """A message between staff and the griffier about a request."""

    request = models.ForeignKey(WorkshopRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    from_staff = models.BooleanField(_("from programme staff"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author} ({self.created_at:%Y-%m-%d %H:%M})"


class Proposal(models.Model):
    """Staff's offer of dated sessions; the griffier accepts it or answers with a message."""

    request = models.ForeignKey(WorkshopRequest, on_delete=models.CASCADE, related_name="proposals")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note to the griffier"), blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return _("Proposal of %(date)s") % {"date": f"{self.created_at:%Y-%m-%d}"}


def _evaluation_token() -> str:
    """Migration 0001 names this as the old default of the plain token column; it is no longer used."""
    return secrets.token_urlsafe(24)


class SessionQuerySet(models.QuerySet):
    def planned(self):
        """Sessions of an accepted proposal of a request that still goes ahead."""
        return self.filter(proposal__accepted_at__isnull=False).exclude(
            proposal__request__status=WorkshopRequest.Status.CANCELLED
        )


class Session(models.Model):
    """One dated workshop session in a proposal; once held, participants evaluate it through a link.

    The link's token exists only in the mail that hands it out (`workshops.tokens`); the row keeps its
    SHA-256 hash, so no one who reads the database or the admin can open or pass on the link.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="sessions")
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.PROTECT, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200)
    trainer = models.ForeignKey(
        "consultants.Consultant",
        verbose_name=_("trainer (consultant)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    trainer_name = models.CharField(_("trainer (other)"), max_length=150, blank=True)
    evaluation_token_hash = models.CharField(
        _("evaluation token hash"), max_length=64, unique=True, null=True, blank=True, editable=False
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.workshop} – {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def trainer_display(self) -> str:
        return self.trainer.name if self.trainer_id else self.trainer_name

    def is_open_for_evaluation(self, now=None) -> bool:
        """Participants evaluate after the session has started, once the request is planned or later."""
        now = now or timezone.now()
        status = self.proposal.request.status
        return (
            self.proposal.accepted_at is not None
            and status
            in (WorkshopRequest.Status.PLANNED, WorkshopRequest.Status.HELD, WorkshopRequest.Status.EVALUATED)
            and self.starts_at <= now
        )


class Evaluation(models.Model):
    """One participant's anonymous evaluation of a session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="evaluations")
    rating = models.PositiveSmallIntegerField(_("rating"), choices=[(n, str(n)) for n in range(1, 6)])
    comments = models.TextField(_("comments"), blank=True)
    # Made when the form is drawn and sent with it: posting the same form twice finds the first row.
    submission_key = models.UUIDField(_("submission key"), unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="evaluation_rating_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.rating}"
