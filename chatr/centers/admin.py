"""Centers in the admin: read-only for superusers. The services are the only writers (the
directory's staff pages register and edit centers and record licences)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from chatr.centers.models import Center, Licence


class _SuperuserReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Center)
class CenterAdmin(_SuperuserReadOnlyAdmin):
    list_display = ["id", "org_unit", "licence_type", "ownership", "status", "scope_province"]
    list_filter = ["licence_type", "ownership", "status"]
    list_select_related = ["org_unit", "scope_province"]
    exclude = ["search_name"]


@admin.register(Licence)
class LicenceAdmin(_SuperuserReadOnlyAdmin):
    list_display = ["number", "center", "kind", "valid_from", "valid_until", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["center__org_unit"]
    search_fields = ["number"]
