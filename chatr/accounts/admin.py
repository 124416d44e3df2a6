from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from chatr.accounts.models import User
from chatr.audit.services import audit_sensitive_view
from chatr.org.models import Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["org_unit"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["__str__", "username", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active"]
    search_fields = ["username", "full_name"]
    fields = ["username", "full_name", "mobile", "is_staff", "is_active", "is_superuser"]
    inlines = [MembershipInline]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        # A person's account holds their mobile number: reading it is audited.
        user = User.objects.filter(pk=object_id).first()
        if user is not None and request.method == "GET":
            audit_sensitive_view(actor=request.user, target=user)
        return super().change_view(request, object_id, form_url, extra_context)
