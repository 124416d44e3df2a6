"""Routes of the care-center figures; centers/urls.py includes them under `figures/` in the
"centers:figures" namespace."""

from django.urls import path

from chatr.centers import views_figures

app_name = "figures"

urlpatterns = [
    path("", views_figures.figures_page, name="page"),
    path("export/", views_figures.figures_export, name="export"),
]
