from django.contrib import admin

from .models import Activity, Programme, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "order"]
    list_filter = ["kind"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "name_en"]


class ActivityInline(admin.StackedInline):
    model = Activity
    extra = 0
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["themes"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "is_published", "order"]
    list_filter = ["is_published"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["themes"]
    search_fields = ["name", "name_en", "summary"]
    inlines = [ActivityInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "is_published", "order", "themes"]}),
        ("Nederlands", {"fields": ["summary", "aim", "target_groups", "partners", "contact", "contact_email"]}),
        ("English", {"fields": ["name_en", "summary_en", "aim_en", "target_groups_en", "partners_en", "contact_en"]}),
    ]
