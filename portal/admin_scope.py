"""The Django admin follows the same scopes as the portal's own screens.

A model holding one municipality's data is registered with `ScopedAdmin` and says, in `scope`, which rows
a staff member may see: the same scope function its app's views use. Rows outside the scope are absent
from the list, and their change, delete and history pages answer 404.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest


class ScopedAdmin(admin.ModelAdmin):
    def scope(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        """Narrow `queryset` to what `request.user` may see in the portal. Every subclass says how."""
        raise NotImplementedError(f"{type(self).__name__} must say which rows each staff member sees.")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return self.scope(request, super().get_queryset(request))

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied  # the wrong role learns nothing, not even whether the row exists
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj
