"""Staff maintain offers, their conditions and questions here. Applications are read-only: decisions go
through the review pages, so that they are counted under the lock, recorded and mailed."""

from django.contrib import admin

from portal.admin_scope import ScopedAdmin

from .models import Application, ApplicationEvent, ApplicationNote, Offer, OfferCondition, OfferQuestion
from .permissions import applications_for_staff


class OfferConditionInline(admin.TabularInline):
    model = OfferCondition
    extra = 1


class OfferQuestionInline(admin.StackedInline):
    model = OfferQuestion
    extra = 0


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "mode", "places", "opens_on", "closes_on", "is_published", "order"]
    list_filter = ["programme", "mode", "kind", "is_published"]
    list_editable = ["is_published", "order"]
    search_fields = ["title", "title_en", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [OfferConditionInline, OfferQuestionInline]


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    readonly_fields = ["created_at", "actor", "action", "from_status", "to_status", "detail"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ApplicationNoteInline(admin.TabularInline):
    model = ApplicationNote
    extra = 0
    readonly_fields = ["created_at", "author", "body"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ScopedAdmin):
    list_display = ["pk", "offer", "municipality", "status", "submitted_at", "assigned_to"]
    list_filter = ["status", "offer", "municipality__region"]
    search_fields = ["municipality__name", "contact_name", "contact_email"]
    exclude = ["answers", "confirmed_conditions"]
    readonly_fields = [
        field.name
        for field in Application._meta.fields
        if field.name not in {"id", "answers", "confirmed_conditions"}
    ]
    inlines = [ApplicationNoteInline, ApplicationEventInline]

    def has_add_permission(self, request):
        return False

    def scope(self, request, queryset):
        return applications_for_staff(request.user, queryset=queryset)
