from django.urls import include, path

from chatr.centers import views

app_name = "centers"

urlpatterns = [
    # Public: no sign-in.
    path("", views.directory, name="directory"),
    path("counties/", views.county_options, name="county_options"),
    path("licence-check/", views.licence_check, name="licence_check"),
    path("<int:center_id>/", views.center_detail, name="center_detail"),
    # Staff, scoped.
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.register, name="register"),
    path("manage/<int:center_id>/", views.manage_detail, name="manage_detail"),
    path("manage/<int:center_id>/edit/", views.edit, name="edit"),
    path("manage/<int:center_id>/licences/new/", views.licence_new, name="licence_new"),
    path("supervision/", include("chatr.centers.urls_supervision")),
    path("licensing/", include("chatr.centers.urls_licensing")),
    path("", include("chatr.centers.urls_subsidies")),
    path("figures/", include("chatr.centers.urls_figures")),
]
