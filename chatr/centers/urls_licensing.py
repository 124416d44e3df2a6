from django.urls import path

from chatr.centers import views_licensing as views

# Included by centers/urls.py under "licensing/" (names in the "centers" namespace).
urlpatterns = [
    # The applicant (signed-in citizen).
    path("apply/", views.apply, name="licensing_apply"),
    path("my/", views.my_list, name="licensing_my"),
    path("my/renew/<int:licence_id>/", views.my_renewal_new, name="licensing_my_renew"),
    path("my/<str:code>/", views.my_detail, name="licensing_my_detail"),
    path("my/<str:code>/activity/", views.my_activity_new, name="licensing_my_activity"),
    path(
        "my/<str:code>/documents/<int:attachment_id>/",
        views.my_document,
        name="licensing_my_document",
    ),
    # Licensing staff, scoped.
    path("manage/", views.queue, name="licensing_queue"),
    path("manage/new/", views.staff_new, name="licensing_new"),
    path("manage/<str:code>/", views.detail, name="licensing_detail"),
    path("manage/<str:code>/<str:action>/", views.detail_action, name="licensing_action"),
    path(
        "manage/<str:code>/documents/<int:attachment_id>/",
        views.staff_document,
        name="licensing_document",
    ),
]
