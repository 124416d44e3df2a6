"""Read-mostly admin for support staff; editors get their own scoped pages in the next slice."""

from django.contrib import admin
from django.http import HttpRequest

from chatr.transparency.models import Contract, ContractPayment, Dataset, Party


class _ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Writes go through the services (the demo now, the editors' pages next)."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Dataset)
class DatasetAdmin(_ReadOnlyAdmin):
    list_display = ("code", "category", "title_fa", "org_unit", "is_published", "last_updated")
    list_filter = ("category", "is_published")
    search_fields = ("code", "title_fa", "title_en")


@admin.register(Party)
class PartyAdmin(_ReadOnlyAdmin):
    list_display = ("name", "company_id")
    search_fields = ("search_name", "company_id")


class PaymentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ContractPayment
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Contract)
class ContractAdmin(_ReadOnlyAdmin):
    list_display = ("number", "title", "counterparty", "amount", "signed_on", "status")
    list_filter = ("method", "status", "dataset")
    search_fields = ("number", "search_text")
    raw_id_fields = ("counterparty", "dataset")
    inlines = [PaymentInline]
