"""Persian PDF documents: read back with pypdf, the way a third party's tools would see them."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
import segno
from PIL import Image
from pypdf import PdfReader

from chatr.core.pdf import PersianDocument, is_left_to_right, verification_qr_png

CREATED_AT = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
HOLDER = "علی‌رضا محمدی"
CODE = "K7QM-4XPA-9RTD"
URL = "https://chatr.example/verify/K7QM-4XPA-9RTD/"


def build(*, rows: int = 3, footer: str = "") -> bytes:
    document = PersianDocument(
        title="گواهی آزمایشی", created_at=CREATED_AT, author="چتر", footer=footer
    )
    document.heading(text="سازمان بهزیستی کشور", level=2)
    document.heading(text="گواهی آزمایشی")
    document.paragraph(text=f"بدین‌وسیله گواهی می‌شود که {HOLDER} تحت پوشش است.")
    document.facts(
        rows=[("نام و نام خانوادگی", HOLDER), ("کد رهگیری", "140509120042")]
        + [(f"ردیف {n}", "مقدار آزمایشی") for n in range(rows)]
    )
    document.code_line(text=CODE)
    document.qr_block(data=URL, caption="رمزینه را بخوانید", ltr_lines=[URL, CODE])
    return document.to_bytes()


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_document_is_a_pdf_that_pypdf_reads():
    pdf = build()

    assert pdf.startswith(b"%PDF-")
    assert len(read(pdf).pages) == 1


def test_persian_text_comes_back_shaped_in_logical_order_and_codes_intact():
    text = text_of(read(build()))

    assert "سازمان بهزیستی کشور" in text
    assert "گواهی آزمایشی" in text
    assert HOLDER in text
    assert CODE in text
    assert URL in text
    assert "140509120042" in text


def test_qr_block_puts_one_image_on_the_page():
    page = read(build()).pages[0]

    assert len(page.images) == 1


def test_metadata_names_the_document_its_language_and_creator():
    reader = read(build())

    assert reader.metadata is not None
    assert reader.metadata.title == "گواهی آزمایشی"
    assert reader.metadata.author == "چتر"
    assert reader.metadata.creator == "Chatr"
    assert reader.metadata.creation_date == CREATED_AT
    assert reader.trailer["/Root"]["/Lang"] == "fa-IR"


def test_same_content_and_creation_time_give_the_same_bytes():
    assert build() == build()


def test_long_table_continues_on_a_new_page_with_the_footer_on_every_page():
    reader = read(build(rows=40, footer="پانویس آزمایشی"))

    assert len(reader.pages) > 1
    for page in reader.pages:
        assert "پانویس آزمایشی" in page.extract_text()
    text = text_of(reader)
    assert text.count("مقدار آزمایشی") == 40


def test_verification_qr_png_draws_the_modules_of_the_url():
    png = verification_qr_png(url=URL)

    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    # Decoding needs zbar; comparing the pixels with segno's own matrix for the URL proves
    # the same thing: each 4 px module is dark exactly where the QR code of the URL is.
    image = Image.open(io.BytesIO(png)).convert("L")
    expected = list(segno.make(URL, error="m").matrix_iter(scale=1, border=4))
    assert image.size == (len(expected[0]) * 4, len(expected) * 4)
    for row, modules in enumerate(expected):
        for column, dark in enumerate(modules):
            pixel = image.getpixel((column * 4 + 2, row * 4 + 2))
            assert (pixel == 0) == bool(dark)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("K7QM-4XPA-9RTD", True),
        ("https://chatr.example/verify/", True),
        ("140509120042", True),
        ("۰۰۸۴۵۷۱۲۳۴", False),
        ("مریم رضایی", False),
        ("کد K7QM", False),
    ],
)
def test_only_ascii_values_are_set_left_to_right(text, expected):
    assert is_left_to_right(text) is expected
