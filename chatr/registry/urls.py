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
    path("files/", views.file_list, name="files"),
    path("files/<str:file_number>/", views.file_detail, name="file_detail"),
    path("files/<str:file_number>/waiting-list/", views.file_queue, name="file_queue"),
    path("files/<str:file_number>/decision/", views.file_decide, name="file_decide"),
    path("files/<str:file_number>/activate/", views.file_activate, name="file_activate"),
    path("files/<str:file_number>/close/", views.file_close, name="file_close"),
    path("waiting-list/", views.waiting_list_page, name="waiting_list"),
]

urlpatterns += urls_coverage.urlpatterns
