from django.urls import path

from chatr.accounts import views

app_name = "accounts"

urlpatterns = [
    path("staff/sign-in/", views.staff_sign_in, name="staff_sign_in"),
    path("sign-in/", views.citizen_sign_in, name="citizen_sign_in"),
    path("sign-in/code/", views.citizen_verify, name="citizen_verify"),
    path("sign-in/code/resend/", views.citizen_resend, name="citizen_resend"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("me/", views.landing, name="landing"),
]
