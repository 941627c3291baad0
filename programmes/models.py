from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.i18n import TranslatedField


class Theme(models.Model):
    """A theme that cuts across programmes; workshops, scans, events and publications are tagged with it."""

    class Kind(models.TextChoices):
        CROSS = "cross", _("Programme theme")
        KNOWLEDGE = "knowledge", _("Knowledge base theme")

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.CROSS)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name_i18n = TranslatedField("name")
    description_i18n = TranslatedField("description")

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:theme_detail", kwargs={"slug": self.slug})


class ProgrammeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Programme(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    short_name = models.CharField(_("short name"), max_length=20)
    summary = models.TextField(_("summary"))
    summary_en = models.TextField(_("summary (English)"), blank=True)
    aim = models.TextField(_("aim"))
    aim_en = models.TextField(_("aim (English)"), blank=True)
    target_groups = models.TextField(_("target groups"))
    target_groups_en = models.TextField(_("target groups (English)"), blank=True)
    partners = models.TextField(_("partners"))
    partners_en = models.TextField(_("partners (English)"), blank=True)
    contact = models.TextField(_("contact"), blank=True)
    contact_en = models.TextField(_("contact (English)"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="programmes")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    name_i18n = TranslatedField("name")
    summary_i18n = TranslatedField("summary")
    aim_i18n = TranslatedField("aim")
    target_groups_i18n = TranslatedField("target_groups")
    partners_i18n = TranslatedField("partners")
    contact_i18n = TranslatedField("contact")

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme_detail", kwargs={"slug": self.slug})


class Activity(models.Model):
    class Kind(models.TextChoices):
        WORKSHOPS = "workshops", _("Workshops")
        SCAN = "scan", _("Quick Scan")
        MEETING = "meeting", _("Meetings")
        PUBLICATION = "publication", _("Publications")
        NEWSLETTER = "newsletter", _("Newsletter")
        NETWORK = "network", _("Network")
        SUPPORT = "support", _("Support")
        EVENT = "event", _("Event")
        TRAJECTORY = "trajectory", _("Development trajectory")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="activities"
    )
    slug = models.SlugField(_("slug"))
    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    summary = models.TextField(_("summary"))
    summary_en = models.TextField(_("summary (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="activities")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name_i18n = TranslatedField("name")
    summary_i18n = TranslatedField("summary")

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["programme", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["programme", "slug"], name="activity_slug_per_programme")]

    def __str__(self) -> str:
        return self.name
