import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from chatr.ui import catalogue
from chatr.ui.catalogue import CatalogueEntry, catalogue_entries, register_service


@pytest.fixture(autouse=True)
def empty_registry(monkeypatch):
    monkeypatch.setattr(catalogue, "_registry", {})


def entry(key, *, title="Title", group="Group", audience="citizen", url_name="ui:home"):
    return CatalogueEntry(
        key=key,
        title=title,
        description="A service",
        url_name=url_name,
        group=group,
        audience=audience,
    )


def test_catalogue_is_empty_until_a_module_registers():
    assert catalogue_entries() == []


def test_registering_the_same_entry_twice_lists_it_once():
    register_service(entry("watchdog.complaint"))
    register_service(entry("watchdog.complaint"))

    assert [e.key for e in catalogue_entries()] == ["watchdog.complaint"]


def test_a_different_entry_under_a_taken_key_is_refused():
    register_service(entry("watchdog.complaint", title="Send a complaint"))

    with pytest.raises(ValueError, match=r"watchdog\.complaint"):
        register_service(entry("watchdog.complaint", title="Something else"))


def test_entries_are_sorted_by_group_then_title():
    register_service(entry("b2", group="B", title="Two"))
    register_service(entry("a1", group="A", title="Zebra"))
    register_service(entry("b1", group="B", title="One"))
    register_service(entry("a2", group="a", title="Apple"))

    assert [e.key for e in catalogue_entries()] == ["a2", "a1", "b1", "b2"]


def test_lazy_titles_are_sorted_in_the_active_language():
    # Django's own catalogue: «ژانویه» sorts after «مارس», "January" before "March".
    register_service(entry("jan", title=_("January")))
    register_service(entry("mar", title=_("March")))

    with translation.override("en"):
        assert [e.key for e in catalogue_entries()] == ["jan", "mar"]
    with translation.override("fa"):
        assert [e.key for e in catalogue_entries()] == ["mar", "jan"]


def test_entries_can_be_filtered_by_audience():
    register_service(entry("public", audience="citizen"))
    register_service(entry("internal", audience="staff"))

    assert [e.key for e in catalogue_entries(audience="staff")] == ["internal"]


def test_entry_url_reverses_its_url_name():
    assert entry("home", url_name="ui:home").url == "/"
