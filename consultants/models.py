from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.i18n import TranslatedField


class ConsultantQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_region(self, region):
        return self.filter(regions=region)

    def with_any_theme(self, themes):
        """Consultants with expertise in at least one of `themes` (each consultant once)."""
        return self.filter(themes__in=themes).distinct()


class Consultant(models.Model):
    """A programme consultant: the contact point of the municipalities in their regions."""

    class Role(models.TextChoices):
        CONSULENT = "consulent", _("Consultant (consulent)")
        ADVISEUR = "adviseur", _("Adviser (adviseur)")
        PROCESBEGELEIDER = "procesbegeleider", _("Process facilitator (procesbegeleider)")

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.CONSULENT)
    regions = models.ManyToManyField(
        "portal.Region", verbose_name=_("regions"), blank=True, related_name="consultants"
    )
    themes = models.ManyToManyField(
        "programmes.Theme", verbose_name=_("themes of expertise"), blank=True, related_name="consultants"
    )
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=32, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    bio_en = models.TextField(_("biography (English)"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultant_profile",
    )
    is_active = models.BooleanField(_("active"), default=True)

    bio_i18n = TranslatedField("bio")

    objects = ConsultantQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultant")
        verbose_name_plural = _("consultants")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("consultants:consultant_detail", kwargs={"slug": self.slug})

    @property
    def initials(self) -> str:
        """Shown in place of a photo: the first letters of the first and last word of the name."""
        words = [word for word in self.name.split() if word[:1].isupper()] or self.name.split()
        if not words:
            return "?"
        return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()
