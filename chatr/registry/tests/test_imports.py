"""Bulk import: CSV and XLSX, every kind of bad row, the two modes, idempotent re-imports,
scope, the audit summary, the management command and the import page."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from chatr.audit.models import AuditEvent
from chatr.core.errors import ApplicationError, PermissionDeniedError
from chatr.core.spreadsheets import read_rows
from chatr.org.scope import scope_for_user
from chatr.registry.imports import (
    ADDED,
    COLUMNS,
    CREATED,
    ERROR,
    SKIPPED,
    UNCHANGED,
    registry_import,
    template_rows,
)
from chatr.registry.models import Household, HouseholdMember, Person
from chatr.registry.tests.factories import national_code, register_household

pytestmark = pytest.mark.django_db

HEADER = [c.key for c in COLUMNS]


def person(key: str, relationship: str = "child", **values: str) -> dict[str, str]:
    row = {
        "household": key,
        "national_code": values.pop("national_code")
        if "national_code" in values
        else national_code(),
        "first_name": "مریم",
        "last_name": "رحیمی",
        "father_name": "علی",
        "birth_date": "1390/01/20",
        "sex": "female",
        "relationship": relationship,
        "mobile": "",
    }
    row.update(values)
    return row


def head(key: str, county: str = "C1901", **values: str) -> dict[str, str]:
    row = person(key, "head", county=county)
    row.update(
        {
            "area": "urban",
            "address": "زنجان، خیابان امام",
            "postal_code": "4513845678",
            "income_decile": "3",
            "housing": "rented",
            "mobile": "09121234567",
        }
    )
    row.update(values)
    return row


def table(*rows: dict[str, str]) -> list[list[str]]:
    return [HEADER, *[[r.get(k, "") for k in HEADER] for r in rows]]


def as_csv(rows: list[list[str]], *, bom: bool = True, delimiter: str = ",") -> bytes:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode()


def as_xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)  # type: ignore[union-attr]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(world: Any, rows: list[list[str]], mode: str = "valid_rows", user: str = "zanjan_officer"):  # type: ignore[no-untyped-def]
    actor = world.users[user]
    return registry_import(actor=actor, scope=scope_for_user(actor), mode=mode, rows=rows)


def issues_by_column(report: Any) -> dict[str, str]:
    return {i.column: i.message_en for i in report.issues}


# ---------------------------------------------------------------- reading


def test_csv_with_or_without_bom_and_semicolons_reads_the_same() -> None:
    rows = table(head("1"), person("1"))
    assert read_rows(content=as_csv(rows)) == rows
    assert read_rows(content=as_csv(rows, bom=False)) == rows
    assert read_rows(content=as_csv(rows, delimiter=";")) == rows


def test_a_file_that_is_not_utf8_is_refused_clearly() -> None:
    with pytest.raises(ApplicationError) as raised:
        read_rows(content=b"national_code\n\xe9\xff\xfe\n", filename="people.csv")
    assert raised.value.code == "import_file_not_utf8"


def test_a_damaged_xlsx_is_refused() -> None:
    with pytest.raises(ApplicationError) as raised:
        read_rows(content=b"PK\x03\x04 not really a workbook", filename="people.xlsx")
    assert raised.value.code == "import_file_unreadable"


def test_xlsx_import_with_number_and_date_cells(world: Any) -> None:
    from datetime import date

    code = national_code()
    rows: list[list[Any]] = table(head("1", national_code=code), person("1"))
    rows[1][HEADER.index("national_code")] = int(code)  # Excel drops leading zeros
    rows[1][HEADER.index("birth_date")] = date(1986, 7, 3)  # a Gregorian date cell
    rows[1][HEADER.index("income_decile")] = 3
    actor = world.zanjan_officer
    report = registry_import(
        actor=actor,
        scope=scope_for_user(actor),
        mode="all_or_nothing",
        content=as_xlsx(rows),
        filename="people.xlsx",
    )
    assert report.ok, report.issues
    assert [r.status for r in report.rows] == [CREATED, CREATED]
    head_person = Person.objects.get(national_code=code)
    assert head_person.birth_date == date(1986, 7, 3)
    assert Household.objects.get().income_decile == 3


# ---------------------------------------------------------------- importing


def test_csv_import_registers_households_with_their_members(world: Any) -> None:
    rows = table(
        head("1"),
        person("1", "spouse", sex="male", first_name="حسن"),
        person("1", "child", mobile="0912 345 6789"),
        head("2", county="C1902", area="روستایی", housing="ملکی", relationship="سرپرست"),
    )
    actor = world.zanjan_officer
    report = registry_import(
        actor=actor, scope=scope_for_user(actor), mode="all_or_nothing", content=as_csv(rows)
    )
    assert report.ok and report.committed
    assert report.summary() == {
        "mode": "all_or_nothing",
        "committed": True,
        "rows": 4,
        "households_created": 2,
        "people_registered": 4,
        "members_added": 0,
        "unchanged": 0,
        "errors": 0,
        "not_imported": 0,
    }
    first, second = Household.objects.order_by("pk")
    assert first.org_unit == world.unit("C1901") and first.postal_code == "4513845678"
    assert second.org_unit == world.unit("C1902") and second.area == "rural"
    assert second.housing == "owned"
    assert HouseholdMember.objects.filter(household=first, left_on__isnull=True).count() == 3
    assert Person.objects.get(first_name="حسن").sex == "male"


def test_reimporting_the_same_file_changes_nothing(world: Any) -> None:
    rows = table(head("1"), person("1"), head("2"))
    first = run(world, rows)
    assert first.count(CREATED) == 3
    counts = (Person.objects.count(), Household.objects.count(), HouseholdMember.objects.count())
    for mode in ("valid_rows", "all_or_nothing"):
        again = run(world, rows, mode=mode)
        assert again.ok
        assert [r.status for r in again.rows] == [UNCHANGED] * 3
        assert again.households_created == 0
    assert counts == (
        Person.objects.count(),
        Household.objects.count(),
        HouseholdMember.objects.count(),
    )


def test_a_new_member_of_an_imported_household_is_added_on_the_next_import(world: Any) -> None:
    rows = table(head("1"), person("1"))
    run(world, rows)
    newborn = person("1", first_name="نوزاد")
    report = run(world, [*rows, [newborn.get(k, "") for k in HEADER]])
    assert [r.status for r in report.rows] == [UNCHANGED, UNCHANGED, CREATED]
    assert Household.objects.count() == 1
    assert HouseholdMember.objects.filter(left_on__isnull=True).count() == 3


def test_a_registered_person_without_household_is_joined_not_registered_again(
    world: Any,
) -> None:
    from chatr.registry.tests.factories import register_person

    known = register_person(world.zanjan_officer)
    rows = table(head("1"), person("1", national_code=known.national_code))
    report = run(world, rows)
    assert [r.status for r in report.rows] == [CREATED, ADDED]
    assert Person.objects.filter(national_code=known.national_code).count() == 1


@pytest.mark.parametrize(
    ("values", "column", "message"),
    [
        ({"national_code": "1234567890"}, "national_code", "last digit does not match"),
        ({"national_code": "12345"}, "national_code", "10 digits"),
        ({"national_code": ""}, "national_code", "must be filled in"),
        ({"first_name": ""}, "first_name", "must be filled in"),
        ({"last_name": ""}, "last_name", "must be filled in"),
        ({"birth_date": "1390/13/01"}, "birth_date", "no month 13"),
        ({"birth_date": "1390/12/31"}, "birth_date", "has 29 days"),
        ({"birth_date": "20/01/1390"}, "birth_date", "Enter a date like"),
        ({"birth_date": "1500/01/01"}, "birth_date", "in the future"),
        ({"sex": "x"}, "sex", "is not one of"),
        ({"relationship": "cousin"}, "relationship", "is not one of"),
        ({"mobile": "12345"}, "mobile", "Iranian mobile"),
        ({"household": ""}, "household", "must be filled in"),
    ],
)
def test_every_bad_person_row_is_reported_with_its_column(
    world: Any, values: dict[str, str], column: str, message: str
) -> None:
    rows = table(head("1"), person("1", **values))
    report = run(world, rows, mode="all_or_nothing")
    assert not report.committed
    bad = report.rows[1]
    assert bad.status == ERROR and bad.number == 3
    assert any(i.column == column and message in i.message_en for i in bad.issues), bad.issues
    assert all(i.message_fa and i.message_en for i in bad.issues)
    assert report.rows[0].status == SKIPPED
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("values", "column", "message"),
    [
        ({"county": "C9999"}, "county", "no county with code"),
        ({"county": ""}, "county", "must be filled in"),
        ({"area": "city"}, "area", "is not one of"),
        ({"address": ""}, "address", "must be filled in"),
        ({"postal_code": "123"}, "postal_code", ""),
        ({"income_decile": "11"}, "income_decile", "from 1 to 10"),
        ({"housing": "tent"}, "housing", "is not one of"),
    ],
)
def test_every_bad_household_column_is_reported(
    world: Any, values: dict[str, str], column: str, message: str
) -> None:
    report = run(world, table(head("1", **values), person("1")))
    assert report.rows[0].status == ERROR
    assert any(i.column == column and message in i.message_en for i in report.rows[0].issues)
    assert report.rows[1].status == SKIPPED
    assert not Household.objects.exists()


def test_household_structure_errors(world: Any) -> None:
    code = national_code()
    rows = table(
        person("1"),  # no head
        head("2"),
        head("2"),  # two heads
        head("3", national_code=code),
        person("3", national_code=code),  # the same person twice
    )
    report = run(world, rows)
    assert "no head" in report.rows[0].issues[0].message_en
    assert "already has a head on row 3" in report.rows[2].issues[0].message_en
    assert "already on row 5" in report.rows[4].issues[0].message_en
    assert [r.status for r in report.rows] == [ERROR, SKIPPED, ERROR, SKIPPED, ERROR]


def test_missing_and_unknown_columns_stop_the_file(world: Any) -> None:
    rows = table(head("1"))
    rows[0] = [c if c != "national_code" else "nationl_code" for c in rows[0]]
    report = run(world, rows)
    assert not report.rows and not report.committed
    columns = issues_by_column(report)
    assert "Unknown column" in columns[""]
    assert "national_code" in columns["national_code"]


def test_persian_headers_are_understood(world: Any) -> None:
    rows = table(head("1"))
    persian = {"household": "خانوار", "national_code": "کد ملی", "first_name": "نام"}
    rows[0] = [persian.get(c, c) for c in rows[0]]
    assert run(world, rows).ok


def test_empty_file_and_too_many_rows(world: Any) -> None:
    assert "empty" in run(world, []).issues[0].message_en
    actor = world.zanjan_officer
    report = registry_import(
        actor=actor,
        scope=scope_for_user(actor),
        mode="valid_rows",
        rows=table(head("1"), head("2")),
        max_rows=1,
    )
    assert "at most 1" in report.issues[0].message_en
    assert not Person.objects.exists()


def test_all_or_nothing_keeps_nothing_when_one_household_is_refused_while_writing(
    world: Any, score_factors: None
) -> None:
    """A refusal only the services can see (the person is in another household) rolls back
    the households already written."""
    other = register_household(world.zanjan_officer, world.unit("C1901"))
    before = (Person.objects.count(), Household.objects.count())
    rows = table(
        head("1"), person("1"), head("2"), person("2", national_code=other.head.national_code)
    )
    report = run(world, rows, mode="all_or_nothing")
    assert not report.committed
    assert [r.status for r in report.rows] == [SKIPPED, SKIPPED, SKIPPED, ERROR]
    assert "another household" in report.rows[3].issues[0].message_en
    assert (Person.objects.count(), Household.objects.count()) == before


def test_valid_rows_imports_the_good_households_only(world: Any, score_factors: None) -> None:
    other = register_household(world.zanjan_officer, world.unit("C1901"))
    rows = table(
        head("1"),
        person("1"),
        head("2"),
        person("2", birth_date="bad"),
        head("3"),
        person("3", national_code=other.head.national_code),
        head("4", county="C1902"),
    )
    report = run(world, rows, mode="valid_rows")
    assert report.committed and not report.ok
    assert [r.status for r in report.rows] == [
        CREATED,
        CREATED,
        SKIPPED,
        ERROR,
        SKIPPED,
        ERROR,
        CREATED,
    ]
    assert report.households_created == 2
    # Household 3's head was registered in its savepoint, then rolled back with it.
    assert not Person.objects.filter(national_code=rows[5][1]).exists()
    assert Household.objects.count() == 3  # the other one and households 1 and 4
    # Fixing the file and importing it again brings in the rest, and only the rest.
    rows[4][HEADER.index("birth_date")] = "1370/02/02"
    rows[6][HEADER.index("national_code")] = national_code()
    again = run(world, rows, mode="valid_rows")
    assert again.ok
    assert [r.status for r in again.rows] == [
        UNCHANGED,
        UNCHANGED,
        CREATED,
        CREATED,
        CREATED,
        CREATED,
        UNCHANGED,
    ]


def test_an_officer_cannot_import_into_another_province(world: Any) -> None:
    report = run(world, table(head("1", county="C0801"), person("1")), user="zanjan_officer")
    assert report.rows[0].status == ERROR
    assert "no county with code “C0801” in your area" in report.rows[0].issues[0].message_en
    assert not Person.objects.exists()


def test_a_person_registered_in_another_province_is_refused_without_detail(
    world: Any, score_factors: None
) -> None:
    kerman = register_household(world.kerman_manager, world.unit("C0801"))
    rows = table(head("1", national_code=kerman.head.national_code))
    report = run(world, rows, mode="all_or_nothing")
    assert report.rows[0].status == ERROR
    assert "outside your area" in report.rows[0].issues[0].message_en
    assert Household.objects.count() == 1


def test_importing_needs_the_edit_permission(world: Any) -> None:
    with pytest.raises(PermissionDeniedError):
        run(world, table(head("1")), user="hq_officer")
    with pytest.raises(ApplicationError):
        run(world, table(head("1")), mode="sometimes")


def test_one_audit_event_sums_the_import_up_without_personal_data(world: Any) -> None:
    code = national_code()
    report = run(world, table(head("1", national_code=code), person("1")))
    event = AuditEvent.objects.filter(changes__has_key="registry_import").get()
    assert event.changes["registry_import"] == report.summary()
    assert event.actor == world.zanjan_officer
    assert event.org_unit == world.unit("P19")
    assert code not in str(event.changes)


def test_template_rows_import_cleanly(world: Any) -> None:
    report = run(world, template_rows(), mode="all_or_nothing")
    assert report.ok and report.households_created == 1


# ---------------------------------------------------------------- command


def test_management_command_imports_a_file(world: Any, tmp_path: Any) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(as_csv(table(head("1"), person("1"))))
    out = io.StringIO()
    call_command(
        "registry_import", str(path), user="zanjan_officer", mode="all_or_nothing", stdout=out
    )
    assert "people_registered: 2" in out.getvalue()
    assert Person.objects.count() == 2
    bad = tmp_path / "bad.csv"
    bad.write_bytes(as_csv(table(head("1", county="C0801"))))
    with pytest.raises(CommandError):
        call_command("registry_import", str(bad), user="zanjan_officer", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("registry_import", str(path), user="nobody", stdout=io.StringIO())


# ---------------------------------------------------------------- pages


def test_import_page_shows_the_row_report_and_keeps_nothing_on_error(
    world: Any, client_for: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("zanjan_officer")
    url = reverse("registry:import")
    assert client.get(url).status_code == 200
    rows = table(head("1"), person("1", national_code="1234567890"))
    upload = SimpleUploadedFile("people.csv", as_csv(rows), content_type="text/csv")
    response = client.post(url, {"file": upload, "mode": "all_or_nothing"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "error-summary" in body
    assert 'id="import-report"' in body
    assert not Person.objects.exists()
    rows[2][HEADER.index("national_code")] = national_code()
    upload = SimpleUploadedFile("people.csv", as_csv(rows), content_type="text/csv")
    response = client.post(url, {"file": upload, "mode": "all_or_nothing"})
    assert response.status_code == 200
    assert Person.objects.count() == 2


def test_import_page_refuses_a_missing_file_and_those_who_may_not_import(
    world: Any, client_for: Any
) -> None:
    url = reverse("registry:import")
    response = client_for("zanjan_officer").post(url, {"mode": "valid_rows"})
    assert response.status_code == 400
    assert client_for("hq_officer").get(url).status_code == 403


def test_template_download_is_a_csv_with_the_documented_columns(
    world: Any, client_for: Any
) -> None:
    response = client_for("zanjan_officer").get(reverse("registry:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert read_rows(content=response.content) == template_rows()


# ---------------------------------------------------------------- demo


def test_demo_import_is_clean_and_idempotent(world: Any) -> None:
    from chatr.registry.demo_import import DEMO_IMPORT_FILE_WITH_ERRORS, seed_import_demo

    first = seed_import_demo()
    assert first.ok and first.households_created == 4 and first.count(CREATED) == 10
    again = seed_import_demo()
    assert again.ok and again.count(UNCHANGED) == 10
    assert Household.objects.count() == 4
    actor = world.zanjan_officer
    with_errors = registry_import(
        actor=actor,
        scope=scope_for_user(actor),
        mode="all_or_nothing",
        content=DEMO_IMPORT_FILE_WITH_ERRORS.read_bytes(),
    )
    assert {(i.row, i.column) for i in with_errors.issues} == {
        (3, "national_code"),
        (6, "birth_date"),
        (7, "county"),
        (10, "relationship"),
    }
