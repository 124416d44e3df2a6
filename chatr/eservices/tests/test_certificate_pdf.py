"""The certificate PDF, read back with pypdf (no database needed)."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime

from django.utils import translation
from PIL import Image, ImageChops
from pypdf import PdfReader

from chatr.core.pdf import verification_qr_png
from chatr.eservices.certificate_pdf import CertificateContent, certificate_pdf

ISSUED_AT = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)

# The fixed wording, as printed (from the catalogue, in Persian whatever the reader's language).
VERIFY_CAPTION = "برای بررسی اصالت این گواهی، رمزینه را بخوانید یا نشانی زیر را باز کنید"
LABELS = ("کد رهگیری درخواست", "تاریخ صدور", "مرجع صدور")

CONTENT = CertificateContent(
    code="K7QM-4XPA-9RTD",
    title="گواهی پوشش بهزیستی",
    statement=(
        "بدین‌وسیله گواهی می‌شود خانم مریم رضایی تحت پوشش اداره کل بهزیستی استان زنجان قرار دارد."
    ),
    facts=[
        ("نام و نام خانوادگی", "مریم رضایی"),
        ("کد ملی", "۰۰۸۴۵۷۱۲۳۴"),
        ("شماره پرونده", "۱۲۳-۴۵۶۷۸"),
    ],
    issued_on="۱۴۰۵/۰۹/۱۲",
    issuing_unit="اداره کل بهزیستی استان زنجان",
    tracking_code="140509120042",
    verify_url="https://chatr.example/verify/K7QM-4XPA-9RTD/",
)


def render(content: CertificateContent = CONTENT) -> PdfReader:
    return PdfReader(io.BytesIO(certificate_pdf(content=content, created_at=ISSUED_AT)))


def page_text(reader: PdfReader) -> str:
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def test_certificate_shows_holder_title_organization_and_issuer():
    text = page_text(render())

    assert "مریم رضایی" in text
    assert "گواهی پوشش بهزیستی" in text
    assert "سازمان بهزیستی کشور" in text
    assert "اداره کل بهزیستی استان زنجان" in text
    assert VERIFY_CAPTION in text


def test_the_fixed_wording_is_persian_whatever_the_readers_language():
    with translation.override("en"):
        in_english = certificate_pdf(content=CONTENT, created_at=ISSUED_AT)

    assert in_english == certificate_pdf(content=CONTENT, created_at=ISSUED_AT)
    text = page_text(PdfReader(io.BytesIO(in_english)))
    assert all(label in text for label in LABELS)
    assert VERIFY_CAPTION in text
    assert "State Welfare Organization" not in text


def test_codes_and_url_are_printed_left_to_right_and_intact():
    text = page_text(render())

    assert "K7QM-4XPA-9RTD" in text
    assert "140509120042" in text
    assert "https://chatr.example/verify/K7QM-4XPA-9RTD/" in text


def test_qr_code_on_the_page_is_the_one_for_the_verify_url():
    images = render().pages[0].images
    assert len(images) == 1

    printed = images[0].image.convert("L")
    expected = Image.open(io.BytesIO(verification_qr_png(url=CONTENT.verify_url))).convert("L")
    assert printed.size == expected.size
    assert ImageChops.difference(printed, expected).getbbox() is None


def test_metadata_carries_title_and_issue_time():
    reader = render()

    assert reader.metadata is not None
    assert reader.metadata.title == "گواهی پوشش بهزیستی"
    assert reader.metadata.creation_date == ISSUED_AT


def test_downloading_again_gives_the_same_bytes():
    first = certificate_pdf(content=CONTENT, created_at=ISSUED_AT)

    assert certificate_pdf(content=CONTENT, created_at=ISSUED_AT) == first


def test_long_statement_wraps_without_losing_words():
    sentence = (
        "بدین‌وسیله گواهی می‌شود خانم مریم رضایی فرزند محمد تحت پوشش خدمات توان‌بخشی "
        "و حمایتی اداره کل بهزیستی استان زنجان قرار دارد و این گواهی بنا به درخواست "
        "ایشان برای ارائه به دانشگاه علوم پزشکی زنجان صادر شده است"
    )
    statement = f"{sentence}؛ {sentence}."
    text = page_text(render(dataclasses.replace(CONTENT, statement=statement)))

    statement_lines = [line for line in text.splitlines() if "توان‌بخشی" in line or "فرزند" in line]
    assert len(statement_lines) > 1
    for word in statement.replace("؛", " ").replace(".", " ").split():
        assert word in text
