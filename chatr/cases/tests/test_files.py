"""Attachments are checked by content, not by name, and stored under neutral names."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from chatr.cases.files import check_upload, safe_name, sniff_content_type
from chatr.cases.models import CaseAttachment
from chatr.cases.services import case_attach, case_note, case_reply
from chatr.cases.tests.conftest import scope_of
from chatr.core.errors import ApplicationError

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 16
GIF87 = b"GIF87a" + b"\x01\x00\x01\x00" + b"\x00" * 16
GIF89 = b"GIF89a" + b"\x01\x00\x01\x00" + b"\x00" * 16
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 16

PHP = b"<?php system($_GET['c']); ?>"
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00"
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 16

PRIVATE_NAME = "کارت-ملی-۰۰۱۲۳۴۵۶۷۸-sara-ebrahimi"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")  # the browser's claim


def stored_files(prefix: str = "cases") -> list[str]:
    """Every file under `prefix` in the (in-memory) default storage."""
    if not default_storage.exists(prefix):
        return []
    found: list[str] = []
    folders = [prefix]
    while folders:
        folder = folders.pop()
        dirs, files = default_storage.listdir(folder)
        found += [f"{folder}/{name}" for name in files]
        folders += [f"{folder}/{name}" for name in dirs]
    return found


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (GIF87, "image/gif"),
        (GIF89, "image/gif"),
        (WEBP, "image/webp"),
    ],
)
def test_accepted_types_are_recognized_by_their_magic_bytes(content, expected) -> None:
    assert sniff_content_type(content[:16]) == expected


@pytest.mark.parametrize("content", [PHP, HTML, EXE, SVG, ZIP, WAV, b"", b"%PD", b"RIFF"])
def test_anything_else_is_not_recognized(content) -> None:
    assert sniff_content_type(content[:16]) is None


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", PHP),
        ("photo.jpg", HTML),
        ("photo.jpg", EXE),
        ("scan.pdf", HTML),
        ("image.png", SVG),
        ("empty.jpg", b""),
    ],
)
def test_a_file_renamed_to_look_like_an_image_is_refused(name, content) -> None:
    with pytest.raises(ApplicationError) as refused:
        check_upload(upload(name, content))
    assert refused.value.code == "attachment_type"
    assert name in refused.value.message_en
    assert "attachments" in refused.value.fields


def test_the_type_comes_from_the_content_not_the_name_or_the_browser() -> None:
    assert check_upload(upload("receipt.png", PDF)) == "application/pdf"
    assert check_upload(SimpleUploadedFile("x.gif", PNG, content_type="application/pdf")) == (
        "image/png"
    )


def test_checking_a_file_leaves_it_readable_from_the_start() -> None:
    file = upload("scan.pdf", PDF)
    file.read(3)
    check_upload(file)
    assert file.read() == PDF


def test_a_file_over_the_size_limit_is_refused(settings) -> None:
    settings.CHATR_MAX_UPLOAD_BYTES = 1024 * 1024
    big = upload("big.png", PNG + b"\x00" * (1024 * 1024 + 1 - len(PNG)))
    with pytest.raises(ApplicationError) as refused:
        check_upload(big)
    assert refused.value.code == "attachment_too_large"
    assert "1 MB" in refused.value.message_en


def test_a_file_exactly_at_the_limit_is_accepted(settings) -> None:
    settings.CHATR_MAX_UPLOAD_BYTES = 100
    assert check_upload(upload("a.png", PNG + b"\x00" * (100 - len(PNG)))) == "image/png"
    with pytest.raises(ApplicationError):
        check_upload(upload("a.png", PNG + b"\x00" * (101 - len(PNG))))


def test_the_default_limit_is_five_megabytes(settings) -> None:
    if hasattr(settings, "CHATR_MAX_UPLOAD_BYTES"):
        del settings.CHATR_MAX_UPLOAD_BYTES
    check_upload(upload("a.pdf", PDF + b"\x00" * (5 * 1024 * 1024 - len(PDF))))
    with pytest.raises(ApplicationError):
        check_upload(upload("a.pdf", PDF + b"\x00" * (5 * 1024 * 1024 + 1 - len(PDF))))


@pytest.mark.parametrize(
    ("content", "extension"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (JPEG, "jpg"),
        (GIF89, "gif"),
        (WEBP, "webp"),
    ],
)
def test_every_accepted_type_gets_a_neutral_name_with_its_own_extension(content, extension) -> None:
    assert safe_name(check_upload(upload("anything.bin", content))) == f"attachment.{extension}"


# --- storing on a case -----------------------------------------------------------------------


@pytest.mark.django_db
def test_attaching_stores_every_file_with_its_sniffed_type(open_case) -> None:
    case = open_case()
    saved = case_attach(case=case, files=[upload("a.jpg", JPEG), upload("b.png", PDF)])
    assert [(a.content_type, a.size) for a in saved] == [
        ("image/jpeg", len(JPEG)),
        ("application/pdf", len(PDF)),
    ]
    assert saved[1].file.name.endswith(".pdf")
    assert saved[1].original_name == "b.png"
    with saved[1].file.open("rb") as handle:
        assert handle.read() == PDF


@pytest.mark.django_db
def test_nothing_is_stored_when_one_of_several_files_is_refused(open_case) -> None:
    case = open_case()
    files_before = stored_files()
    with pytest.raises(ApplicationError) as refused:
        case_attach(
            case=case,
            files=[upload("ok.jpg", JPEG), upload("shell.jpg", PHP), upload("ok.pdf", PDF)],
        )
    assert refused.value.code == "attachment_type"
    assert not CaseAttachment.objects.filter(case=case).exists()
    assert stored_files() == files_before


@pytest.mark.django_db
def test_nothing_is_stored_when_a_later_file_is_too_large(open_case, settings) -> None:
    settings.CHATR_MAX_UPLOAD_BYTES = 64
    case = open_case()
    files_before = stored_files()
    with pytest.raises(ApplicationError) as refused:
        case_attach(
            case=case, files=[upload("ok.jpg", JPEG), upload("big.png", PNG + b"\x00" * 100)]
        )
    assert refused.value.code == "attachment_too_large"
    assert not CaseAttachment.objects.exists()
    assert stored_files() == files_before


@pytest.mark.django_db
def test_stored_file_names_never_contain_the_original_name(open_case) -> None:
    case = open_case()
    saved = case_attach(
        case=case, files=[upload(f"{PRIVATE_NAME}.jpg", JPEG), upload(f"{PRIVATE_NAME}.pdf", PDF)]
    )
    for attachment in saved:
        assert "ebrahimi" not in attachment.file.name
        assert "۰۰۱۲" not in attachment.file.name and "0012" not in attachment.file.name
        assert attachment.file.name.startswith("cases/")
        assert attachment.original_name.startswith(PRIVATE_NAME)
    assert len({a.file.name for a in saved}) == 2


@pytest.mark.django_db
def test_a_reply_with_a_refused_file_leaves_no_reply_behind(open_case) -> None:
    case = open_case()
    with pytest.raises(ApplicationError):
        case_reply(case=case, text="مدارک پیوست", files=[upload("x.jpg", HTML)])
    assert not case.events.filter(kind="reply").exists()
    assert not CaseAttachment.objects.exists()


@pytest.mark.django_db
def test_files_on_an_internal_note_are_internal(world, open_case) -> None:
    case = open_case()
    manager = world.kerman_manager
    event = case_note(
        actor=manager,
        scope=scope_of(manager),
        case=case,
        text="گزارش بازدید",
        files=[upload("visit.jpg", JPEG)],
    )
    attachment = event.attachments.get()
    assert not attachment.is_public
    assert attachment.uploaded_by == manager
