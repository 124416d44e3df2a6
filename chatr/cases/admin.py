from django.contrib import admin

from chatr.cases.models import Holiday


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Official holidays: lunar ones move every year, so HQ adds them before the year starts."""

    list_display = ["date", "name_fa", "name_en"]
    search_fields = ["name_fa", "name_en"]
