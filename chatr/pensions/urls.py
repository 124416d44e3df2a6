from django.urls import path

from chatr.pensions import views

app_name = "pensions"

urlpatterns = [
    path("", views.cycle_list, name="cycles"),
    path("cycles/new/", views.cycle_open, name="cycle_open"),
    path("cycles/<int:cycle_id>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<int:cycle_id>/compute/", views.cycle_compute, name="cycle_compute"),
    path("cycles/<int:cycle_id>/approve/", views.cycle_approve, name="cycle_approve"),
    path("cycles/<int:cycle_id>/bank-file/", views.cycle_bank_file, name="cycle_bank_file"),
    path("cycles/<int:cycle_id>/results/", views.cycle_results, name="cycle_results"),
    path("cycles/<int:cycle_id>/reconcile/", views.cycle_reconcile, name="cycle_reconcile"),
    path("months/<int:year>/<int:month>/compute/", views.month_compute, name="month_compute"),
    path("entitlements/", views.entitlements, name="entitlements"),
    path(
        "entitlements/<int:entitlement_id>/",
        views.entitlement_detail,
        name="entitlement_detail",
    ),
    path("programs/", views.program_list, name="programs"),
    path("programs/<int:program_id>/", views.program_detail, name="program_detail"),
    path("programs/<int:program_id>/rules/", views.program_rule_set, name="program_rule_set"),
    path("programs/<int:program_id>/edit/", views.program_edit, name="program_edit"),
    path("my/", views.my_payments, name="my_payments"),
]
