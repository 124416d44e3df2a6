from django.urls import path

from chatr.eservices import views, views_certificates, views_counters, views_inbox

app_name = "eservices"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    # One inbox: every request of the citizen in every module (views_inbox).
    path("my/", views_inbox.inbox, name="my_requests"),
    path("my/<str:code>/", views.my_request_detail, name="my_request"),
    path("my/<str:code>/filed/", views.filed, name="filed"),
    path("my/<str:code>/answer/", views.my_request_answer, name="my_request_answer"),
    path("my/<str:code>/rate/", views.my_request_rate, name="my_request_rate"),
    path("my/<str:code>/certificate.pdf", views_certificates.my_certificate, name="my_certificate"),
    path("staff/", views.staff_requests, name="staff_requests"),
    path("staff/<int:request_id>/", views.staff_request, name="staff_request"),
    path("staff/<int:request_id>/review/", views.staff_review, name="staff_review"),
    path("staff/<int:request_id>/ask/", views.staff_ask_info, name="staff_ask_info"),
    path("staff/<int:request_id>/approve/", views.staff_approve, name="staff_approve"),
    path("staff/<int:request_id>/reject/", views.staff_reject, name="staff_reject"),
    path("staff/<int:request_id>/complete/", views.staff_complete, name="staff_complete"),
    path(
        "staff/<int:request_id>/certificate.pdf",
        views_certificates.staff_certificate,
        name="staff_certificate",
    ),
    path(
        "staff/<int:request_id>/certificate/revoke/",
        views_certificates.staff_certificate_revoke,
        name="staff_certificate_revoke",
    ),
    path("counter/", views_counters.counter_home, name="counter_home"),
    path("counter/<str:unit>/", views_counters.counter_start, name="counter_start"),
    path("counter/<str:unit>/confirm/", views_counters.counter_confirm, name="counter_confirm"),
    path("counter/<str:unit>/file/", views_counters.counter_file, name="counter_file"),
    path(
        "counter/<str:unit>/filed/<str:code>/",
        views_counters.counter_filed,
        name="counter_filed",
    ),
    path("counters/", views_counters.counters_performance, name="counters_performance"),
    path(
        "counters/export/",
        views_counters.counters_performance_export,
        name="counters_performance_export",
    ),
    path("manage/<slug:code>/form/", views.definition_edit, name="definition_edit"),
    path("<slug:code>/", views.service_detail, name="service"),
    path("<slug:code>/apply/", views.apply, name="apply"),
]
