"""The editors' and reviewers' pages: import with a row report, review and publish by
another person, withdraw with a public reason; the public page shows the history."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape

from chatr.transparency.choices import BatchState, RecordState
from chatr.transparency.kinds_contracts import DEMO_IMPORT_FILE, DEMO_IMPORT_FILE_WITH_ERRORS
from chatr.transparency.models import Contract, ImportBatch
from chatr.transparency.tests.factories import make_contract, make_dataset

pytestmark = pytest.mark.django_db


def fa(message: str) -> str:
    with translation.override("fa"):
        return escape(translation.gettext(message))


def upload(client, dataset, path):  # type: ignore[no-untyped-def]
    content = path.read_bytes()
    return client.post(
        f"/transparency/manage/{dataset.code}/import/",
        {"file": SimpleUploadedFile(path.name, content, content_type="text/csv")},
    )


def test_the_manage_page_lists_only_the_editors_datasets(world, client_for) -> None:
    make_dataset("P19", title_fa="قراردادهای زنجان")
    make_dataset("P08", title_fa="قراردادهای کرمان")
    page = client_for("zanjan_officer").get("/transparency/manage/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "قراردادهای زنجان" in body and "قراردادهای کرمان" not in body
    assert client_for("citizen").get("/transparency/manage/").status_code == 403


def test_a_refused_file_shows_every_problem_and_a_fixed_one_goes_to_review(
    world, client_for
) -> None:
    dataset = make_dataset("HQ")
    editor = client_for("hq_officer")
    refused = upload(editor, dataset, DEMO_IMPORT_FILE_WITH_ERRORS)
    assert refused.status_code == 400
    body = refused.content.decode()
    assert body.count('<tr><th scope="row">') >= 3  # one line per problem
    assert fa("This cell is required.") not in body
    assert Contract.objects.count() == 0
    assert ImportBatch.objects.get().state == BatchState.REFUSED

    accepted = upload(editor, dataset, DEMO_IMPORT_FILE)
    batch = ImportBatch.objects.get(state=BatchState.DRAFT)
    assert accepted.status_code == 302 and accepted["Location"].endswith(
        f"/transparency/manage/imports/{batch.pk}/"
    )
    page = editor.get(accepted["Location"]).content.decode()
    assert fa("You imported this file: another reviewer must check and publish it.") in page
    assert "00-1405-0101" in page
    # The editor's own POST to publish is refused.
    editor.post(f"/transparency/manage/imports/{batch.pk}/review/", {"action": "publish"})
    assert ImportBatch.objects.get(pk=batch.pk).state == BatchState.DRAFT


def test_a_reviewer_publishes_and_the_public_sees_the_records(world, client_for) -> None:
    dataset = make_dataset("HQ")
    upload(client_for("hq_officer"), dataset, DEMO_IMPORT_FILE)
    batch = ImportBatch.objects.get()
    reviewer = client_for("hq_manager")
    page = reviewer.get(f"/transparency/manage/imports/{batch.pk}/").content.decode()
    assert fa("Publish") in page
    reviewer.post(f"/transparency/manage/imports/{batch.pk}/review/", {"action": "publish"})
    assert ImportBatch.objects.get().state == BatchState.PUBLISHED
    listing = client_for("citizen").get("/transparency/contracts/").content.decode()
    assert "خرید سمعک برای مددجویان کم‌شنوا" in listing


def test_the_template_lists_the_columns_in_persian(world, client_for) -> None:
    dataset = make_dataset("HQ")
    response = client_for("hq_officer").get(
        f"/transparency/manage/{dataset.code}/import/template.csv"
    )
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith(fa("contract number"))


def test_withdrawing_needs_a_reason_and_the_page_shows_it(world, client_for) -> None:
    dataset = make_dataset("HQ")
    contract = make_contract(dataset, number="W-1", title="خرید دوباره ثبت‌شده")
    url = f"/transparency/manage/contracts/{contract.pk}/withdraw/"
    reviewer = client_for("hq_manager")
    assert client_for("hq_officer").get(url).status_code == 403  # editors cannot
    public = client_for("citizen").get(f"/transparency/contracts/{contract.pk}/")
    assert url not in public.content.decode()
    assert url in reviewer.get(f"/transparency/contracts/{contract.pk}/").content.decode()
    short = reviewer.post(url, {"reason": "تکراری"})
    assert short.status_code == 400
    assert Contract.objects.get().state == RecordState.PUBLISHED
    reviewer.post(url, {"reason": "این قرارداد دو بار ثبت شده بود؛ نسخه درست W-2 است."})
    assert Contract.objects.get().state == RecordState.WITHDRAWN
    page = client_for("citizen").get(f"/transparency/contracts/{contract.pk}/").content.decode()
    assert "این قرارداد دو بار ثبت شده بود" in page
    assert "W-1" not in client_for("citizen").get("/transparency/contracts/").content.decode()


def test_a_published_correction_is_shown_on_the_contract_page(world, client_for) -> None:
    from chatr.org.scope import scope_for_user
    from chatr.transparency.services_publishing import batch_import, batch_publish

    dataset = make_dataset("HQ")
    editor, reviewer = world.users["hq_officer"], world.users["hq_manager"]
    content = DEMO_IMPORT_FILE.read_bytes()
    for data in (content, content.replace(b"4800000000", b"5100000000")):
        batch = batch_import(
            actor=editor, scope=scope_for_user(editor), dataset=dataset, content=data,
            filename="contracts.csv",
        )  # fmt: skip
        batch_publish(actor=reviewer, scope=scope_for_user(reviewer), batch=batch)
    contract = Contract.objects.get(number="00-1405-0101")
    assert contract.amount == 5_100_000_000
    page = client_for("citizen").get(f"/transparency/contracts/{contract.pk}/").content.decode()
    assert fa("Changes since publication") in page
    assert "<del>" in page and "<ins>" in page


def test_a_reviewer_withdraws_a_record_of_another_category(world, client_for) -> None:
    from chatr.transparency.models import Expenditure
    from chatr.transparency.tests.test_expenditures import (
        make_expenditure,
        make_expenditure_dataset,
    )

    record = make_expenditure(make_expenditure_dataset("P08"))
    page = f"/transparency/expenditures/{record.pk}/"
    url = f"/transparency/manage/expenditures/{record.pk}/withdraw/"
    assert url in client_for("kerman_manager").get(page).content.decode()
    assert url not in client_for("zanjan_manager").get(page).content.decode()
    assert client_for("zanjan_manager").get(url).status_code == 404  # another province
    response = client_for("kerman_manager").post(url, {"reason": "مبلغ دو بار ثبت شده بود."})
    assert response.status_code == 302 and response["Location"] == page
    assert Expenditure.objects.get().state == RecordState.WITHDRAWN
