from django.urls import path

from chatr.registry import urls_coverage, views

app_name = "registry"

# People are addressed by their numeric id, never by national code (which must stay out of URLs).
urlpatterns = [
    path("", views.household_list, name="households"),
    path("households/new/", views.household_register, name="household_register"),
    path("households/<int:household_id>/", views.household_detail, name="household_detail"),
    path("households/<int:household_id>/members/new/", views.member_add, name="member_add"),
    path("households/<int:household_id>/files/new/", views.file_open, name="file_open"),
    path("people/find/", views.person_find, name="person_find"),
    path("people/<int:person_id>/", views.person_detail, name="person_detail"),
    path(
        "people/<int:person_id>/disabilities/new/",
        views.person_disability_add,
        name="person_disability_add",
    ),
    path("files/", views.file_list, name="files"),
    path("files/<str:file_number>/", views.file_detail, name="file_detail"),
    path("files/<str:file_number>/waiting-list/", views.file_queue, name="file_queue"),
    path("files/<str:file_number>/decision/", views.file_decide, name="file_decide"),
    path("files/<str:file_number>/activate/", views.file_activate, name="file_activate"),
    path("files/<str:file_number>/close/", views.file_close, name="file_close"),
    path("waiting-list/", views.waiting_list_page, name="waiting_list"),
    # Change requests: filed from the household page, decided by a supervisor.
    path(
        "households/<int:household_id>/changes/new/",
        views.change_request_new,
        name="change_request_new",
    ),
    path("changes/", views.change_request_list, name="change_requests"),
    path("changes/<int:request_id>/", views.change_request_detail, name="change_request_detail"),
    path(
        "changes/<int:request_id>/review/",
        views.change_request_review,
        name="change_request_review",
    ),
    path(
        "changes/<int:request_id>/approve/",
        views.change_request_approve,
        name="change_request_approve",
    ),
    path(
        "changes/<int:request_id>/reject/",
        views.change_request_reject,
        name="change_request_reject",
    ),
    path(
        "changes/<int:request_id>/withdraw/",
        views.change_request_withdraw,
        name="change_request_withdraw",
    ),
    # The signed-in citizen's own file (who they are is kept in the session, never the URL).
    path("my/", views.my_file, name="my_file"),
    path("my/changes/new/", views.my_change_new, name="my_change_new"),
    path(
        "my/changes/<int:request_id>/withdraw/",
        views.my_change_withdraw,
        name="my_change_withdraw",
    ),
]

urlpatterns += urls_coverage.urlpatterns
