import datetime

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Function(models.TextChoices):
    RAADSLID = "raadslid", _("Council member (raadslid)")
    WETHOUDER = "wethouder", _("Alderman (wethouder)")
    BURGEMEESTER = "burgemeester", _("Mayor (burgemeester)")
    GRIFFIER = "griffier", _("Council clerk (griffier)")
    GEMEENTESECRETARIS = "gemeentesecretaris", _("Municipal secretary (gemeentesecretaris)")
    AMBTENAAR = "ambtenaar", _("Civil servant (ambtenaar)")
    INWONER = "inwoner", _("Resident (inwoner)")
    OTHER = "other", _("Other")


class StaffRole(models.TextChoices):
    """Programme staff roles. Each is a Django group of the same name with its permissions."""

    EDITOR = "redactie", _("Editor")
    CONSULTANT = "consulent", _("Consultant")
    PROGRAMME_MANAGER = "programmamanager", _("Programme manager")
    ADMINISTRATOR = "beheerder", _("Administrator")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """An account holder. Signs in with an email address; there are no usernames."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    function = models.CharField(_("function"), max_length=32, choices=Function.choices, default=Function.OTHER)
    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    regions = models.ManyToManyField(
        "portal.Region",
        verbose_name=_("regions covered"),
        blank=True,
        related_name="staff",
        help_text=_("For consultants: the regions whose municipalities they guide."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Province(models.Model):
    code = models.CharField(_("CBS code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A consultant region: a group of municipalities served by the same consultants."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="regions",
        help_text=_("The province this region was made for by default, if any."),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        """Municipalities that exist on the given date (today by default)."""
        on = on or timezone.localdate()
        return self.filter(valid_from__lte=on).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text) | Q(aliases__icontains=text) | Q(code__iexact=text)
        )


class Municipality(models.Model):
    """A gemeente as CBS knows it. Merged municipalities keep their row with `valid_until` set."""

    code = models.CharField(_("CBS code"), max_length=6, unique=True, help_text=_("For example GM0363."))
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    aliases = models.CharField(
        _("other names"),
        max_length=200,
        blank=True,
        help_text=_("Everyday names people search for, such as Den Haag or Den Bosch."),
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="municipalities"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="municipalities"
    )
    valid_from = models.DateField(_("valid from"), default=datetime.date(2025, 1, 1))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="municipality_validity_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:municipality_detail", kwargs={"slug": self.slug})

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.valid_from <= today and (self.valid_until is None or self.valid_until >= today)


class GriffierRoleQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=GriffierRole.Status.CONFIRMED)

    def pending(self):
        return self.filter(status=GriffierRole.Status.REQUESTED)


class GriffierRole(models.Model):
    """A member's request to act as griffier (trekker) of a municipality, and staff's decision."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Refused")
        REVOKED = "revoked", _("Revoked")

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="griffier_roles"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="griffier_roles"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED)
    motivation = models.TextField(_("explanation"), blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.TextField(_("note on the decision"), blank=True)

    objects = GriffierRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("griffier role")
        verbose_name_plural = _("griffier roles")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"],
                condition=Q(status__in=["requested", "confirmed"]),
                name="griffier_role_one_open_per_user_and_municipality",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality} ({self.get_status_display()})"


class JobQuerySet(models.QuerySet):
    def due(self, *, stale_before: datetime.datetime, now: datetime.datetime | None = None):
        """Work nobody is known to be doing: never dispatched, dispatch lost, or a worker died holding it."""
        now = now or timezone.now()
        return self.filter(
            Q(state=Job.State.PENDING, available_at__lte=now, updated_at__lte=stale_before)
            | Q(state=Job.State.RUNNING, lease_until__lt=now)
        )


class Job(models.Model):
    """Background work kept in the database, so a broker outage or a killed worker loses nothing.

    A Job names a registered Celery task and its keyword arguments: ids, never model instances and never a
    secret (a reset key, a token, a link that grants access). `portal.jobs.job_enqueue` creates it and
    dispatches it after commit; a worker claims it with a lease; `jobs_sweep_task` re-dispatches what is
    stale. The task itself must be idempotent.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    task = models.CharField(_("task"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    available_at = models.DateTimeField(_("available at"), default=timezone.now)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    lease_until = models.DateTimeField(
        _("claimed until"), null=True, blank=True, help_text=_("A running job is not handed out again before this.")
    )

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "updated_at"], name="job_state_updated_idx")]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk} ({self.state})"


class MailDelivery(models.Model):
    """That one message (by its key) went to one recipient. Only a hash of the address is kept."""

    key = models.CharField(_("message key"), max_length=64)
    recipient = models.CharField(_("recipient (hashed)"), max_length=64)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("mail delivery")
        verbose_name_plural = _("mail deliveries")
        constraints = [models.UniqueConstraint(fields=["key", "recipient"], name="mail_delivery_once")]
        indexes = [models.Index(fields=["sent_at"], name="mail_delivery_sent_idx")]

    def __str__(self) -> str:
        return f"{self.key} → {self.recipient[:8]}"
