"""Routes of the dashboard and the monthly report; watchdog/urls.py includes them under
`watchdog/` in the "watchdog" namespace."""

from django.urls import path

from chatr.watchdog import views_dashboard

urlpatterns = [
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("dashboard/export/", views_dashboard.dashboard_export, name="dashboard_export"),
    path("reports/monthly/", views_dashboard.monthly_report, name="monthly_report"),
    path(
        "reports/monthly/download/",
        views_dashboard.monthly_report_download,
        name="monthly_report_download",
    ),
]
