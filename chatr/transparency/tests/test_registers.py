"""The registers (managers, properties and assets, public donations, hiring): their writers,
their imports through the publishing machinery, the public searches and what never becomes
public (an anonymous donor, a value that is not public, drafts)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError

from chatr.core.errors import ApplicationError, NotFoundError
from chatr.org.scope import scope_for_user
from chatr.transparency import services_registers as registers
from chatr.transparency.choices import (
    AssetOwnership,
    AssetType,
    BatchState,
    DatasetCategory,
    DonationChannel,
    DonationPurpose,
    HiringStatus,
    RecordState,
)
from chatr.transparency.demo_registers import seed_registers_demo
from chatr.transparency.models import (
    Asset,
    Dataset,
    Donation,
    HiringAnnouncement,
    Manager,
    Revision,
)
from chatr.transparency.selectors import record_revisions
from chatr.transparency.selectors_registers import (
    AssetFilters,
    DonationFilters,
    HiringFilters,
    ManagerFilters,
    asset_export_rows,
    asset_get_public,
    asset_list,
    asset_type_counts,
    donation_export_rows,
    donation_get_public,
    donation_list,
    donation_totals,
    hiring_get_public,
    hiring_list,
    manager_get_public,
    manager_list,
    register_revisions,
)
from chatr.transparency.services_publishing import batch_import, batch_publish, record_withdraw
from chatr.transparency.tests.factories import make_dataset

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------- builders (also used by the
# views and browser tests of the registers)


def register_dataset(category: str, unit_code: str = "HQ", *, published: bool = True) -> Dataset:
    return make_dataset(
        unit_code,
        published=published,
        code=f"{category}-{unit_code.lower()}",
        category=category,
        title_fa=f"{DatasetCategory(category).label} {unit_code}",
    )


def make_manager(dataset: Dataset, **overrides: Any) -> Manager:
    data: dict[str, Any] = {
        "full_name": "مریم احمدی",
        "position": "مدیر کل",
        "unit_name": "اداره کل بهزیستی استان کرمان",
        "since": date(2023, 9, 6),
        "until": None,
    }
    publish = overrides.pop("publish", True)
    data.update(overrides)
    return registers.manager_record(
        dataset=dataset, data=registers.ManagerData(**data), publish=publish
    )


def make_asset(dataset: Dataset, code: str = "08-ام-0001", **overrides: Any) -> Asset:
    data: dict[str, Any] = {
        "asset_code": code,
        "asset_type": AssetType.BUILDING,
        "title": "ساختمان مرکز توانبخشی بم",
        "ownership": AssetOwnership.OWNED,
        "current_use": "مرکز توانبخشی روزانه",
        "area": 1250,
        "province": "کرمان",
        "county": "بم",
        "value": 85_000_000_000,
        "value_public": True,
    }
    publish = overrides.pop("publish", True)
    data.update(overrides)
    return registers.asset_record(
        dataset=dataset, data=registers.AssetData(**data), publish=publish
    )


def make_donation(dataset: Dataset, number: str = "R-1", **overrides: Any) -> Donation:
    data: dict[str, Any] = {
        "receipt_number": number,
        "received_on": date(2024, 6, 1),
        "channel": DonationChannel.ONLINE,
        "purpose": DonationPurpose.HOUSING,
        "amount": 50_000_000,
    }
    publish = overrides.pop("publish", True)
    data.update(overrides)
    return registers.donation_record(
        dataset=dataset, data=registers.DonationData(**data), publish=publish
    )


def make_hiring(dataset: Dataset, number: str = "1403-01", **overrides: Any) -> HiringAnnouncement:
    data: dict[str, Any] = {
        "number": number,
        "title": "استخدام مددکار اجتماعی",
        "unit_name": "اداره کل بهزیستی استان زنجان",
        "positions": 12,
        "announced_on": date(2024, 5, 1),
        "applications_close_on": date(2024, 5, 20),
        "status": HiringStatus.OPEN,
    }
    publish = overrides.pop("publish", True)
    data.update(overrides)
    return registers.hiring_record(
        dataset=dataset, data=registers.HiringData(**data), publish=publish
    )


def csv_file(header: list[str], *rows: list[str]) -> bytes:
    lines = [",".join(header), *(",".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def do_import(world, dataset: Dataset, content: bytes, username: str = "hq_officer"):  # type: ignore[no-untyped-def]
    user = world.users[username]
    return batch_import(
        actor=user, scope=scope_for_user(user), dataset=dataset, content=content, filename="f.csv"
    )


def publish(world, batch, username: str = "hq_manager"):  # type: ignore[no-untyped-def]
    assert batch.state == BatchState.DRAFT, batch.errors
    user = world.users[username]
    return batch_publish(actor=user, scope=scope_for_user(user), batch=batch)


def withdraw(world, record: Any, reason: str = "Recorded twice by mistake.") -> Any:
    user = world.users["hq_manager"]
    return record_withdraw(actor=user, scope=scope_for_user(user), record=record, reason=reason)


# Files in the editors' terms: Persian headings, Persian words for choices, Jalali dates.
MANAGER_HEADER = ["نام و نام خانوادگی", "سمت", "واحد", "از تاریخ"]
ASSET_HEADER = [
    *("شماره اموال", "نوع دارایی", "عنوان", "مساحت", "استان", "شهرستان"),
    *("نوع مالکیت", "کاربری فعلی", "ارزش (ریال)", "انتشار ارزش"),
]
DONATION_HEADER = [
    *("شماره رسید", "تاریخ دریافت", "روش پرداخت", "محل مصرف", "مبلغ (ریال)"),
    *("مایل به ذکر نام", "نام نیکوکار"),
]
HIRING_HEADER = [
    *("شماره آگهی", "عنوان", "واحد", "ظرفیت", "تاریخ انتشار آگهی", "مهلت ثبت نام"),
    *("تاریخ آزمون", "تاریخ اعلام نتایج", "وضعیت"),
]


def asset_row(
    code: str, *, value: str = "85000000000", public: str = "بله", **kw: str
) -> list[str]:
    return [
        code,
        kw.get("type", "ساختمان"),
        kw.get("title", "ساختمان اداره کل"),
        "۱۲۵۰",
        "کرمان",
        "بم",
        kw.get("ownership", "ملکی"),
        kw.get("use", "اداری"),
        value,
        public,
    ]


# ---------------------------------------------------------------- writers


def test_manager_writer_is_idempotent_on_unit_position_and_name(world) -> None:
    dataset = register_dataset(DatasetCategory.MANAGERS, "P08")
    first = make_manager(dataset, full_name="مريم احمدي", publish=False)  # Arabic yeh
    again = make_manager(dataset, full_name="مریم احمدی", since=date(2023, 10, 1))
    assert first.pk == again.pk and Manager.objects.count() == 1
    again.refresh_from_db()
    assert again.full_name == "مریم احمدی" and again.since == date(2023, 10, 1)
    assert again.record_key == "اداره کل بهزیستی استان کرمان|مدیر کل|مریم احمدی"
    assert again.org_unit.code == "P08" and again.scope_province_id == again.org_unit_id
    assert again.state == RecordState.PUBLISHED and again.published_at is not None


def test_manager_writer_refuses_a_term_ending_before_it_starts_and_other_datasets(world) -> None:
    dataset = register_dataset(DatasetCategory.MANAGERS)
    with pytest.raises(ApplicationError) as error:
        make_manager(dataset, until=date(2020, 1, 1))
    assert error.value.code == "manager_invalid"
    with pytest.raises(ApplicationError) as error:
        make_manager(register_dataset(DatasetCategory.ASSETS))
    assert error.value.code == "dataset_wrong_category"
    assert Manager.objects.count() == 0


def test_manager_model_has_no_personal_fields_beyond_name_and_position() -> None:
    fields = {f.name for f in Manager._meta.get_fields()}
    assert {"full_name", "position", "unit_name", "since", "until"} <= fields
    assert not fields & {"national_code", "mobile", "phone", "email", "address", "birth_date"}


def test_asset_writer_keeps_the_value_but_publishes_it_only_when_public(world) -> None:
    dataset = register_dataset(DatasetCategory.ASSETS, "P08")
    hidden = make_asset(dataset, "۰۸-ام-۰۰۰۲", value=9_000_000_000, value_public=False)
    assert hidden.asset_code == "08-ام-0002"  # digits unified
    assert hidden.value == 9_000_000_000 and hidden.public_value is None
    shown = make_asset(dataset, "08-ام-0003")
    assert shown.public_value == 85_000_000_000
    rows = {row[0]: row[9] for row in asset_export_rows(filters=AssetFilters())}
    assert rows == {"08-ام-0002": None, "08-ام-0003": 85_000_000_000}
    assert "9000000000" not in hidden.search_text
    with pytest.raises(ApplicationError):
        make_asset(dataset, "08-ام-0004", asset_type="castle")


def test_donation_writer_drops_an_anonymous_donors_name(world) -> None:
    dataset = register_dataset(DatasetCategory.DONATIONS)
    anonymous = make_donation(dataset, "R-1", donor_named=False, donor_name="حسن کریمی")
    named = make_donation(dataset, "R-2", donor_named=True, donor_name="بنياد خيريه مهر")
    anonymous.refresh_from_db()
    assert anonymous.donor_name == "" and "کریمی" not in anonymous.search_text
    assert named.donor_name == "بنیاد خیریه مهر" and "مهر" in named.search_text
    assert not Donation.objects.filter(donor_name__contains="کریمی").exists()
    assert anonymous.month == 140303  # 1403/03/12
    with pytest.raises(ApplicationError) as error:
        make_donation(dataset, "R-3", donor_named=True, donor_name=" ")
    assert error.value.code == "donation_donor_name_missing"


def test_the_database_refuses_a_name_for_an_anonymous_donor(world) -> None:
    donation = make_donation(register_dataset(DatasetCategory.DONATIONS))
    donation.donor_name = "حسن کریمی"
    with pytest.raises(IntegrityError):
        donation.save(update_fields=["donor_name"])


def test_hiring_writer_requires_stages_in_order_and_a_date_for_results(world) -> None:
    dataset = register_dataset(DatasetCategory.HIRING, "P19")
    with pytest.raises(ApplicationError):
        make_hiring(dataset, exam_on=date(2024, 5, 10))  # before applications close
    with pytest.raises(ApplicationError):
        make_hiring(dataset, status=HiringStatus.RESULTS)  # results without their date
    with pytest.raises(ApplicationError):
        make_hiring(dataset, results_url="javascript:alert(1)")
    announcement = make_hiring(
        dataset,
        "۱۴۰۳-۰۱",
        status=HiringStatus.RESULTS,
        exam_on=date(2024, 6, 15),
        results_on=date(2024, 7, 20),
        results_url="https://behzisti.example/results.pdf",
    )
    assert announcement.number == "1403-01" and announcement.org_unit.code == "P19"
    assert HiringAnnouncement.objects.count() == 1


# ---------------------------------------------------------------- imports and publishing


def test_a_managers_file_is_public_only_after_another_person_publishes_it(world) -> None:
    dataset = register_dataset(DatasetCategory.MANAGERS, "P08")
    content = csv_file(
        MANAGER_HEADER,
        ["مریم احمدی", "مدیر کل", "اداره کل بهزیستی استان کرمان", "۱۴۰۲/۰۶/۱۵"],
        ["علي كريمي", "معاون توانبخشی", "اداره کل بهزیستی استان کرمان", "1401/01/20"],
    )
    batch = do_import(world, dataset, content)
    assert batch.state == BatchState.DRAFT, batch.errors
    assert batch.created == 2
    assert list(manager_list(filters=ManagerFilters())) == []
    publish(world, batch)
    names = {m.full_name for m in manager_list(filters=ManagerFilters())}
    assert names == {"مریم احمدی", "علی کریمی"}
    assert Manager.objects.get(full_name="مریم احمدی").since == date(2023, 9, 6)


@pytest.mark.parametrize(
    ("category", "header", "row"),
    [
        (
            DatasetCategory.MANAGERS,
            MANAGER_HEADER,
            ["مریم احمدی", "مدیر کل", "ستاد", "1402/06/15"],
        ),
        (DatasetCategory.ASSETS, ASSET_HEADER, asset_row("00-1")),
        (
            DatasetCategory.DONATIONS,
            DONATION_HEADER,
            ["R-1", "1403/03/12", "درگاه اینترنتی", "مسکن", "۵۰٬۰۰۰٬۰۰۰", "خیر", ""],
        ),
        (
            DatasetCategory.HIRING,
            HIRING_HEADER,
            ["1403-01", "استخدام مددکار", "ستاد", "12", "1403/02/12", "1403/02/31", "", "", "باز"],
        ),
    ],
)
def test_importing_the_same_file_again_changes_nothing(world, category, header, row) -> None:
    """What a row parses to and what the record gives back compare equal, optional and
    missing columns included, so an unchanged row is never a correction."""
    dataset = register_dataset(category)
    content = csv_file(header, row)
    publish(world, do_import(world, dataset, content))
    again = do_import(world, dataset, content)
    assert again.state == BatchState.UNCHANGED, again.errors
    assert (again.created, again.corrected, again.unchanged) == (0, 0, 1)


def test_an_asset_correction_is_public_but_a_private_value_never_is(world) -> None:
    dataset = register_dataset(DatasetCategory.ASSETS)
    publish(
        world, do_import(world, dataset, csv_file(ASSET_HEADER, asset_row("00-1", public="خیر")))
    )
    asset = Asset.objects.get()
    assert asset.value_public is False and asset.ownership == AssetOwnership.OWNED
    corrected = asset_row("00-1", public="خیر", value="90000000000", use="مرکز توانبخشی")
    batch = do_import(world, dataset, csv_file(ASSET_HEADER, corrected))
    assert batch.corrected == 1
    publish(world, batch)
    asset.refresh_from_db()
    assert asset.value == 90_000_000_000 and asset.current_use == "مرکز توانبخشی"
    # Staff and the stored note keep both changes; the public note only the use.
    (stored,) = record_revisions(category="assets", record_id=asset.pk)
    assert set(stored.changes) == {"value", "current_use"}
    (note,) = register_revisions(category="assets", record=asset_get_public(asset_id=asset.pk))
    assert set(note.changes) == {"current_use"}
    assert note.changes["current_use"] == ["اداری", "مرکز توانبخشی"]


def test_an_anonymous_donors_name_in_a_file_is_never_stored(world) -> None:
    dataset = register_dataset(DatasetCategory.DONATIONS)
    row = ["R-7", "1403/03/12", "واریز بانکی", "ازدواج", "20000000", "خیر", "حسن کریمی"]
    publish(world, do_import(world, dataset, csv_file(DONATION_HEADER, row)))
    donation = Donation.objects.get()
    assert donation.donor_named is False and donation.donor_name == ""
    # A later file with a new amount and the name again: the pending correction has no name.
    row[4] = "25000000"
    batch = do_import(world, dataset, csv_file(DONATION_HEADER, row))
    revision = Revision.objects.get(batch=batch)
    assert revision.values["donor_name"] == "" and "donor_name" not in revision.changes
    publish(world, batch)
    assert not Donation.objects.filter(search_text__contains="کریمی").exists()
    assert donation_list(filters=DonationFilters(q="کریمی")).count() == 0
    exported = list(donation_export_rows(filters=DonationFilters()))
    assert "حسن کریمی" not in repr(exported) and "حسن کریمی" not in repr(
        list(Revision.objects.values())
    )


def test_a_donor_who_stops_being_named_disappears_from_the_notes(world) -> None:
    dataset = register_dataset(DatasetCategory.DONATIONS)
    row = ["R-8", "1403/03/12", "نقدی", "درمان", "20000000", "بله", "طاهره نیک‌نام"]
    publish(world, do_import(world, dataset, csv_file(DONATION_HEADER, row)))
    row[4] = "30000000"
    publish(world, do_import(world, dataset, csv_file(DONATION_HEADER, row)))
    donation = Donation.objects.get()
    assert donation.donor_name == "طاهره نیک‌نام"
    row[5], row[6] = "خیر", ""
    publish(world, do_import(world, dataset, csv_file(DONATION_HEADER, row)))
    donation.refresh_from_db()
    assert donation.donor_name == "" and donation.donor_named is False
    notes = register_revisions(category="donations", record=donation)
    assert [list(n.changes) for n in notes] == [["donor_named"], ["amount"]]
    assert "نیک" not in repr(list(Revision.objects.values("values", "changes")))


def test_a_hiring_file_with_stages_out_of_order_is_refused_row_by_row(world) -> None:
    dataset = register_dataset(DatasetCategory.HIRING)
    good = ["1403-01", "استخدام", "ستاد", "12", "1403/02/12", "1403/02/31", "", "", "باز"]
    early_exam = [
        "1403-02",
        "استخدام",
        "ستاد",
        "3",
        "1403/02/12",
        "1403/02/31",
        "1403/02/20",
        "",
        "باز",
    ]
    no_date = ["1403-03", "استخدام", "ستاد", "3", "1403/02/12", "1403/02/31", "", "", "اعلام نتایج"]
    zero = ["1403-04", "استخدام", "ستاد", "0", "1403/02/12", "1403/02/31", "", "", "closed"]
    batch = do_import(world, dataset, csv_file(HIRING_HEADER, good, early_exam, no_date, zero))
    assert batch.state == BatchState.REFUSED
    assert {(e["row"], e["column"]) for e in batch.errors} == {
        (3, "exam_on"),
        (4, "results_on"),
        (5, "positions"),
    }
    assert HiringAnnouncement.objects.count() == 0


def test_a_withdrawn_record_leaves_the_lists_but_keeps_its_page_and_reason(world) -> None:
    dataset = register_dataset(DatasetCategory.HIRING)
    announcement = make_hiring(dataset)
    withdraw(world, announcement, "Announced by mistake; see 1403-02.")
    assert list(hiring_list(filters=HiringFilters())) == []
    page = hiring_get_public(announcement_id=announcement.pk)
    assert page.state == RecordState.WITHDRAWN
    assert page.withdrawn_reason == "Announced by mistake; see 1403-02."


# ---------------------------------------------------------------- public searches


def test_only_published_records_of_published_datasets_are_public(world) -> None:
    public = register_dataset(DatasetCategory.DONATIONS, "P08")
    hidden = register_dataset(DatasetCategory.DONATIONS, "P10", published=False)
    listed = make_donation(public, "R-1")
    draft = make_donation(public, "R-2", publish=False)
    unpublished = make_donation(hidden, "R-3")
    assert [d.pk for d in donation_list(filters=DonationFilters())] == [listed.pk]
    assert donation_totals(filters=DonationFilters()).count == 1
    for record in (draft, unpublished):
        with pytest.raises(NotFoundError):
            donation_get_public(donation_id=record.pk)
    with pytest.raises(NotFoundError):
        manager_get_public(manager_id=make_manager(register_dataset("managers"), publish=False).pk)


@pytest.mark.parametrize(
    ("category", "build", "lister", "filters", "queries"),
    [
        (
            DatasetCategory.MANAGERS,
            lambda d: make_manager(d, full_name="یاسر كاظمي", position="معاون ۲"),
            manager_list,
            ManagerFilters,
            ("کاظمی", "كاظمي", "معاون 2", "معاون ٢"),
        ),
        (
            DatasetCategory.ASSETS,
            lambda d: make_asset(d, "۰۸-ام-۰۱۲", title="ساختمان کارگاه"),
            asset_list,
            AssetFilters,
            ("كارگاه", "08-ام-012", "٠٨-ام-٠١٢", "بم"),
        ),
        (
            DatasetCategory.DONATIONS,
            lambda d: make_donation(d, "R-1403-77", donor_named=True, donor_name="بنیاد یاری"),
            donation_list,
            DonationFilters,
            ("ياري", "r-۱۴۰۳-۷۷", "R-1403-77"),
        ),
        (
            DatasetCategory.HIRING,
            lambda d: make_hiring(d, "۱۴۰۳-۰۹", title="جذب کاردرمانگر"),
            hiring_list,
            HiringFilters,
            ("كاردرمانگر", "1403-09", "۱۴۰۳-۰۹"),
        ),
    ],
)
def test_search_matches_persian_and_arabic_letters_and_any_digits(
    world, category, build, lister, filters, queries
) -> None:
    dataset = register_dataset(category)
    record = build(dataset)
    for q in queries:
        assert [r.pk for r in lister(filters=filters(q=q))] == [record.pk], q
    assert list(lister(filters=filters(q="ناموجود"))) == []


def test_manager_filters_by_tenure_and_publisher_and_sorts(world) -> None:
    kerman = register_dataset(DatasetCategory.MANAGERS, "P08")
    zanjan = register_dataset(DatasetCategory.MANAGERS, "P19")
    current = make_manager(kerman, full_name="الف", since=date(2022, 1, 1))
    former = make_manager(kerman, full_name="ب", since=date(2019, 1, 1), until=date(2021, 12, 31))
    other = make_manager(zanjan, full_name="پ", since=date(2023, 1, 1))

    def pks(**kw: Any) -> list[int]:
        return [m.pk for m in manager_list(filters=ManagerFilters(**kw))]

    assert pks() == [other.pk, current.pk, former.pk]
    assert pks(sort="since") == [former.pk, current.pk, other.pk]
    assert pks(tenure="current") == [other.pk, current.pk]
    assert pks(tenure="former") == [former.pk]
    assert pks(publisher="P08", sort="full_name") == [current.pk, former.pk]


def test_asset_filters_and_counts_per_type(world) -> None:
    dataset = register_dataset(DatasetCategory.ASSETS, "P08")
    make_asset(dataset, "A-1", area=100)
    make_asset(dataset, "A-2", area=900, ownership=AssetOwnership.ENDOWED)
    make_asset(dataset, "A-3", asset_type=AssetType.VEHICLE, area=None, title="آمبولانس")
    make_asset(dataset, "A-4", asset_type=AssetType.LAND, area=5000, publish=False)

    def codes(**kw: Any) -> list[str]:
        return [a.asset_code for a in asset_list(filters=AssetFilters(**kw))]

    assert codes() == ["A-1", "A-2", "A-3"]
    assert codes(sort="-area") == ["A-2", "A-1", "A-3"]  # no area last
    assert codes(asset_type=AssetType.VEHICLE) == ["A-3"]
    assert codes(ownership=AssetOwnership.ENDOWED) == ["A-2"]
    counts = [(c.asset_type, c.count) for c in asset_type_counts(filters=AssetFilters())]
    assert counts == [("building", 2), ("vehicle", 1)]  # the draft land is not counted
    assert [c.count for c in asset_type_counts(filters=AssetFilters(q="آمبولانس"))] == [1]


def test_donation_filters_and_totals_per_month_and_purpose(world) -> None:
    dataset = register_dataset(DatasetCategory.DONATIONS, "P19")
    make_donation(dataset, "R-1", received_on=date(2024, 6, 1), amount=10_000_000)
    make_donation(dataset, "R-2", received_on=date(2024, 6, 15), amount=30_000_000)
    make_donation(
        dataset,
        "R-3",
        received_on=date(2024, 8, 1),
        amount=5_000_000,
        purpose=DonationPurpose.ELDERLY,
        channel=DonationChannel.CASH,
    )
    totals = donation_totals(filters=DonationFilters())
    assert [(t.key, t.count, t.amount) for t in totals.by_month] == [
        (140303, 2, 40_000_000),
        (140305, 1, 5_000_000),
    ]
    assert totals.by_month[0].label == "خرداد ۱۴۰۳"
    assert [(t.key, t.amount) for t in totals.by_purpose] == [
        ("housing", 40_000_000),
        ("elderly", 5_000_000),
    ]
    assert (totals.count, totals.amount) == (3, 45_000_000)

    def numbers(**kw: Any) -> list[str]:
        return [d.receipt_number for d in donation_list(filters=DonationFilters(**kw))]

    assert numbers() == ["R-3", "R-2", "R-1"]
    assert numbers(sort="-amount") == ["R-2", "R-1", "R-3"]
    assert numbers(channel=DonationChannel.CASH) == ["R-3"]
    assert numbers(purpose=DonationPurpose.HOUSING, sort="received_on") == ["R-1", "R-2"]
    assert numbers(received_from=date(2024, 6, 10), received_to=date(2024, 7, 1)) == ["R-2"]
    assert numbers(amount_min=6_000_000, amount_max=20_000_000) == ["R-1"]
    filtered = donation_totals(filters=DonationFilters(purpose=DonationPurpose.ELDERLY))
    assert (filtered.count, filtered.amount) == (1, 5_000_000)


def test_hiring_filters_by_status_and_announcement_dates(world) -> None:
    dataset = register_dataset(DatasetCategory.HIRING)
    spring = make_hiring(
        dataset, "1", announced_on=date(2024, 4, 1), applications_close_on=date(2024, 4, 20)
    )
    summer = make_hiring(
        dataset,
        "2",
        announced_on=date(2024, 7, 1),
        applications_close_on=date(2024, 7, 20),
        status=HiringStatus.CLOSED,
        positions=40,
    )

    def pks(**kw: Any) -> list[int]:
        return [h.pk for h in hiring_list(filters=HiringFilters(**kw))]

    assert pks() == [summer.pk, spring.pk]
    assert pks(status=HiringStatus.OPEN) == [spring.pk]
    assert pks(announced_from=date(2024, 6, 1)) == [summer.pk]
    assert pks(announced_to=date(2024, 6, 1)) == [spring.pk]
    assert pks(sort="announced_on") == [spring.pk, summer.pk]


# ---------------------------------------------------------------- demo


def test_demo_is_deterministic_idempotent_and_keeps_donors_private(world) -> None:
    created = seed_registers_demo()
    counts = [m.objects.count() for m in (Manager, Asset, Donation, HiringAnnouncement)]
    assert created == sum(counts) == 20 + 60 + 210 + 8
    assert counts == [20, 60, 210, 8]
    assert seed_registers_demo() == 0
    assert [m.objects.count() for m in (Manager, Asset, Donation, HiringAnnouncement)] == counts
    assert Revision.objects.filter(state="published").count() == 1
    assert Donation.objects.filter(state=RecordState.WITHDRAWN).count() == 1
    named = Donation.objects.filter(donor_named=True).count()
    assert 0 < named < counts[2] // 4
    assert not Donation.objects.filter(donor_named=False).exclude(donor_name="").exists()
    assert {d.org_unit.code for d in Dataset.objects.filter(category="managers")} == {
        "HQ",
        "P08",
        "P19",
    }
    assert (
        Dataset.objects.filter(
            category__in=("managers", "assets", "donations", "hiring"), is_published=True
        ).count()
        == 12
    )
