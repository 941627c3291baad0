from django.contrib import admin

from .models import Coalition, CoalitionMembership, Member


@admin.register(Coalition)
class CoalitionAdmin(admin.ModelAdmin):
    """Staff create the theme coalitions here; members join and leave on the portal."""

    list_display = ["name", "theme", "is_active", "order"]
    list_filter = ["theme", "is_active"]
    list_editable = ["is_active", "order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "name_en"]


class CoalitionMembershipInline(admin.TabularInline):
    model = CoalitionMembership
    extra = 0
    readonly_fields = ["coalition", "joined_at", "left_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    """Membership is public; partner applications are decided on the staff page, which mails the outcome."""


    list_display = ["__str__", "kind", "status", "joined_at"]
    list_filter = ["kind", "status"]
    search_fields = ["organisation", "municipality__name"]
    readonly_fields = ["kind", "municipality", "status", "contact_user", "applied_at", "joined_at", "decided_by"]
    inlines = [CoalitionMembershipInline]
