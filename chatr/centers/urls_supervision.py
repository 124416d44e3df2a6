from django.urls import path

from chatr.centers import views_supervision as views

app_name = "supervision"

urlpatterns = [
    path("", views.home, name="home"),
    path("centers/<int:center_id>/inspections/new/", views.inspection_new, name="inspection_new"),
    path("centers/<int:center_id>/inspections/plan/", views.inspection_plan, name="plan"),
    path("centers/<int:center_id>/sanctions/", views.sanctions, name="sanctions"),
    path("centers/<int:center_id>/sanctions/open/", views.sanction_open, name="sanction_open"),
    path("inspections/<int:inspection_id>/", views.inspection_detail, name="inspection"),
    path(
        "inspections/<int:inspection_id>/record/",
        views.inspection_complete,
        name="inspection_complete",
    ),
    path("sanctions/<int:proceeding_id>/advance/", views.sanction_advance, name="sanction_advance"),
    path("sanctions/<int:proceeding_id>/decide/", views.sanction_decide, name="sanction_decide"),
    path(
        "sanctions/<int:proceeding_id>/remedied/",
        views.sanction_remedied,
        name="sanction_remedied",
    ),
    path("checklists/", views.checklists, name="checklists"),
    path("checklists/<str:key>/", views.checklist_edit, name="checklist_edit"),
]
