"""Editors write publications here, in the rich-text editor; the workflow runs on the library's staff pages.

Saving goes through `services.publication_edited` (sanitising, revision, search index). The status is not
editable here: submitting, publishing and unpublishing are actions with their own rules (four eyes).

The editor is a set of ES modules with an import map; under our Content-Security-Policy (scripts only
from us with this response's nonce) the admin renders that media with the request's nonce.
"""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from js_asset import Media

from . import services
from .forms import PublicationAdminForm
from .models import Experience, Publication, PublicationRevision


class RevisionInline(admin.TabularInline):
    model = PublicationRevision
    extra = 0
    fields = ["number", "action", "created_by", "created_at", "note"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False
    max_num = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class NonceMediaAdmin(admin.ModelAdmin):
    """Renders form media (the editor's import map and modules) with the response's CSP nonce."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["media"] = Media.from_media(context["media"], nonce=getattr(request, "csp_nonce", ""))
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)


@admin.register(Publication)
class PublicationAdmin(NonceMediaAdmin):
    form = PublicationAdminForm
    list_display = ["title", "type", "status", "published_at", "programme", "updated_at"]
    list_filter = ["status", "type", "programme", "themes"]
    search_fields = ["title", "title_en", "summary", "authors"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    raw_id_fields = ["municipality"]
    readonly_fields = ["status", "published_at", "workflow_link", "attachment_info"]
    inlines = [RevisionInline]
    fieldsets = [
        (None, {"fields": ["workflow_link", "type", "title", "slug", "summary", "body", "authors"]}),
        (_("Where it belongs"), {"fields": ["programme", "themes", "municipality", "advice_scan_themes"]}),
        (_("Attachment"), {"fields": ["attachment", "attachment_info"]}),
        (_("English"), {"fields": ["title_en", "summary_en", "body_en"], "classes": ["collapse"]}),
        (_("Status"), {"fields": ["status", "published_at"]}),
    ]

    @admin.display(description=_("Workflow"))
    def workflow_link(self, obj: Publication) -> str:
        if obj is None or obj.pk is None:
            return _("Save first; then submit it for review on the library's staff page.")
        return format_html(
            '<a href="{}">{}</a>', reverse("publications:staff_detail", args=[obj.pk]),
            _("Submit, publish, preview and earlier versions"),
        )

    @admin.display(description=_("Attachment details"))
    def attachment_info(self, obj: Publication) -> str:
        if obj is None or not obj.attachment:
            return "–"
        return _("%(type)s, %(size)s kB, %(chars)s characters of text found for search") % {
            "type": obj.attachment_label, "size": obj.attachment_size // 1024, "chars": len(obj.attachment_text),
        }

    def save_model(self, request, obj, form, change) -> None:
        """Write only what the editor changed: the status and dates belong to the workflow, which may have
        moved on since the form was opened."""
        if not change:
            super().save_model(request, obj, form, change)
            return
        fields = [name for name in form.changed_data if name in form._meta.fields and name != "themes"]
        if fields:
            obj.save(update_fields=fields)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        services.publication_edited(
            publication=form.instance, actor=request.user, created=not change,
            attachment_changed="attachment" in form.changed_data,
        )

    def response_add(self, request, obj, post_url_continue=None):
        if "_continue" not in request.POST and "_addanother" not in request.POST:
            return redirect("publications:staff_detail", pk=obj.pk)
        return super().response_add(request, obj, post_url_continue)


@admin.register(Experience)
class ExperienceAdmin(admin.ModelAdmin):
    """Read-only: experiences are handled on the library's staff pages."""

    list_display = ["title", "municipality", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "municipality__name"]
    readonly_fields = [
        "municipality", "submitted_by", "title", "what", "why", "result", "lessons", "contact_name",
        "contact_email", "themes", "status", "staff_note", "publication", "submission_key", "created_at", "decided_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False
