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


from chatr.transparency.models import Expenditure  # noqa: E402


@admin.register(Expenditure)
class ExpenditureAdmin(_ReadOnlyAdmin):
    list_display = ("year", "month", "unit_name", "program", "economic_class", "amount", "state")
    list_filter = ("economic_class", "state", "dataset")
    search_fields = ("search_text", "record_key")
    raw_id_fields = ("dataset", "batch")
    # Millions of rows: no full count for the changelist's paginator.
    show_full_result_count = False


from chatr.transparency.models import Asset, Donation, HiringAnnouncement, Manager  # noqa: E402


@admin.register(Manager)
class ManagerAdmin(_ReadOnlyAdmin):
    list_display = ("full_name", "position", "unit_name", "since", "until", "state")
    list_filter = ("state", "dataset")
    search_fields = ("search_text", "record_key")
    raw_id_fields = ("dataset", "batch")


@admin.register(Asset)
class AssetAdmin(_ReadOnlyAdmin):
    list_display = ("asset_code", "title", "asset_type", "ownership", "province", "state")
    list_filter = ("asset_type", "ownership", "value_public", "state", "dataset")
    search_fields = ("search_text", "record_key")
    raw_id_fields = ("dataset", "batch")


@admin.register(Donation)
class DonationAdmin(_ReadOnlyAdmin):
    list_display = ("receipt_number", "received_on", "purpose", "channel", "amount", "state")
    list_filter = ("purpose", "channel", "donor_named", "state", "dataset")
    search_fields = ("search_text", "record_key")
    raw_id_fields = ("dataset", "batch")


@admin.register(HiringAnnouncement)
class HiringAnnouncementAdmin(_ReadOnlyAdmin):
    list_display = ("number", "title", "unit_name", "positions", "status", "state")
    list_filter = ("status", "state", "dataset")
    search_fields = ("search_text", "record_key")
    raw_id_fields = ("dataset", "batch")


from chatr.transparency.models import Document  # noqa: E402


@admin.register(Document)
class DocumentAdmin(_ReadOnlyAdmin):
    list_display = ("number", "title", "document_type", "year", "state", "dataset")
    list_filter = ("document_type", "state", "dataset")
    search_fields = ("search_text", "record_key")
    raw_id_fields = ("dataset", "uploaded_by", "reviewed_by")
    # The file is served by the portal's checked view only, never by a raw media link.
    exclude = ("file",)
