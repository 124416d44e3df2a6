from __future__ import annotations

import io
from decimal import Decimal

from django.test import RequestFactory
from django.utils import translation
from openpyxl import load_workbook

from chatr.ui.charts import bar_chart
from chatr.ui.exports import Table, table_download

TABLES = [
    Table("by_area", "بر اساس حوزه", ["حوزه", "تعداد"], [["توانبخشی", 12], ["اجتماعی", None]]),
    Table("share", "Share: [a/b]", ["x", "%"], [["a", Decimal("12.5")]], note="estimated"),
]


def _get(query: str = "") -> object:
    return RequestFactory().get("/download/" + query)


def test_csv_has_a_bom_every_table_under_its_title_and_blank_for_missing_values() -> None:
    response = table_download(request=_get(), tables=TABLES, title="گزارش", filename="report")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffگزارش")
    assert response["Content-Disposition"] == 'attachment; filename="report.csv"'
    lines = text.splitlines()
    assert "بر اساس حوزه" in lines and "اجتماعی," in lines and "estimated" in lines


def test_xlsx_has_one_right_to_left_sheet_per_table_in_persian() -> None:
    with translation.override("fa"):
        response = table_download(
            request=_get("?format=xlsx"), tables=TABLES, title="گزارش", filename="report"
        )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["بر اساس حوزه", "Share   a b"]
    sheet = workbook["بر اساس حوزه"]
    assert sheet.sheet_view.rightToLeft
    assert [c.value for c in sheet[4]] == ["توانبخشی", 12]
    assert workbook["Share   a b"]["B4"].value == 12.5


def test_an_unknown_format_is_refused_with_a_message() -> None:
    response = table_download(request=_get("?format=pdf"), tables=TABLES, title="t", filename="f")
    assert response.status_code == 400


def test_bars_are_proportional_and_labels_sit_on_the_reading_side() -> None:
    chart = bar_chart([("الف", 10), ("ب", 5), ("ج", 0)], rtl=True, key="k")
    widths = [bar["width"] for bar in chart["bars"]]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert chart["bars"][0]["label_x"] > chart["bars"][0]["x"]  # label right of the bar in RTL
    ltr = bar_chart([("a", 10)], rtl=False)
    assert ltr["bars"][0]["label_x"] < ltr["bars"][0]["x"]
