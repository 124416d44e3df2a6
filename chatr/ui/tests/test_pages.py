from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template.loader import get_template
from django.urls import reverse
from django.views.defaults import permission_denied

from chatr.ui import catalogue
from chatr.ui.catalogue import CatalogueEntry, register_service

FOCUSABLE = {"a", "button", "input", "select", "textarea"}


class Outline(HTMLParser):
    """The parts of a page these tests look at: <html> attributes, headings, focusables."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.html_attrs: dict[str, str | None] = {}
        self.h1_count = 0
        self.in_body = False
        self.focusables: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.html_attrs = attributes
        elif tag == "body":
            self.in_body = True
        elif tag == "h1":
            self.h1_count += 1
        elif self.in_body and tag in FOCUSABLE and attributes.get("type") != "hidden":
            self.focusables.append((tag, attributes))


@pytest.fixture(autouse=True)
def empty_catalogue(monkeypatch):
    monkeypatch.setattr(catalogue, "_registry", {})


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_home_page_is_persian_and_right_to_left_by_default(client):
    response = client.get(reverse("ui:home"))

    page = Outline(response.content.decode())
    assert response.status_code == 200
    assert page.html_attrs["lang"] == "fa"
    assert page.html_attrs["dir"] == "rtl"
    assert b"bootstrap.rtl.min.css" in response.content


def test_home_page_is_english_and_left_to_right_with_the_language_cookie(english):
    response = english.get(reverse("ui:home"))

    page = Outline(response.content.decode())
    assert page.html_attrs["lang"] == "en"
    assert page.html_attrs["dir"] == "ltr"
    assert b"bootstrap.min.css" in response.content
    assert b"bootstrap.rtl.min.css" not in response.content


def test_skip_link_is_the_first_focusable_element_and_targets_main(client):
    response = client.get(reverse("ui:home"))

    tag, attrs = Outline(response.content.decode()).focusables[0]
    assert (tag, attrs["href"]) == ("a", "#main")
    assert b'<main id="main" tabindex="-1"' in response.content


def test_home_page_has_exactly_one_h1(client):
    assert Outline(client.get(reverse("ui:home")).content.decode()).h1_count == 1


def test_language_switch_offers_english_by_its_own_name_from_persian(client):
    response = client.get(reverse("ui:home") + "?q=1")

    content = response.content.decode()
    assert 'name="language" value="en" lang="en">English</button>' in content
    assert 'value="fa"' not in content
    assert 'name="next" value="/?q=1"' in content


def test_language_switch_offers_persian_by_its_own_name_from_english(english):
    content = english.get(reverse("ui:home")).content.decode()

    assert 'name="language" value="fa" lang="fa">فارسی</button>' in content


@pytest.mark.django_db
def test_language_switch_sets_the_language_cookie(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_anonymous_visitor_is_offered_both_sign_in_pages(english):
    content = english.get(reverse("ui:home")).content.decode()

    assert reverse("accounts:citizen_sign_in") in content
    assert reverse("accounts:staff_sign_in") in content
    assert reverse("accounts:sign_out") not in content


@pytest.mark.django_db
def test_home_page_reads_nothing_from_the_database_for_a_visitor(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(reverse("ui:home"))


def test_empty_catalogue_points_to_citizen_sign_in(english):
    content = english.get(reverse("ui:home")).content.decode()

    assert "Online services will appear here as they open." in content


def test_catalogue_entries_are_listed_with_a_link(english):
    register_service(
        CatalogueEntry(
            key="test.service",
            title="Send a complaint",
            description="Tell us what went wrong.",
            url_name="ui:home",
            group="Watchdog",
        )
    )

    content = english.get(reverse("ui:home")).content.decode()

    assert '<a href="/">Send a complaint</a>' in content
    assert "Tell us what went wrong." in content
    assert "Watchdog" in content


def test_page_carries_the_csrf_token_for_htmx(client):
    content = client.get(reverse("ui:home")).content.decode()

    assert '<meta name="csrf-token" content="' in content
    assert 'content=""' not in content


def test_unknown_address_gets_the_not_found_page_with_one_h1(english):
    response = english.get("/no-such-page/")

    assert response.status_code == 404
    assert Outline(response.content.decode()).h1_count == 1
    assert b"Page not found" in response.content


def test_server_error_page_needs_no_context():
    html = get_template("500.html").render()

    page = Outline(html)
    assert (page.html_attrs["lang"], page.html_attrs["dir"]) == ("fa", "rtl")
    assert page.h1_count == 1


@pytest.mark.django_db
def test_health_check_answers_ok_without_sign_in(client):
    response = client.get(reverse("ui:healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_signed_in_user_gets_workspace_link_and_a_sign_out_form(english, django_user_model):
    english.force_login(django_user_model.objects.create_user(username="operator"))

    content = english.get(reverse("ui:home")).content.decode()

    assert f'href="{reverse("accounts:landing")}"' in content
    assert f'<form method="post" action="{reverse("accounts:sign_out")}">' in content
    assert reverse("accounts:citizen_sign_in") not in content.split("<main")[0]


def test_forbidden_page_has_one_h1_and_the_layout(rf):
    response = permission_denied(rf.get("/somewhere/"), PermissionDenied())

    page = Outline(response.content.decode())
    assert response.status_code == 403
    assert page.h1_count == 1
    assert page.focusables[0][1]["href"] == "#main"


def test_a_browser_asking_for_english_still_gets_persian_until_the_person_switches(
    client, db
) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="fa"' in response.content.decode()
    client.cookies["chatr_language"] = "en"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fa")
    assert 'lang="en"' in response.content.decode()
