from django.urls import path

from chatr.centers import views_subsidies as views

app_name = "subsidies"

# Included at /centers/ (staff pages, scoped): residents of a center, and the subsidies.
urlpatterns = [
    path("residents/", views.resident_center_list, name="resident_centers"),
    path("manage/<int:center_id>/residents/", views.residents, name="residents"),
    path("manage/<int:center_id>/residents/admit/", views.admit, name="admit"),
    path("residents/<int:admission_id>/", views.resident, name="resident"),
    path("residents/<int:admission_id>/discharge/", views.discharge, name="discharge"),
    path("subsidies/", views.months, name="months"),
    path("subsidies/compute/", views.compute, name="compute"),
    path("subsidies/my-claims/", views.my_claims, name="my_claims"),
    path("subsidies/rates/", views.rates, name="rates"),
    path("subsidies/centers/<int:center_id>/account/", views.account, name="account"),
    path("subsidies/<int:year>/<int:month>/", views.month, name="month"),
    path("subsidies/<int:year>/<int:month>/batch/", views.batch_create, name="batch_create"),
    path("subsidies/<int:year>/<int:month>/provinces/", views.provinces, name="provinces"),
    path("subsidies/claims/<int:claim_id>/", views.claim, name="claim"),
    path("subsidies/claims/<int:claim_id>/approve/", views.claim_approve, name="claim_approve"),
    path(
        "subsidies/claims/<int:claim_id>/recompute/",
        views.claim_recompute,
        name="claim_recompute",
    ),
    path("subsidies/batches/<int:batch_id>/", views.batch, name="batch"),
    path(
        "subsidies/batches/<int:batch_id>/bank-file/",
        views.batch_bank_file,
        name="batch_bank_file",
    ),
]
