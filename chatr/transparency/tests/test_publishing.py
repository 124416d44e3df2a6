"""Publishing: importing files with a row-by-row report, review by another person, public
corrections that keep what changed, withdrawal with a public reason, and editors' scopes."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from chatr.core.company_id import demo_company_id
from chatr.core.errors import ApplicationError, NotFoundError
from chatr.org.scope import scope_for_user
from chatr.transparency.choices import BatchState, RecordState, RevisionState
from chatr.transparency.kinds import show_amount
from chatr.transparency.models import Contract, ImportBatch, Revision
from chatr.transparency.selectors import (
    ContractFilters,
    contract_get_public,
    contract_list,
    record_revisions,
)
from chatr.transparency.selectors_publishing import (
    batch_corrections,
    batch_get,
    batch_new_records,
    dataset_list_for_editor,
)
from chatr.transparency.services_publishing import (
    batch_discard,
    batch_import,
    batch_publish,
    record_withdraw,
)
from chatr.transparency.tests.factories import make_contract, make_dataset

pytestmark = pytest.mark.django_db

HEADER = ",".join(
    (
        *("شماره قرارداد", "موضوع", "طرف قرارداد", "شناسه ملی", "روش انتخاب"),
        *("مبلغ (ریال)", "تاریخ امضا", "تاریخ شروع", "تاریخ پایان", "وضعیت"),
    )
)
COMPANY = demo_company_id("1010300452")


def row(number: str, *, amount: str = "1250000000", ends: str = "1404/02/31", **kw: str) -> str:
    title = kw.get("title", "خرید ویلچر")
    company = kw.get("company", COMPANY)
    method = kw.get("method", "tender")
    cells = (number, title, "شرکت نمونه", company, method, amount)
    return ",".join((*cells, "1403/02/15", "1403/03/01", ends, "active"))


def csv_file(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8-sig")


def do_import(world, username: str, dataset, content: bytes, name: str = "contracts.csv"):
    user = world.users[username]
    return batch_import(
        actor=user, scope=scope_for_user(user), dataset=dataset, content=content, filename=name
    )


def publish(world, username: str, batch):
    user = world.users[username]
    return batch_publish(actor=user, scope=scope_for_user(user), batch=batch)


def public_numbers() -> set[str]:
    return set(contract_list(filters=ContractFilters()).values_list("number", flat=True))


def test_a_file_with_errors_stages_nothing_and_reports_every_bad_row(world) -> None:
    dataset = make_dataset("HQ")
    content = csv_file(
        row("A-1"),
        row("A-2", amount="-5"),
        row("A-3", company="12345678901"),
        row("A-4", ends="1402/01/01"),
        row("A-1"),
        row("A-5", method="auction"),
    )
    batch = do_import(world, "hq_officer", dataset, content)
    assert batch.state == BatchState.REFUSED
    assert Contract.objects.count() == 0  # nothing staged, not even the good first row
    by_row = {(e["row"], e["column"]) for e in batch.errors}
    assert by_row == {
        (3, "amount"),
        (4, "party_company_id"),
        (5, "ends_on"),
        (6, "number"),
        (7, "method"),
    }
    messages = {e["row"]: (e["fa"], e["en"]) for e in batch.errors}
    assert messages[5][1] == "The contract ends before it starts."
    assert messages[5][0] != messages[5][1]  # the Persian message is really Persian
    assert "row 2" in messages[6][1]


def test_unknown_and_missing_columns_are_reported_on_the_header_row(world) -> None:
    dataset = make_dataset("HQ")
    content = "شماره قرارداد,رنگ\nA-1,قرمز\n".encode()
    batch = do_import(world, "hq_officer", dataset, content)
    assert batch.state == BatchState.REFUSED
    assert all(e["row"] == 1 for e in batch.errors)
    assert any("رنگ" in e["en"] for e in batch.errors)
    assert {e["column"] for e in batch.errors} >= {"title", "amount", "status"}


def test_an_xlsx_file_with_english_headings_and_persian_digits_imports(world) -> None:
    dataset = make_dataset("HQ")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            *("number", "subject", "party", "national company ID", "procurement method"),
            *("amount (rials)", "signed on", "starts on", "ends on", "status"),
        ]
    )
    sheet.append(
        [
            *("ق-۷", "خريد كولر", "شركت نمونه", COMPANY, "Public tender", "۲,۵۰۰,۰۰۰"),
            *("۱۴۰۳/۰۲/۱۵", "1403/03/01", "1404/02/31", "In progress"),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch = do_import(world, "hq_officer", dataset, buffer.getvalue(), "contracts.xlsx")
    assert batch.state == BatchState.DRAFT, batch.errors
    contract = Contract.objects.get()
    assert contract.number == "ق-7" and contract.amount == 2_500_000
    assert contract.title == "خرید کولر"  # Arabic letters normalized
    assert contract.state == RecordState.DRAFT


def test_drafts_are_not_public_until_another_person_publishes_them(world) -> None:
    dataset = make_dataset("HQ")
    batch = do_import(world, "hq_officer", dataset, csv_file(row("A-1"), row("A-2")))
    assert batch.state == BatchState.DRAFT and batch.created == 2
    assert public_numbers() == set()
    draft = Contract.objects.get(number="A-1")
    with pytest.raises(NotFoundError):
        contract_get_public(contract_id=draft.pk)

    published = publish(world, "hq_manager", batch)
    assert published.state == BatchState.PUBLISHED
    assert published.reviewed_by == world.users["hq_manager"]
    assert public_numbers() == {"A-1", "A-2"}


def test_the_reviewer_cannot_publish_a_file_they_imported(world) -> None:
    dataset = make_dataset("HQ")
    batch = do_import(world, "hq_manager", dataset, csv_file(row("A-1")))
    with pytest.raises(ApplicationError) as error:
        publish(world, "hq_manager", batch)
    assert error.value.code == "maker_checker"
    assert public_numbers() == set()


def test_an_editor_without_the_reviewer_permission_cannot_publish(world) -> None:
    from chatr.core.errors import PermissionDeniedError

    dataset = make_dataset("HQ")
    batch = do_import(world, "hq_manager", dataset, csv_file(row("A-1")))
    with pytest.raises(PermissionDeniedError):
        publish(world, "hq_officer", batch)


def test_a_correction_keeps_the_previous_version_and_shows_what_changed(world) -> None:
    dataset = make_dataset("HQ")
    publish(world, "hq_manager", do_import(world, "hq_officer", dataset, csv_file(row("A-1"))))
    contract = Contract.objects.get(number="A-1")
    corrected = do_import(world, "hq_officer", dataset, csv_file(row("A-1", amount="1300000000")))
    assert (corrected.created, corrected.corrected) == (0, 1)
    contract.refresh_from_db()
    assert contract.amount == 1_250_000_000  # unchanged until the correction is published
    assert list(record_revisions(category="contracts", record_id=contract.pk)) == []
    revision = batch_corrections(batch=corrected).get()
    assert revision.state == RevisionState.PENDING
    assert list(revision.changes) == ["amount"]

    publish(world, "hq_manager", corrected)
    contract.refresh_from_db()
    assert contract.amount == 1_300_000_000
    (note,) = record_revisions(category="contracts", record_id=contract.pk)
    assert note.published_at is not None
    assert note.changes == {"amount": [show_amount(1_250_000_000), show_amount(1_300_000_000)]}
    assert Revision.objects.get().values["amount"] == 1_300_000_000


def test_importing_the_same_file_again_changes_nothing(world) -> None:
    dataset = make_dataset("HQ")
    content = csv_file(row("A-1"), row("A-2"))
    publish(world, "hq_manager", do_import(world, "hq_officer", dataset, content))
    again = do_import(world, "hq_officer", dataset, content)
    assert again.state == BatchState.UNCHANGED
    assert (again.created, again.corrected, again.unchanged) == (0, 0, 2)
    assert Revision.objects.count() == 0
    assert Contract.objects.count() == 2


def test_a_newer_file_replaces_the_one_waiting_for_review(world) -> None:
    dataset = make_dataset("HQ")
    first = do_import(world, "hq_officer", dataset, csv_file(row("A-1"), row("A-2")))
    second = do_import(world, "hq_officer", dataset, csv_file(row("A-1")))
    first.refresh_from_db()
    assert first.state == BatchState.REPLACED
    assert set(batch_new_records(batch=second).values_list("number", flat=True)) == {"A-1"}
    assert Contract.objects.count() == 1
    with pytest.raises(ApplicationError) as error:
        publish(world, "hq_manager", first)
    assert error.value.code == "batch_not_draft"


def test_discarding_deletes_the_drafts(world) -> None:
    dataset = make_dataset("HQ")
    batch = do_import(world, "hq_officer", dataset, csv_file(row("A-1")))
    user = world.users["hq_officer"]
    batch_discard(actor=user, scope=scope_for_user(user), batch=batch)
    assert Contract.objects.count() == 0
    assert ImportBatch.objects.get(pk=batch.pk).state == BatchState.DISCARDED


def test_withdrawing_needs_a_reason_that_stays_public(world) -> None:
    dataset = make_dataset("HQ")
    contract = make_contract(dataset, number="W-1")
    manager = world.users["hq_manager"]
    with pytest.raises(ApplicationError) as error:
        record_withdraw(actor=manager, scope=scope_for_user(manager), record=contract, reason=" ")
    assert error.value.code == "withdraw_reason_required" and "reason" in error.value.fields
    record_withdraw(
        actor=manager,
        scope=scope_for_user(manager),
        record=contract,
        reason="Recorded twice; the correct record is W-2.",
    )
    assert public_numbers() == set()
    page = contract_get_public(contract_id=contract.pk)
    assert page.state == RecordState.WITHDRAWN
    assert page.withdrawn_reason == "Recorded twice; the correct record is W-2."


def test_a_province_editor_sees_and_imports_only_their_province(world) -> None:
    from chatr.core.errors import PermissionDeniedError

    zanjan = make_dataset("P19")
    kerman = make_dataset("P08")
    hq = make_dataset("HQ")
    editor = world.users["zanjan_officer"]
    scope = scope_for_user(editor)
    assert list(dataset_list_for_editor(scope=scope)) == [zanjan]
    with pytest.raises((NotFoundError, PermissionDeniedError)):
        do_import(world, "zanjan_officer", kerman, csv_file(row("K-1")))
    with pytest.raises((NotFoundError, PermissionDeniedError)):
        do_import(world, "zanjan_officer", hq, csv_file(row("H-1")))
    batch = do_import(world, "kerman_finance", kerman, csv_file(row("K-1")))
    with pytest.raises(NotFoundError):
        batch_get(scope=scope, batch_id=batch.pk)
    # HQ reviewers oversee the provinces too.
    assert publish(world, "hq_manager", batch).state == BatchState.PUBLISHED
