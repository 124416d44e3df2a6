from django.urls import path

from chatr.transparency import views, views_publishing, views_registers
from chatr.transparency.views_open_data import catalog

app_name = "transparency"

urlpatterns = [
    # Public: no sign-in.
    path("", views.home, name="home"),
    path("contracts/", views.contracts, name="contracts"),
    path("contracts/download/", views.contracts_download, name="contracts_download"),
    path("contracts/<int:contract_id>/", views.contract_detail, name="contract_detail"),
    path("catalog.jsonld", catalog, name="catalog"),
    # Editors and reviewers (signed in, scoped).
    path("manage/", views_publishing.manage, name="manage"),
    path("manage/imports/<int:batch_id>/", views_publishing.batch_detail, name="batch"),
    path(
        "manage/imports/<int:batch_id>/review/",
        views_publishing.batch_review,
        name="batch_review",
    ),
    path("manage/<slug:code>/import/", views_publishing.dataset_import, name="import"),
    path(
        "manage/<slug:code>/import/template.csv",
        views_publishing.import_template,
        name="import_template",
    ),
    path(
        "manage/<slug:category>/<int:record_id>/withdraw/",
        views_publishing.record_withdraw_page,
        name="record_withdraw",
    ),
]

# Registers: managers, properties and assets, public donations, hiring (public, no sign-in):
# each a search, its download and a record page (`views_registers.RegisterPages`).
for _pages, _record_url in (
    (views_registers.MANAGERS, "manager_detail"),
    (views_registers.ASSETS, "asset_detail"),
    (views_registers.DONATIONS, "donation_detail"),
    (views_registers.HIRING, "hiring_detail"),
):
    _kwargs = {"pages": _pages}
    urlpatterns += [
        path(f"{_pages.name}/", views_registers.register_search, _kwargs, name=_pages.name),
        path(
            f"{_pages.name}/download/",
            views_registers.register_download,
            _kwargs,
            name=f"{_pages.name}_download",
        ),
        path(
            f"{_pages.name}/<int:record_id>/",
            views_registers.register_record,
            _kwargs,
            name=_record_url,
        ),
    ]

# Expenditures (public, no sign-in), with their Fiscal Data Package descriptor.
from chatr.transparency import views_expenditures  # noqa: E402

urlpatterns += [
    path("expenditures/", views_expenditures.expenditures, name="expenditures"),
    path(
        "expenditures/download/",
        views_expenditures.expenditures_download,
        name="expenditures_download",
    ),
    path(
        "expenditures/datapackage.json",
        views_expenditures.expenditures_datapackage,
        name="expenditures_datapackage",
    ),
    path(
        "expenditures/<int:expenditure_id>/",
        views_expenditures.expenditure_detail,
        name="expenditure_detail",
    ),
]

# Plans and research (documents with their PDF), and the centers' addresses and licences
# issued, generated from the centers module.
from chatr.transparency import views_documents  # noqa: E402

urlpatterns += [
    path("documents/", views_documents.documents, name="documents"),
    path("documents/download/", views_documents.documents_download, name="documents_download"),
    path("documents/<int:document_id>/", views_documents.document_detail, name="document_detail"),
    path("documents/<int:document_id>/file/", views_documents.document_file, name="document_file"),
    path("manage/documents/new/", views_documents.document_new, name="document_new"),
    path(
        "manage/documents/<int:document_id>/",
        views_documents.document_manage,
        name="document_manage",
    ),
    path("centers/", views_documents.centers, name="centers"),
    path("centers/download/", views_documents.centers_download, name="centers_download"),
    path("licences/", views_documents.licences, name="licences"),
    path("licences/download/", views_documents.licences_download, name="licences_download"),
]
