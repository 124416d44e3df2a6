"""The Persian catalogue: complete, well-formed, and actually used by Django at run time."""

from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django.utils.translation.reloader import translation_file_changed

from chatr.core.errors import NotFoundError

PO_PATH = Path(settings.LOCALE_PATHS[0]) / "fa" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

# %(name)s / %(count)d style and positional %s / %d; "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]+)\))?[#0 +-]*\d*(?:\.\d+)?[sdifrxXeEgGcou]")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
# Arabic yeh, alef maksura, kaf and Arabic-Indic digits: Persian uses ی, ک and ۰-۹ instead.
ARABIC_FORMS = re.compile("[\u064a\u0649\u0643\u0660-\u0669]")
PERSIAN_LETTERS = re.compile("[\u0600-\u06ff]")


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


def _pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs of an entry: one, or one per plural form."""
    if entry.msgid_plural:
        return [
            (entry.msgid if index == 0 else entry.msgid_plural, text)
            for index, text in sorted(entry.msgstr_plural.items())
        ]
    return [(entry.msgid, entry.msgstr)]


def _placeholders(text: str) -> list[str]:
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text.replace("%%", "")))


def test_catalogue_is_complete_and_not_fuzzy(catalogue: polib.POFile) -> None:
    assert catalogue.metadata["Language"] == "fa"
    assert catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert not catalogue.metadata_is_fuzzy
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1], entry.msgid
            assert all(entry.msgstr_plural.values()), entry.msgid


def test_translations_keep_placeholders_and_tags(catalogue: polib.POFile) -> None:
    problems = []
    for entry in catalogue.translated_entries():
        for source, text in _pairs(entry):
            if _placeholders(source) != _placeholders(text):
                problems.append((source, text, "placeholders"))
            if sorted(HTML_TAG.findall(source)) != sorted(HTML_TAG.findall(text)):
                problems.append((source, text, "HTML tags"))
    assert problems == []


def test_translations_use_persian_not_arabic_letters(catalogue: polib.POFile) -> None:
    offenders = [
        text
        for entry in catalogue.translated_entries()
        for _source, text in _pairs(entry)
        if ARABIC_FORMS.search(text)
    ]
    assert offenders == []


def test_compiled_catalogue_translates(catalogue: polib.POFile) -> None:
    # Built in memory from the .po, so this checks the catalogue itself whatever the state
    # of the .mo on disk; the test below checks that Django really loads the .mo.
    compiled = gettext.GNUTranslations(io.BytesIO(catalogue.to_binary()))
    assert compiled.gettext("Sign in") == "ورود"
    assert compiled.gettext("The record was not found.") == "اطلاعات موردنظر پیدا نشد."
    many = "Too many failed attempts. Try again in %(minutes)d minutes."
    one = "Too many failed attempts. Try again in %(minutes)d minute."
    assert "%(minutes)d" in compiled.ngettext(one, many, 5)


@pytest.fixture
def compiled_mo() -> None:
    """Make sure Django reads an up-to-date .mo.

    CI and `make install` run compile_translations before pytest, so normally nothing happens
    here. When the .mo is missing or older than the .po (a developer edited the .po and ran
    pytest straight away), compile it with the project's own command and then clear Django's
    translation caches with the function runserver's autoreloader uses when a .mo changes,
    rather than poking at trans_real's private attributes by hand: a catalogue loaded earlier
    in this process would otherwise keep being served.
    """
    if not MO_PATH.exists() or MO_PATH.stat().st_mtime < PO_PATH.stat().st_mtime:
        call_command("compile_translations", stdout=io.StringIO())
        translation_file_changed(sender=None, file_path=MO_PATH)


@pytest.mark.usefixtures("compiled_mo")
def test_errors_are_given_in_persian_and_english() -> None:
    error = NotFoundError()
    with translation.override("fa"):
        message_fa = error.message_fa
        message_en = error.message_en
    assert PERSIAN_LETTERS.search(message_fa), message_fa
    assert message_fa == "اطلاعات موردنظر پیدا نشد."
    assert message_en == "The record was not found."
    assert error.as_dict()["message_fa"] == message_fa
