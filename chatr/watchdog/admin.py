"""HQ manages the watchdog's taxonomy, deadlines and answer templates in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from chatr.org.roles import Perm
from chatr.org.scope import request_scope
from chatr.watchdog.models import AnswerTemplate, Category, DeadlinePolicy, SubjectArea


class TaxonomyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Open to HQ managers (Perm.WATCHDOG_TAXONOMY) as well as superusers. No deletes: rows
    are deactivated so past messages keep their category."""

    def _allowed(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active
            and (user.is_superuser or request_scope(request).has_perm(Perm.WATCHDOG_TAXONOMY))
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CategoryInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Category
    extra = 0
    fields = ["code", "name_fa", "name_en", "is_sensitive", "is_urgent", "is_active", "position"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


@admin.register(SubjectArea)
class SubjectAreaAdmin(TaxonomyAdmin):
    list_display = ["code", "name_fa", "name_en", "is_active", "position"]
    inlines = [CategoryInline]


@admin.register(Category)
class CategoryAdmin(TaxonomyAdmin):
    list_display = ["code", "name_fa", "name_en", "area", "is_sensitive", "is_urgent", "is_active"]
    list_filter = ["area", "is_sensitive", "is_urgent", "is_active"]
    search_fields = ["code", "name_fa", "name_en"]


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(TaxonomyAdmin):
    list_display = ["message_type", "urgency", "working_days"]


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(TaxonomyAdmin):
    list_display = ["title", "category", "is_active"]
    list_filter = ["is_active"]
