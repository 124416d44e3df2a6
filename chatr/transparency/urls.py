from django.urls import path

from chatr.transparency import views

app_name = "transparency"

urlpatterns = [
    # Public: no sign-in.
    path("", views.home, name="home"),
    path("contracts/", views.contracts, name="contracts"),
    path("contracts/download/", views.contracts_download, name="contracts_download"),
    path("contracts/<int:contract_id>/", views.contract_detail, name="contract_detail"),
]
