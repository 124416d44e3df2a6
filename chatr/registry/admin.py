"""The registry in the admin: HQ's score factors (superusers edit the points), and people and
households read-only for superusers. Everything else goes through the registry's pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from chatr.audit.models import AuditAction
from chatr.audit.services import audit_record
from chatr.core.national_code import mask_national_code
from chatr.registry.models import Household, HouseholdMember, Person, ScoreFactor


@admin.register(ScoreFactor)
class ScoreFactorAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Points of the waiting-list score. No deletes: a factor is deactivated, so the
    breakdowns already stored on files keep their meaning."""

    list_display = ["code", "name_fa", "name_en", "points", "is_active"]
    list_editable = ["points", "is_active"]
    list_filter = ["is_active"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SuperuserReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Visible to superusers only, and never edited here: the services are the only writers."""

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


@admin.register(Person)
class PersonAdmin(SuperuserReadOnlyAdmin):
    # No search: a search puts what was typed (a national code) in the URL.
    list_display = ["id", "first_name", "last_name", "masked_national_code", "birth_date"]
    exclude = ["name_key"]

    @admin.display(description=_("national code"))
    def masked_national_code(self, obj: Person) -> str:
        return mask_national_code(obj.national_code or "")

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """The page shows the full national code: the read is audited like the staff pages."""
        response = super().change_view(request, object_id, form_url, extra_context)
        person = Person.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        if person is not None and response.status_code == 200:
            member = (
                HouseholdMember.objects.filter(person=person)
                .select_related("household__org_unit")
                .order_by("-joined_on", "-pk")
                .first()
            )
            audit_record(
                actor=request.user,
                action=AuditAction.VIEW,
                target=person,
                org_unit=member.household.org_unit if member else None,
            )
        return response


class HouseholdMemberInline(admin.TabularInline):  # type: ignore[type-arg]
    model = HouseholdMember
    extra = 0
    fields = ["person", "relationship", "joined_on", "left_on"]
    readonly_fields = fields

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Household)
class HouseholdAdmin(SuperuserReadOnlyAdmin):
    list_display = ["id", "head", "org_unit", "area", "income_decile", "housing", "created_at"]
    list_select_related = ["head", "org_unit"]
    list_filter = ["area", "housing"]
    inlines = [HouseholdMemberInline]
