"""HQ keeps the service catalogue in the admin. Form definitions are read-only here: a new
version is published on the desk's form editor (eservices.services.form_definition_publish)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from chatr.eservices.models import FormDefinition, Service
from chatr.org.roles import Perm
from chatr.org.scope import request_scope


def _allowed(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_active
        and (user.is_superuser or request_scope(request).has_perm(Perm.ESERVICES_DEFINE))
    )


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """No deletes: a service is deactivated, so its past requests keep it."""

    list_display = ("code", "title_fa", "responsible_unit", "audience", "is_active")
    list_filter = ("is_active", "audience", "service_type", "electronic_level")
    search_fields = ("code", "title_fa", "title_en")
    raw_id_fields = ("responsible_unit",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _allowed(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FormDefinition)
class FormDefinitionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("service", "version", "created_by", "created_at")
    readonly_fields = ("service", "version", "fields", "created_by", "created_at")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _allowed(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
