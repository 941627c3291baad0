from django import forms
from django.contrib import admin

from portal.admin_scope import ScopedAdmin
from quickscan.advice import ScanThemesField

from .models import Evaluation, Proposal, RequestEvent, RequestMessage, Session, Workshop, WorkshopRequest
from .permissions import requests_for_staff, sessions_for_staff


class WorkshopAdminForm(forms.ModelForm):
    advice_scan_themes = ScanThemesField()

    class Meta:
        model = Workshop
        fields = [
            "slug",
            "title",
            "title_en",
            "summary",
            "summary_en",
            "description",
            "description_en",
            "themes",
            "advice_scan_themes",
            "target_roles",
            "format",
            "duration_minutes",
            "min_participants",
            "max_participants",
            "delivery",
            "experts",
            "experts_en",
            "cost",
            "cost_en",
            "is_published",
            "order",
        ]


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    form = WorkshopAdminForm
    list_display = ["title", "format", "duration_minutes", "delivery", "is_published", "order"]
    list_filter = ["format", "delivery", "is_published", "themes"]
    list_editable = ["is_published", "order"]
    search_fields = ["title", "title_en", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    readonly_fields = ["created_at", "actor", "from_status", "to_status", "note"]
    can_delete = False


class RequestMessageInline(admin.TabularInline):
    model = RequestMessage
    extra = 0
    readonly_fields = ["created_at", "author", "from_staff", "body"]
    can_delete = False


@admin.register(WorkshopRequest)
class WorkshopRequestAdmin(ScopedAdmin):
    """Read-mostly: status changes go through the staff pages so that they are recorded and mailed."""

    list_display = ["pk", "municipality", "status", "assigned_to", "created_at"]
    list_filter = ["status", "municipality__region"]
    search_fields = ["municipality__name", "requested_by__email"]
    readonly_fields = ["municipality", "requested_by", "status", "submission_key", "created_at"]
    raw_id_fields = ["assigned_to"]
    inlines = [RequestEventInline, RequestMessageInline]

    def scope(self, request, queryset):
        return requests_for_staff(request.user, queryset=queryset)


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    raw_id_fields = ["trainer"]


@admin.register(Proposal)
class ProposalAdmin(ScopedAdmin):
    list_display = ["pk", "request", "created_by", "created_at", "accepted_at"]
    raw_id_fields = ["request"]
    inlines = [SessionInline]

    def scope(self, request, queryset):
        return queryset.filter(request__in=requests_for_staff(request.user))


@admin.register(Evaluation)
class EvaluationAdmin(ScopedAdmin):
    list_display = ["session", "rating", "created_at"]
    list_filter = ["rating"]
    readonly_fields = ["session", "rating", "comments", "created_at"]

    def scope(self, request, queryset):
        return queryset.filter(session__in=sessions_for_staff(request.user))
