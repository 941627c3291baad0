"""Admin screens for the texts of events. Anything that moves places (publishing with a waiting list,
cancelling, changing a time or place that must be mailed) goes through the staff screens, whose services
record and announce it; here such fields are read-only once an event is published."""

from django import forms
from django.contrib import admin

from portal.admin_scope import ScopedAdmin
from quickscan.advice import ScanThemesField

from .forms import EventForm, join_link_field
from .models import (
    AttendanceTally,
    Event,
    EventMessage,
    Question,
    Registration,
    RegistrationTransition,
    Session,
)
from .permissions import events_for_staff, registrations_for_staff


class EventAdminForm(forms.ModelForm):
    advice_scan_themes = ScanThemesField()
    online_url = join_link_field()

    class Meta:
        model = Event
        fields = [
            "slug", "status", "cancellation_note", "created_by", *EventForm.Meta.fields,
        ]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Event)
class EventAdmin(ScopedAdmin):
    form = EventAdminForm
    list_display = ["title", "kind", "starts_at", "region", "programme", "status", "capacity"]
    list_filter = ["status", "kind", "region", "programme"]
    search_fields = ["title", "title_en", "venue", "address"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    raw_id_fields = ["municipality", "created_by"]
    inlines = [SessionInline, QuestionInline]

    def get_readonly_fields(self, request, obj=None):
        fields = ["sequence", "data_removed_at"]
        if obj is not None and obj.status != Event.Status.DRAFT:
            fields += ["status", "starts_at", "ends_at", "venue", "address", "is_online", "online_url", "capacity"]
        return fields

    def scope(self, request, queryset):
        return events_for_staff(request.user, queryset)


class TransitionInline(admin.TabularInline):
    model = RegistrationTransition
    extra = 0
    can_delete = False
    readonly_fields = ["at", "from_status", "to_status", "reason", "by"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Registration)
class RegistrationAdmin(ScopedAdmin):
    """Read-only: registrations change through the portal's services, which keep the waiting list right."""

    list_display = ["name", "event", "function", "municipality", "status", "created_at", "checked_in_at"]
    list_filter = ["status", "function", "event__kind"]
    search_fields = ["name", "email", "event__title"]
    inlines = [TransitionInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Registration._meta.fields] + ["sessions"]

    def has_add_permission(self, request):
        return False

    def scope(self, request, queryset):
        return registrations_for_staff(request.user, queryset)


@admin.register(EventMessage)
class EventMessageAdmin(ScopedAdmin):
    list_display = ["subject", "event", "audience", "recipients", "sent_at"]
    readonly_fields = ["event", "audience", "subject", "body", "sent_by", "sent_at", "recipients"]

    def has_add_permission(self, request):
        return False

    def scope(self, request, queryset):
        return queryset.filter(event__in=events_for_staff(request.user).values("pk"))


@admin.register(AttendanceTally)
class AttendanceTallyAdmin(ScopedAdmin):
    list_display = ["event", "municipality", "function", "registered", "attended"]
    readonly_fields = ["event", "municipality", "function", "registered", "attended"]

    def has_add_permission(self, request):
        return False

    def scope(self, request, queryset):
        return queryset.filter(event__in=events_for_staff(request.user).values("pk"))
