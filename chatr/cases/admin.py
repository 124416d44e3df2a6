from typing import Any

from django.contrib import admin

from chatr.cases.deadlines import holidays
from chatr.cases.models import Holiday


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Official holidays: lunar ones move every year, so HQ adds them before the year starts."""

    list_display = ["date", "name_fa", "name_en"]
    search_fields = ["name_fa", "name_en"]

    # Deadlines read the holidays from a per-process copy: every edit renews it everywhere.
    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        holidays.forget()

    def delete_model(self, request: Any, obj: Any) -> None:
        super().delete_model(request, obj)
        holidays.forget()

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        super().delete_queryset(request, queryset)
        holidays.forget()
