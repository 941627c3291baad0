"""Staff maintain questionnaires here. A questionnaire that a scan has used is frozen: the admin
shows it read-only and offers "make a new version", so old scans stay readable and comparable.

Responses and answers have no admin screens on purpose: nobody browses individual answers.
"""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from portal.admin_scope import ScopedAdmin
from portal.permissions import municipalities_for

from . import services
from .models import Action, DataProcessingAgreement, Group, Questionnaire, QuestionnaireTheme, Scan, Statement
from .permissions import scans_for


class QuestionnaireAdminForm(forms.ModelForm):
    groups = forms.MultipleChoiceField(
        label=_("respondent groups"), choices=Group.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Questionnaire
        fields = [
            "slug",
            "version",
            "name",
            "name_en",
            "description",
            "description_en",
            "intro",
            "intro_en",
            "priority_question",
            "priority_question_en",
            "groups",
            "requires_grant",
            "is_active",
            "created_at",
        ]


class FrozenAware:
    """Read-only once the questionnaire behind the object is used by a scan.

    `questionnaire_attribute` leads from the admin's object to its questionnaire ("" for the questionnaire).
    """

    questionnaire_attribute = ""

    def _questionnaire(self, obj):
        return getattr(obj, self.questionnaire_attribute) if self.questionnaire_attribute else obj

    def _frozen(self, obj) -> bool:
        questionnaire = self._questionnaire(obj) if obj is not None else None
        return bool(questionnaire and questionnaire.is_frozen)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._frozen(obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._frozen(obj)


class QuestionnaireThemeInline(FrozenAware, admin.TabularInline):
    model = QuestionnaireTheme
    fields = ["order", "slug", "name", "name_en"]
    extra = 0
    show_change_link = True


@admin.action(description=_("Make a new version (copy) of the selected questionnaires"))
def make_new_version(modeladmin, request, queryset):
    for questionnaire in queryset:
        copy = services.questionnaire_new_version(questionnaire=questionnaire)
        messages.success(request, _("Created %(name)s.") % {"name": copy})


@admin.register(Questionnaire)
class QuestionnaireAdmin(FrozenAware, admin.ModelAdmin):
    form = QuestionnaireAdminForm
    list_display = ["name", "version", "is_active", "requires_grant", "frozen"]
    list_filter = ["is_active", "requires_grant", "slug"]
    inlines = [QuestionnaireThemeInline]
    actions = [make_new_version]

    # Availability may still change once a scan used the questionnaire; its content may not.
    still_editable_when_frozen = ["is_active", "requires_grant"]

    def has_add_permission(self, request, obj=None):
        return admin.ModelAdmin.has_add_permission(self, request)

    def has_change_permission(self, request, obj=None):
        return admin.ModelAdmin.has_change_permission(self, request, obj)

    def get_readonly_fields(self, request, obj=None):
        if self._frozen(obj):
            return [name for name in QuestionnaireAdminForm.Meta.fields if name not in self.still_editable_when_frozen]
        return super().get_readonly_fields(request, obj)

    @admin.display(boolean=True, description=_("frozen (used by a scan)"))
    def frozen(self, obj) -> bool:
        return obj.is_frozen


class StatementInline(FrozenAware, admin.TabularInline):
    model = Statement
    fields = ["order", "text", "text_en"]
    extra = 0

    questionnaire_attribute = "questionnaire"


@admin.register(QuestionnaireTheme)
class QuestionnaireThemeAdmin(FrozenAware, admin.ModelAdmin):
    list_display = ["name", "questionnaire", "order"]
    list_filter = ["questionnaire"]
    filter_horizontal = ["portal_themes"]
    inlines = [StatementInline]

    questionnaire_attribute = "questionnaire"

    def has_add_permission(self, request, obj=None):
        return admin.ModelAdmin.has_add_permission(self, request)


@admin.register(Scan)
class ScanAdmin(ScopedAdmin):
    list_display = ["name", "municipality", "questionnaire", "status", "opens_on", "closes_on"]
    list_filter = ["status", "questionnaire"]
    search_fields = ["name", "municipality__name"]
    list_select_related = ["municipality", "questionnaire"]
    fields = [
        "name",
        "municipality",
        "questionnaire",
        "status",
        "opens_on",
        "closes_on",
        "open_link_cap",
        "created_by",
        "opened_at",
        "closed_at",
    ]
    readonly_fields = fields

    def scope(self, request, queryset):
        return scans_for(request.user, queryset)

    def has_add_permission(self, request):
        return False


@admin.register(DataProcessingAgreement)
class DataProcessingAgreementAdmin(ScopedAdmin):
    list_display = ["municipality", "terms_version", "accepted_by", "accepted_at"]
    readonly_fields = ["municipality", "terms_version", "accepted_by", "accepted_at"]
    list_select_related = ["municipality", "accepted_by"]

    def scope(self, request, queryset):
        return queryset.filter(municipality__in=municipalities_for(request.user))

    def has_add_permission(self, request):
        return False


@admin.register(Action)
class ActionAdmin(ScopedAdmin):
    list_display = ["action", "scan", "theme", "owner", "due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["scan", "scan__municipality", "theme"]

    def scope(self, request, queryset):
        return queryset.filter(scan__in=scans_for(request.user))
