from django.contrib import admin

from chatr.org.models import Membership, OrgUnit


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin[OrgUnit]):
    list_display = ["code", "name_fa", "name_en", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_fa", "name_en"]
    readonly_fields = ["path", "depth", "province", "county"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        # Units get their path from org.services.org_unit_create; the admin only edits names.
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "role", "org_unit", "created_at"]
    list_filter = ["role"]
    autocomplete_fields = ["org_unit", "user"]
