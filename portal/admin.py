from allauth.account.decorators import secure_admin_login
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .jobs import job_dispatch
from .models import GriffierRole, Job, Municipality, Province, Region, User
from .permissions import is_administrator

# Django's own admin login checks only the password: it would skip the second factor and the login
# throttle. Send it through allauth's login instead.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Lokale Democratie – administration")
admin.site.site_title = _("Lokale Democratie")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "function", "municipality", "is_staff", "is_active"]
    list_filter = ["function", "is_staff", "is_active", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    autocomplete_fields = ["municipality"]
    filter_horizontal = ["groups", "user_permissions", "regions"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal details"), {"fields": ["first_name", "last_name", "function", "municipality"]}),
        (_("Roles"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "regions", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "province"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "province", "region", "valid_from", "valid_until"]
    list_filter = ["province", "region"]
    search_fields = ["name", "code", "aliases"]
    list_select_related = ["province", "region"]
    autocomplete_fields = ["successor"]


@admin.action(description=_("Confirm the selected requests"))
def confirm_roles(modeladmin, request, queryset):
    for role in queryset.filter(status=GriffierRole.Status.REQUESTED):
        try:
            services.griffier_role_decide(role=role, decided_by=request.user, confirm=True)
        except ValidationError as error:
            modeladmin.message_user(request, f"{role}: {error.messages[0]}", messages.WARNING)


@admin.register(GriffierRole)
class GriffierRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "status", "requested_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "municipality__name"]
    list_select_related = ["user", "municipality", "decided_by"]
    readonly_fields = ["requested_at", "decided_at", "decided_by"]
    autocomplete_fields = ["user", "municipality"]
    actions = [confirm_roles]


@admin.action(description=_("Try the selected failed jobs again"))
def redispatch_jobs(modeladmin, request, queryset):
    for job in queryset.filter(state=Job.State.FAILED):
        Job.objects.filter(pk=job.pk, state=Job.State.FAILED).update(state=Job.State.PENDING, attempts=0)
        job_dispatch(job_id=job.pk)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Administrators only: the arguments of a job are ids, but which job ran when is still their business."""

    list_display = ["task", "state", "attempts", "created_at", "updated_at", "done_at"]
    list_filter = ["state", "task"]
    readonly_fields = [f.name for f in Job._meta.fields]
    actions = [redispatch_jobs]

    def has_module_permission(self, request) -> bool:
        return is_administrator(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_administrator(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_administrator(request.user)

    def has_add_permission(self, request) -> bool:
        return False
