"""The network Lokale Digitale Democratie: municipalities (joined by their griffier) and partner
organisations (who apply and are confirmed by staff), working together in theme coalitions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.fields import HttpsURLField
from portal.i18n import TranslatedField


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Member.Status.ACTIVE)


class Member(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        PARTNER = "partner", _("Partner organisation")

    class Status(models.TextChoices):
        PENDING = "pending", _("Applied")
        ACTIVE = "active", _("Member")
        REFUSED = "refused", _("Not admitted")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="network_memberships",
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    website = HttpsURLField(_("website"), max_length=200, blank=True)
    description = models.TextField(_("what the organisation brings to the network"), blank=True)
    contact_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account that applied"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_memberships",
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("email address of the contact person"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    joined_at = models.DateTimeField(_("member since"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.TextField(_("note on the decision"), blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["kind", "organisation", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(status__in=["pending", "active"]),
                name="network_member_municipality_once",
            ),
            models.CheckConstraint(
                condition=(Q(kind="municipality") & Q(municipality__isnull=False))
                | (Q(kind="partner") & Q(municipality__isnull=True) & ~Q(organisation="")),
                name="network_member_kind_matches",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.municipality.name if self.kind == self.Kind.MUNICIPALITY else self.organisation


class CoalitionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Coalition(models.Model):
    """A theme coalition of the network. Staff create them; members join and leave."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    description = models.TextField(_("description"))
    description_en = models.TextField(_("description (English)"), blank=True)
    theme = models.ForeignKey(
        "programmes.Theme", verbose_name=_("theme"), on_delete=models.PROTECT, related_name="coalitions"
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    name_i18n = TranslatedField("name")
    description_i18n = TranslatedField("description")

    objects = CoalitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("theme coalition")
        verbose_name_plural = _("theme coalitions")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:coalition_detail", kwargs={"slug": self.slug})


class CoalitionMembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_at__isnull=True)


class CoalitionMembership(models.Model):
    """A member's part in a coalition. Leaving keeps the row (with `left_at`) for the dossier's history."""

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.CASCADE, related_name="memberships"
    )
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="coalitions")
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    objects = CoalitionMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("coalition membership")
        verbose_name_plural = _("coalition memberships")
        ordering = ["coalition", "joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "member"], condition=Q(left_at__isnull=True), name="coalition_membership_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.coalition}"
