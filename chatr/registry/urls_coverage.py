"""Pages for coverage figures and bulk import (kept apart from the record pages in urls.py)."""

from django.urls import path

from chatr.registry import views_coverage

urlpatterns = [
    path("coverage/", views_coverage.coverage, name="coverage"),
    path("coverage/export/", views_coverage.coverage_export, name="coverage_export"),
    path("import/", views_coverage.import_page, name="import"),
    path("import/template.csv", views_coverage.import_template, name="import_template"),
]
