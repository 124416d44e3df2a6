"""Pensions in the admin: read-only for superusers. Programs, rules and cycles are changed
through the pensions pages (services audit every change); nothing is edited here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from chatr.pensions.models import (
    BenefitRule,
    Entitlement,
    PaymentCycle,
    PensionerCount,
    Program,
    Suspension,
)


class SuperuserReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
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


@admin.register(Program)
class ProgramAdmin(SuperuserReadOnlyAdmin):
    list_display = ["code", "name_fa", "name_en", "is_active"]


@admin.register(BenefitRule)
class BenefitRuleAdmin(SuperuserReadOnlyAdmin):
    list_display = ["program", "year", "base_amount", "per_member_amount"]
    list_filter = ["program", "year"]


@admin.register(PaymentCycle)
class PaymentCycleAdmin(SuperuserReadOnlyAdmin):
    list_display = ["program", "year", "month", "state", "prepared_by", "approved_by"]
    list_filter = ["state", "program"]


@admin.register(Entitlement)
class EntitlementAdmin(SuperuserReadOnlyAdmin):
    # No search and no Sheba column: what is typed in a search lands in the URL.
    list_display = ["id", "cycle", "period", "kind", "amount", "status", "reason"]
    list_filter = ["status", "kind"]
    exclude = ["sheba"]
    list_select_related = ["cycle"]


@admin.register(Suspension)
class SuspensionAdmin(SuperuserReadOnlyAdmin):
    list_display = ["id", "program", "reason", "lifted_at"]


@admin.register(PensionerCount)
class PensionerCountAdmin(SuperuserReadOnlyAdmin):
    list_display = ["period", "org_unit", "pensioners", "counted_at"]
    list_filter = ["period"]
    list_select_related = ["org_unit"]
