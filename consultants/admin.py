from django.contrib import admin

from .models import Consultant


@admin.register(Consultant)
class ConsultantAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "email", "user", "is_active"]
    list_filter = ["role", "is_active", "regions", "themes"]
    search_fields = ["name", "email"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["regions", "themes"]
    raw_id_fields = ["user"]
