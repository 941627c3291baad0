"""Read-mostly admin screens: editions are composed and sent on the newsletter's staff pages, so that every
send goes through the delivery rows. Subscribers are visible to programme managers only (permissions)."""

from django.contrib import admin

from .models import Edition, EditionItem, Subscriber


class EditionItemInline(admin.TabularInline):
    model = EditionItem
    extra = 0
    fields = ["order", "kind", "title", "url"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "scheduled_at", "sent_at", "recipients"]
    list_filter = ["status"]
    readonly_fields = ["slug", "status", "scheduled_at", "started_at", "sent_at", "recipients", "sent_by", "created_by", "created_at"]
    fields = ["title", "title_en", "intro", "intro_en", *readonly_fields]
    inlines = [EditionItemInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "language", "all_sections", "confirmed_at"]
    list_filter = ["status", "language", "all_sections"]
    search_fields = ["email"]
    readonly_fields = [
        "email", "status", "language", "all_sections", "programmes", "themes", "user", "requested_at",
        "confirmed_at", "consent_at", "consent_version", "unsubscribed_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False
