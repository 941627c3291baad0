from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.i18n import TranslatedField


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)


class Subscriber(models.Model):
    """An address that asked for the newsletter; no account needed.

    Links in mails carry a signed token of (id, `link_version`), made when the mail is rendered and never
    stored; raising `link_version` makes every link sent before useless. An unsubscribed address keeps no
    preferences and no consent, only the fact and moment of leaving.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("email address"), unique=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="nl")
    all_sections = models.BooleanField(
        _("everything"), default=True, help_text=_("Receive every section, whatever the programmes and themes.")
    )
    programmes = models.ManyToManyField(
        "programmes.Programme", verbose_name=_("programmes"), blank=True, related_name="newsletter_subscribers"
    )
    themes = models.ManyToManyField("programmes.Theme", verbose_name=_("themes"), blank=True, related_name="newsletter_subscribers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="newsletter_subscriptions",
    )
    link_version = models.PositiveIntegerField(default=1, editable=False)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["email"]
        indexes = [models.Index(fields=["status", "requested_at"], name="subscriber_status_idx")]

    def __str__(self) -> str:
        return self.email


class EditionQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(status=Edition.Status.SENT)


class Edition(models.Model):
    """One (quarterly) edition: an introduction and a list of items, sent to every confirmed subscriber."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    STATUS_CSS = {Status.DRAFT: "draft", Status.SCHEDULED: "planned", Status.SENDING: "review", Status.SENT: "done"}

    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    intro = models.TextField(_("introduction"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    started_at = models.DateTimeField(_("sending started at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent or scheduled by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    title_i18n = TranslatedField("title")
    intro_i18n = TranslatedField("intro")

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("newsletter:archive_detail", kwargs={"slug": self.slug})

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)

    @property
    def status_css(self) -> str:
        return self.STATUS_CSS.get(self.status, "draft")


class EditionItem(models.Model):
    """A block of an edition: a copy of a news item, publication or event, or a free text written here."""

    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        PUBLICATION = "publication", _("Publications")
        EVENT = "event", _("Upcoming events")
        TEXT = "text", _("Text")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    key = models.CharField(_("source"), max_length=64, blank=True)
    kind_label = models.CharField(_("label"), max_length=100, blank=True)
    kind_label_en = models.CharField(_("label (English)"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary = models.TextField(_("text"), blank=True)
    summary_en = models.TextField(_("text (English)"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    when = models.DateTimeField(_("date"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    programme_slugs = models.JSONField(default=list, blank=True)
    theme_slugs = models.JSONField(default=list, blank=True)

    kind_label_i18n = TranslatedField("kind_label")
    title_i18n = TranslatedField("title")
    summary_i18n = TranslatedField("summary")

    class Meta:
        verbose_name = _("edition item")
        verbose_name_plural = _("edition items")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "key"], condition=~Q(key=""), name="edition_item_once")
        ]

    def __str__(self) -> str:
        return self.title

    def matches(self, programmes: set[str], themes: set[str]) -> bool:
        """Whether a subscriber with these preferences gets this block. Text and untagged items go to all."""
        if self.kind == self.Kind.TEXT or not (self.programme_slugs or self.theme_slugs):
            return True
        return bool(programmes & set(self.programme_slugs) or themes & set(self.theme_slugs))


class Delivery(models.Model):
    """That an edition is (being) mailed to one subscriber. One row per pair, so a send never mails twice.

    pending -> sending (claimed just before the mail goes out) -> sent. A row left in "sending" by a worker
    that died is marked interrupted and not sent again: we cannot know whether its mail left.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Skipped (unsubscribed meanwhile)")
        INTERRUPTED = "interrupted", _("Interrupted")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["edition", "subscriber"], name="delivery_once_per_subscriber")]
        indexes = [models.Index(fields=["edition", "status"], name="delivery_edition_status_idx")]

    def __str__(self) -> str:
        return f"{self.edition_id} → {self.subscriber_id} ({self.status})"
