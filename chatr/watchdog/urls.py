from django.urls import include, path

from chatr.watchdog import views
from chatr.watchdog.urls_dashboard import urlpatterns as dashboard_urlpatterns

app_name = "watchdog"

urlpatterns = [
    path("", views.submit, name="submit"),
    path("sent/", views.submitted, name="submitted"),
    path("track/", views.track, name="track"),
    path("track/status/", views.track_status, name="track_status"),
    path("track/reply/", views.track_reply, name="track_reply"),
    path("track/rate/", views.track_rate, name="track_rate"),
    path("track/object/", views.track_object, name="track_object"),
    path("track/files/<int:attachment_id>/", views.track_attachment, name="track_attachment"),
    path("call-center/new/", views.agent_new, name="agent_new"),
    path("call-center/filed/", views.agent_done, name="agent_done"),
    path("call-center/caller-history/", views.agent_caller_history, name="agent_caller_history"),
    path("call-center/lookup/", views.agent_lookup, name="agent_lookup"),
    path("staff/", views.queue, name="queue"),
    path("staff/bulk-assign/", views.staff_bulk_assign, name="bulk_assign"),
    path("staff/<str:code>/", views.staff_detail, name="staff_detail"),
    path("staff/<str:code>/route/", views.staff_route, name="staff_route"),
    path("staff/<str:code>/assign/", views.staff_assign, name="staff_assign"),
    path("staff/<str:code>/status/", views.staff_transition, name="staff_transition"),
    path("staff/<str:code>/answer/", views.staff_answer, name="staff_answer"),
    path("staff/<str:code>/note/", views.staff_note, name="staff_note"),
    path(
        "staff/<str:code>/files/<int:attachment_id>/",
        views.staff_attachment,
        name="staff_attachment",
    ),
]

urlpatterns += [path("", include(dashboard_urlpatterns))]
