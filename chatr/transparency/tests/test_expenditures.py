"""Expenditures: the one writer (idempotent on unit, program, class and month), importing
files through the publishing machinery (review by another person, corrections), and the
public reads: filters, Persian-normalized search, sorting, totals, and what is public."""

from __future__ import annotations

from typing import Any

import pytest

from chatr.core.errors import ApplicationError, NotFoundError
from chatr.org.scope import scope_for_user
from chatr.transparency.choices import (
    BatchState,
    DatasetCategory,
    EconomicClass,
    RecordState,
    RevisionState,
)
from chatr.transparency.kinds import kind_for, show_amount
from chatr.transparency.models import Dataset, Expenditure, Revision
from chatr.transparency.selectors import record_revisions
from chatr.transparency.selectors_expenditures import (
    ExpenditureFilters,
    expenditure_export_rows,
    expenditure_get_public,
    expenditure_list,
    expenditure_publishers,
    expenditure_totals,
)
from chatr.transparency.services_expenditures import ExpenditureData, expenditure_record
from chatr.transparency.services_publishing import batch_import, batch_publish, record_withdraw
from chatr.transparency.tests.factories import make_dataset

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------- builders (also used by the
# views, API and browser tests of expenditures)


def make_expenditure_dataset(unit_code: str = "HQ", *, published: bool = True) -> Dataset:
    return make_dataset(
        unit_code,
        published=published,
        code=f"expenditures-{unit_code.lower()}",
        category=DatasetCategory.EXPENDITURES,
        title_fa=f"هزینه‌های {unit_code}",
        title_en=f"Expenditures of {unit_code}",
    )


def make_expenditure(
    dataset: Dataset,
    *,
    unit_name: str = "معاونت امور توانبخشی",
    program: str = "توانبخشی معلولان",
    economic_class: str = EconomicClass.SOCIAL_BENEFITS,
    year: int = 1403,
    month: int = 5,
    amount: int = 1_000_000_000,
    publish: bool = True,
) -> Expenditure:
    return expenditure_record(
        dataset=dataset,
        data=ExpenditureData(
            unit_name=unit_name,
            program=program,
            economic_class=economic_class,
            year=year,
            month=month,
            amount=amount,
        ),
        publish=publish,
    )


HEADER = "واحد,برنامه,طبقه‌بندی اقتصادی,سال,ماه,مبلغ (ریال)"


def csv_file(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8-sig")


def do_import(world: Any, username: str, dataset: Dataset, content: bytes) -> Any:
    user = world.users[username]
    return batch_import(
        actor=user,
        scope=scope_for_user(user),
        dataset=dataset,
        content=content,
        filename="expenditures.csv",
    )


def publish(world: Any, username: str, batch: Any) -> Any:
    user = world.users[username]
    return batch_publish(actor=user, scope=scope_for_user(user), batch=batch)


def listed(**filters: Any) -> list[Expenditure]:
    return list(expenditure_list(filters=ExpenditureFilters(**filters)))


# ---------------------------------------------------------------- the writer


def test_recording_the_same_unit_program_class_and_month_again_updates_one_record(world) -> None:
    dataset = make_expenditure_dataset("P08")
    first = make_expenditure(dataset, unit_name="اداره كل  بهزيستي", amount=5, publish=False)
    again = make_expenditure(dataset, unit_name="اداره کل بهزیستی", amount=7, publish=False)
    assert again.pk == first.pk and Expenditure.objects.count() == 1
    again.refresh_from_db()
    assert again.amount == 7
    assert again.unit_name == "اداره کل بهزیستی"  # Arabic letters and double spaces normalized
    assert again.record_key == "اداره کل بهزیستی|توانبخشی معلولان|social_benefits|1403|5"
    assert again.org_unit.code == "P08" and again.scope_province_id == again.org_unit.pk
    assert again.state == RecordState.DRAFT
    # Another month, or another class, is another record.
    make_expenditure(dataset, unit_name="اداره کل بهزیستی", month=6)
    make_expenditure(dataset, unit_name="اداره کل بهزیستی", economic_class=EconomicClass.GRANTS)
    assert Expenditure.objects.count() == 3


def test_publish_true_publishes_a_new_record_at_once(world) -> None:
    record = make_expenditure(make_expenditure_dataset("HQ"), publish=True)
    assert record.state == RecordState.PUBLISHED and record.published_at is not None


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"month": 13}, "expenditure_invalid"),
        ({"month": 0}, "expenditure_invalid"),
        ({"amount": -1}, "expenditure_invalid"),
        ({"economic_class": "bribes"}, "expenditure_invalid"),
        ({"program": "  "}, "expenditure_invalid"),
    ],
)
def test_an_invalid_expenditure_is_refused(world, overrides, code) -> None:
    with pytest.raises(ApplicationError) as error:
        make_expenditure(make_expenditure_dataset("HQ"), **overrides)
    assert error.value.code == code
    assert Expenditure.objects.count() == 0


def test_expenditures_cannot_go_into_a_contracts_dataset(world) -> None:
    with pytest.raises(ApplicationError) as error:
        make_expenditure(make_dataset("HQ"))
    assert error.value.code == "dataset_not_expenditures"


# ---------------------------------------------------------------- importing


def test_an_imported_file_becomes_public_only_when_another_person_publishes_it(world) -> None:
    dataset = make_expenditure_dataset("HQ")
    content = csv_file(
        # Persian digits, a month by its name, a class by its Persian label, Arabic yeh/kaf.
        "معاونت امور توانبخشي,توانبخشی معلولان,رفاه اجتماعی,۱۴۰۳,مرداد,۱۲۵۰۰۰۰۰۰۰",
        'معاونت امور توانبخشی,توانبخشی معلولان,subsidies,1403,6,"2,000,000,000"',
    )
    batch = do_import(world, "hq_officer", dataset, content)
    assert batch.state == BatchState.DRAFT, batch.errors
    assert batch.created == 2
    assert listed() == []  # drafts are not public
    with pytest.raises(ApplicationError) as error:
        publish(world, "hq_officer", batch)  # an editor without the reviewer's permission
    assert error.value.code in {"forbidden", "permission_denied"}

    publish(world, "hq_manager", batch)
    rows = {(e.economic_class, e.month): e for e in listed()}
    assert set(rows) == {("social_benefits", 5), ("subsidies", 6)}
    benefits = rows[("social_benefits", 5)]
    assert benefits.amount == 1_250_000_000 and benefits.year == 1403
    assert benefits.unit_name == "معاونت امور توانبخشی"
    assert benefits.record_key == kind_for(DatasetCategory.EXPENDITURES).key_of(  # type: ignore[union-attr]
        {
            "unit_name": "معاونت امور توانبخشی",
            "program": "توانبخشی معلولان",
            "economic_class": "social_benefits",
            "year": 1403,
            "month": 5,
        }
    )


def test_a_correction_changes_only_the_amount_and_keeps_the_public_note(world) -> None:
    dataset = make_expenditure_dataset("HQ")
    row = "معاونت امور توانبخشی,توانبخشی معلولان,social_benefits,1403,5,{amount}"
    publish(
        world,
        "hq_manager",
        do_import(world, "hq_officer", dataset, csv_file(row.format(amount=1_000_000))),
    )
    record = Expenditure.objects.get()
    corrected = do_import(world, "hq_officer", dataset, csv_file(row.format(amount=1_500_000)))
    assert (corrected.created, corrected.corrected) == (0, 1)
    record.refresh_from_db()
    assert record.amount == 1_000_000  # unchanged until the correction is published
    publish(world, "hq_manager", corrected)
    record.refresh_from_db()
    assert record.amount == 1_500_000 and Expenditure.objects.count() == 1
    (note,) = record_revisions(category=DatasetCategory.EXPENDITURES, record_id=record.pk)
    assert note.state == RevisionState.PUBLISHED and note.published_at is not None
    assert note.changes == {"amount": [show_amount(1_000_000), show_amount(1_500_000)]}
    again = do_import(world, "hq_officer", dataset, csv_file(row.format(amount=1_500_000)))
    assert again.state == BatchState.UNCHANGED


def test_a_file_with_bad_cells_is_refused_row_by_row(world) -> None:
    dataset = make_expenditure_dataset("HQ")
    content = csv_file(
        "واحد الف,برنامه الف,grants,1403,5,100",
        "واحد الف,برنامه الف,grants,1403,سیزدهم,100",
        "واحد الف,برنامه الف,bribes,1403,5,100",
        "واحد الف,برنامه الف,grants,88,5,100",
        "واحد الف,برنامه الف,grants,1403,6,-100",
        "واحد الف,برنامه الف,grants,1403,اردیبهشت,100",
        "واحد الف,برنامه الف,grants,1403,5,200",
    )
    batch = do_import(world, "hq_officer", dataset, content)
    assert batch.state == BatchState.REFUSED
    assert Expenditure.objects.count() == 0
    assert {(e["row"], e["column"]) for e in batch.errors} == {
        (3, "month"),
        (4, "economic_class"),
        (5, "year"),
        (6, "amount"),
        (8, "unit_name"),  # the same unit, program, class and month as row 2
    }
    messages = {e["row"]: (e["fa"], e["en"]) for e in batch.errors}
    assert "1 to 12" in messages[3][1] and messages[3][0]  # a message in each language
    assert "row 2" in messages[8][1]


# ---------------------------------------------------------------- public reads


@pytest.fixture
def spending(world) -> dict[str, Expenditure]:
    hq, kerman = make_expenditure_dataset("HQ"), make_expenditure_dataset("P08")
    hidden = make_expenditure_dataset("P10", published=False)
    return {
        "hq_may": make_expenditure(hq, month=2, amount=300),
        "hq_june": make_expenditure(
            hq, program="پیشگیری از اعتیاد", economic_class="goods_services", month=3, amount=50
        ),
        "hq_last_year": make_expenditure(hq, year=1402, month=12, amount=700),
        "kerman": make_expenditure(
            kerman, unit_name="اداره کل بهزیستی استان کرمان", month=3, amount=100
        ),
        "kerman_draft": make_expenditure(kerman, month=4, amount=9, publish=False),
        "hidden": make_expenditure(hidden, month=3, amount=11),
    }


def test_only_published_records_of_published_datasets_are_listed(spending) -> None:
    found = {e.pk for e in listed()}
    assert found == {spending[k].pk for k in ("hq_may", "hq_june", "hq_last_year", "kerman")}
    assert [u.code for u in expenditure_publishers()] == ["HQ", "P08"]
    with pytest.raises(NotFoundError):
        expenditure_get_public(expenditure_id=spending["kerman_draft"].pk)
    with pytest.raises(NotFoundError):
        expenditure_get_public(expenditure_id=spending["hidden"].pk)


def test_a_withdrawn_record_leaves_lists_and_totals_but_keeps_its_page(world, spending) -> None:
    manager = world.users["hq_manager"]
    record_withdraw(
        actor=manager,
        scope=scope_for_user(manager),
        record=spending["hq_last_year"],
        reason="ثبت تکراری؛ ردیف درست جداگانه منتشر شده است.",
    )
    assert spending["hq_last_year"].pk not in {e.pk for e in listed()}
    assert expenditure_totals(filters=ExpenditureFilters()).total == 300 + 50 + 100
    page = expenditure_get_public(expenditure_id=spending["hq_last_year"].pk)
    assert page.state == RecordState.WITHDRAWN
    assert page.withdrawn_reason.startswith("ثبت تکراری")


def test_filters_narrow_by_publisher_class_year_and_month_range(spending) -> None:
    def keys(**filters: Any) -> set[int]:
        return {e.pk for e in listed(**filters)}

    assert keys(publisher="P08") == {spending["kerman"].pk}
    assert keys(economic_class="goods_services") == {spending["hq_june"].pk}
    assert keys(year=1402) == {spending["hq_last_year"].pk}
    assert keys(year=1403, month_from=3) == {spending["hq_june"].pk, spending["kerman"].pk}
    assert keys(month_from=2, month_to=2) == {spending["hq_may"].pk}
    assert keys(publisher="P10") == set()  # an unpublished dataset's publisher shows nothing


def test_search_matches_arabic_letters_zwnj_and_every_word(spending) -> None:
    # Arabic kaf and yeh typed for «کرمان» and «بهزیستی».
    assert [e.pk for e in listed(q="كرمان")] == [spending["kerman"].pk]
    assert [e.pk for e in listed(q="بهزيستي كرمان")] == [spending["kerman"].pk]
    assert [e.pk for e in listed(q="اعتیاد")] == [spending["hq_june"].pk]
    assert listed(q="اعتیاد کرمان") == []  # every word must match
    # The key folds a ZWNJ into a space: «جامعه‌محور» and «جامعه محور» find each other.
    hq = Dataset.objects.get(code="expenditures-hq")
    zwnj = make_expenditure(hq, program="توانبخشی جامعه‌محور", month=9)
    assert [e.pk for e in listed(q="جامعه محور")] == [zwnj.pk]
    assert listed(q="جامعه\u200cمحور ۱۴۰۳") == []  # the year is a filter, not a search word
    assert [e.pk for e in listed(q="جامعه\u200cمحور")] == [zwnj.pk]


def test_sorting_by_month_or_amount(spending) -> None:
    latest = [spending[k].pk for k in ("kerman", "hq_june", "hq_may", "hq_last_year")]
    assert [e.pk for e in listed(sort="-month")] == latest  # same month: newest record first
    assert [e.pk for e in listed(sort="month")] == latest[::-1]
    assert [e.amount for e in listed(sort="-amount")] == [700, 300, 100, 50]
    assert [e.amount for e in listed(sort="amount")] == [50, 100, 300, 700]
    assert [e.pk for e in listed(sort="nonsense")] == latest  # the default order


def test_totals_sum_the_filtered_set_per_month_and_per_class(spending) -> None:
    totals = expenditure_totals(filters=ExpenditureFilters())
    assert [(m.year, m.month, m.amount) for m in totals.months] == [
        (1402, 12, 700),
        (1403, 2, 300),
        (1403, 3, 150),
    ]
    assert [(c.economic_class, c.amount) for c in totals.classes] == [
        ("goods_services", 50),
        ("social_benefits", 1100),
    ]
    assert totals.total == 1150
    kerman = expenditure_totals(filters=ExpenditureFilters(publisher="P08"))
    assert [(m.month, m.amount) for m in kerman.months] == [(3, 100)]


def test_export_rows_are_flat_tuples_of_the_same_filtered_list(spending) -> None:
    rows = list(expenditure_export_rows(filters=ExpenditureFilters(publisher="P08")))
    assert rows == [
        (
            spending["kerman"].pk,
            "P08",
            spending["kerman"].org_unit.name_fa,
            spending["kerman"].org_unit.name_en,
            "اداره کل بهزیستی استان کرمان",
            "توانبخشی معلولان",
            "social_benefits",
            1403,
            3,
            100,
        )
    ]


# ---------------------------------------------------------------- demo


def test_demo_publishes_three_datasets_with_a_correction_and_a_withdrawal(world) -> None:
    from chatr.org.services import load_reference_units
    from chatr.transparency.demo_expenditures import seed_expenditures_demo

    load_reference_units()
    created = seed_expenditures_demo()
    assert created == Expenditure.objects.count() == 720  # 14 + 8 + 8 lines × 24 months
    datasets = Dataset.objects.filter(category=DatasetCategory.EXPENDITURES, is_published=True)
    assert sorted(d.org_unit.code for d in datasets) == ["HQ", "P08", "P19"]
    months = set(Expenditure.objects.values_list("year", "month").distinct())
    assert len(months) == 24 and min(months) == (1402, 1) and max(months) == (1403, 12)
    (revision,) = Revision.objects.filter(
        category=DatasetCategory.EXPENDITURES, state=RevisionState.PUBLISHED
    )
    assert list(revision.changes) == ["amount"]
    withdrawn = Expenditure.objects.get(state=RecordState.WITHDRAWN)
    assert withdrawn.org_unit.code == "P19" and withdrawn.withdrawn_reason
    snapshot = list(Expenditure.objects.order_by("pk").values_list("pk", "amount", "state"))

    assert seed_expenditures_demo() == 0  # idempotent: nothing new, nothing undone
    assert list(Expenditure.objects.order_by("pk").values_list("pk", "amount", "state")) == (
        snapshot
    )
    assert Revision.objects.filter(category=DatasetCategory.EXPENDITURES).count() == 1
