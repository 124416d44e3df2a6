from django.contrib import admin
from django.urls import include, path, re_path, reverse_lazy
from django.views.generic import RedirectView

from chatr.accounts.admin_site import admin_has_permission
from chatr.eservices.views_certificates import verify as certificate_verify
from chatr.eservices.views_inbox import track as eservices_track
from chatr.watchdog.open311 import open311_urlpatterns
from config.api import api, api_not_found

admin.site.has_permission = admin_has_permission  # type: ignore[method-assign]
admin.site.site_header = "Chatr"

urlpatterns = [
    # The admin uses the staff sign-in page, which enforces the lockout.
    path(
        "admin/login/",
        RedirectView.as_view(url=reverse_lazy("accounts:staff_sign_in"), query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("open311/v2/", include((open311_urlpatterns, "open311"))),
    re_path(r"^api/", api_not_found),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("chatr.accounts.urls")),
    path("audit/", include("chatr.audit.urls")),
    path("watchdog/", include("chatr.watchdog.urls")),
    path("registry/", include("chatr.registry.urls")),
    path("pensions/", include("chatr.pensions.urls")),
    path("centers/", include("chatr.centers.urls")),
    path("transparency/", include("chatr.transparency.urls")),
    path("services/", include("chatr.eservices.urls")),
    # One public "track a code" page for every module (chatr.cases.public).
    path("track/", eservices_track, name="track"),
    # Anyone checks a certificate by its code; the QR code on the PDF opens the second address.
    path("verify/", certificate_verify, name="verify"),
    path("verify/<str:code>/", certificate_verify, name="verify_code"),
    path("", include("chatr.ui.urls")),
]
