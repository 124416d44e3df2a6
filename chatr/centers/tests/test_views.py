"""Directory pages: the public directory (filters, htmx, no-JS fallback), a center's page, the
licence check, and the staff pages (error summary, nothing lost, scope)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from chatr.centers.models import Center, Licence
from chatr.centers.tests.factories import issue_licence, register_center
from chatr.core.text import to_persian_digits

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
HTMX = {"HTTP_HX_REQUEST": "true"}


def fa(message: str) -> str:
    """The Persian the page shows for an English msgid (the msgid itself if untranslated)."""
    with translation.override("fa"):
        return translation.gettext(message)


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


# ---------------------------------------------------------------- directory


def test_directory_lists_centers_with_one_h1_and_a_live_count(
    client, kerman_center, zanjan_center
) -> None:
    response = client.get(reverse("centers:directory"))
    html = response.content.decode()
    assert response.status_code == 200
    assert h1_count(html) == 1
    assert 'id="results-count"' in html and 'role="status"' in html
    assert reverse("centers:center_detail", args=[kerman_center.pk]) in html
    assert reverse("centers:center_detail", args=[zanjan_center.pk]) in html
    assert 'for="id_province"' in html and 'for="id_county"' in html and 'for="id_name"' in html
    # The county refresh must not replace the search in the address bar.
    assert 'hx-get="/centers/counties/"' in html and 'hx-push-url="false"' in html


def test_directory_filters_by_province_and_normalized_name(
    client, kerman_center, zanjan_center
) -> None:
    html = client.get(
        reverse("centers:directory"), {"province": "P08", "name": "اميد"}
    ).content.decode()
    assert reverse("centers:center_detail", args=[kerman_center.pk]) in html
    assert reverse("centers:center_detail", args=[zanjan_center.pk]) not in html


def test_htmx_gets_the_results_and_the_count_out_of_band(client, kerman_center) -> None:
    response = client.get(reverse("centers:directory"), {"province": "P08"}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="directory-results"' in html
    assert 'hx-swap-oob="innerHTML"' in html
    assert "HX-Request" in response["Vary"]


def test_choosing_a_province_refreshes_the_county_list(client, world) -> None:
    html = client.get(reverse("centers:county_options"), {"province": "P08"}).content.decode()
    assert 'id="county-field"' in html
    assert 'value="C0801"' in html and 'value="C0802"' in html
    assert 'value="C1901"' not in html


def test_without_script_a_county_of_another_province_is_ignored(
    client, kerman_center, zanjan_center
) -> None:
    # The person changed the province but the county list was the old one (no htmx).
    response = client.get(reverse("centers:directory"), {"province": "P08", "county": "C1901"})
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("centers:center_detail", args=[kerman_center.pk]) in html
    assert 'value="C1901"' not in html  # the county list is now Kerman's


def test_directory_reads_a_fixed_number_of_queries(
    world, client, django_assert_num_queries
) -> None:
    for _ in range(3):
        register_center(world.kerman_manager, world.unit("C0801"))
    url = reverse("centers:directory")
    # provinces, counties, count, one page of centers with their places
    with django_assert_num_queries(4):
        client.get(url)
    for _ in range(6):
        register_center(world.kerman_manager, world.unit("C0802"))
    with django_assert_num_queries(4):
        client.get(url)


# ---------------------------------------------------------------- center page


def test_center_page_shows_the_licence_status_and_history(world, client, kerman_center) -> None:
    old = issue_licence(
        world.kerman_manager,
        kerman_center,
        valid_from=TODAY - timedelta(days=500),
        valid_until=TODAY - timedelta(days=1),
    )
    new = issue_licence(world.kerman_manager, kerman_center, valid_from=TODAY)
    response = client.get(reverse("centers:center_detail", args=[kerman_center.pk]))
    html = response.content.decode()
    assert h1_count(html) == 1
    assert 'data-licence-standing="in-force"' in html
    assert to_persian_digits(new.number) in html and to_persian_digits(old.number) in html
    assert 'data-status="expired"' in html and 'data-status="valid"' in html
    assert "مریم احمدی" not in html  # the manager is not public


def test_center_page_of_a_missing_center_is_404(client) -> None:
    assert client.get(reverse("centers:center_detail", args=[999999])).status_code == 404


# ---------------------------------------------------------------- licence check


def test_licence_check_with_persian_digits_shows_the_status(world, client, kerman_center) -> None:
    issue_licence(world.kerman_manager, kerman_center, number="08140300123")
    response = client.get(reverse("centers:licence_check"), {"number": "۰۸-۱۴۰۳-۰۰۱۲۳"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="valid"' in html
    assert reverse("centers:center_detail", args=[kerman_center.pk]) in html


def test_licence_check_of_an_expired_licence(world, client, kerman_center) -> None:
    issue_licence(
        world.kerman_manager,
        kerman_center,
        number="08139900001",
        valid_from=TODAY - timedelta(days=900),
        valid_until=TODAY - timedelta(days=30),
    )
    html = client.get(reverse("centers:licence_check"), {"number": "08139900001"}).content.decode()
    assert 'data-status="expired"' in html


def test_licence_check_not_found_is_said_clearly_and_keeps_the_number(client, world) -> None:
    response = client.get(reverse("centers:licence_check"), {"number": "۱۲۳۴۵"})
    html = response.content.decode()
    assert response.status_code == 404
    assert "data-error-summary" in html
    assert fa("No licence with this number was found.") in html
    assert 'value="۱۲۳۴۵"' in html


def test_licence_check_in_english(client, world) -> None:
    client.cookies["chatr_language"] = "en"
    html = client.get(reverse("centers:licence_check"), {"number": "42"}).content.decode()
    assert "No licence with this number was found." in html


def test_an_empty_licence_check_page_has_no_errors(client, world) -> None:
    html = client.get(reverse("centers:licence_check")).content.decode()
    assert "data-error-summary" not in html
    assert h1_count(html) == 1


def test_licence_checks_are_rate_limited(client, world, settings, monkeypatch) -> None:
    from chatr.centers import views

    monkeypatch.setattr(views, "LICENCE_CHECKS_PER_WINDOW", 2)
    url = reverse("centers:licence_check")
    assert client.get(url, {"number": "1"}).status_code == 404
    assert client.get(url, {"number": "2"}).status_code == 404
    assert client.get(url, {"number": "3"}).status_code == 429


# ---------------------------------------------------------------- staff


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "name_fa": "مهدکودک شکوفه",
        "name_en": "",
        "licence_type": "kindergarten",
        "ownership": "private",
        "care_mode": "day",
        "grade": "1",
        "capacity": "۸۰",
        "county": "C0802",
        "address": "رفسنجان، خیابان حافظ، پلاک ۴",
        "postal_code": "۷۷۱۸۷-۱۳۶۵۱",
        "phone": "۰۳۴ ۳۴۲۲ ۱۱۲۲",
        "manager_name": "سمیه کریمی",
        "latitude": "۳۰٫۴۰۶",
        "longitude": "55.99",
    }
    data.update(overrides)
    return data


def test_staff_register_a_center_from_the_form(client_for) -> None:
    client = client_for("kerman_manager")
    assert client.get(reverse("centers:register")).status_code == 200
    response = client.post(reverse("centers:register"), _form())
    center = Center.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("centers:manage_detail", args=[center.pk])
    assert center.capacity == 80
    assert center.phone == "03434221122"
    assert str(center.latitude) == "30.406000"
    assert center.scope_county.code == "C0802"


def test_a_refused_registration_shows_the_summary_and_keeps_every_field(client_for) -> None:
    client = client_for("kerman_manager")
    response = client.post(
        reverse("centers:register"), _form(postal_code="12", latitude="51", phone="")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "data-error-summary" in html
    assert 'href="#id_postal_code"' in html and 'href="#id_latitude"' in html
    assert 'aria-invalid="true"' in html
    for kept in ("مهدکودک شکوفه", "رفسنجان، خیابان حافظ، پلاک ۴", "سمیه کریمی", "۸۰", "55.99"):
        assert kept in html
    assert 'value="C0802" selected' in html
    assert not Center.objects.exists()


def test_the_county_list_holds_only_counties_in_scope(client_for) -> None:
    html = client_for("zanjan_officer").get(reverse("centers:register")).content.decode()
    assert 'value="C1901"' in html and 'value="C1902"' in html
    assert 'value="C0801"' not in html
    refused = client_for("zanjan_officer").post(reverse("centers:register"), _form())
    assert refused.status_code == 400
    assert not Center.objects.exists()


def test_staff_without_the_right_cannot_open_the_registration(client_for) -> None:
    assert client_for("zanjan_inspector").get(reverse("centers:register")).status_code == 403
    assert client_for("citizen").get(reverse("centers:manage")).status_code == 403


def test_editing_keeps_the_form_on_error_and_saves_when_valid(client_for, kerman_center) -> None:
    client = client_for("kerman_manager")
    url = reverse("centers:edit", args=[kerman_center.pk])
    page = client.get(url).content.decode()
    assert "مرکز توانبخشی امید کرمان" in page
    data = _form(name_fa="مرکز توانبخشی امید", licence_type="rehabilitation", status="inactive")
    del data["county"]
    refused = client.post(url, {**data, "phone": "12"})
    assert refused.status_code == 400
    assert "data-error-summary" in refused.content.decode()
    assert "مرکز توانبخشی امید" in refused.content.decode()
    saved = client.post(url, data)
    assert saved.status_code == 302
    kerman_center.refresh_from_db()
    assert kerman_center.org_unit.name_fa == "مرکز توانبخشی امید"
    assert kerman_center.status == "inactive"


def test_a_zanjan_officer_gets_404_for_a_kerman_center(client_for, kerman_center) -> None:
    client = client_for("zanjan_officer")
    for name in ("manage_detail", "edit", "licence_new"):
        assert client.get(reverse(f"centers:{name}", args=[kerman_center.pk])).status_code == 404
    assert client.post(reverse("centers:edit", args=[kerman_center.pk]), _form()).status_code == (
        404
    )
    kerman_center.refresh_from_db()
    assert kerman_center.org_unit.name_fa == "مرکز توانبخشی امید کرمان"


def test_a_center_operator_sees_their_center_but_may_not_edit(client_for, nursery) -> None:
    client = client_for("kerman_center_operator")
    page = client.get(reverse("centers:manage_detail", args=[nursery.pk])).content.decode()
    assert "شیرخوارگاه کرمان" in page
    assert reverse("centers:edit", args=[nursery.pk]) not in page
    assert client.get(reverse("centers:edit", args=[nursery.pk])).status_code == 403


def test_staff_record_a_licence_with_jalali_dates(client_for, kerman_center) -> None:
    client = client_for("kerman_manager")
    url = reverse("centers:licence_new", args=[kerman_center.pk])
    assert client.get(url).status_code == 200
    refused = client.post(
        url,
        {
            "kind": "activity_licence",
            "number": "۰۸۱۴۰۴۰۰۰۰۹",
            "issued_on": "1404/01/10",
            "valid_from": "1404/01/15",
            "valid_until": "1403/01/14",
        },
    )
    assert refused.status_code == 400
    assert 'value="۰۸۱۴۰۴۰۰۰۰۹"' in refused.content.decode()
    response = client.post(
        url,
        {
            "kind": "activity_licence",
            "number": "۰۸۱۴۰۴۰۰۰۰۹",
            "issued_on": "1404/01/10",
            "valid_from": "1404/01/15",
            "valid_until": "1407/01/14",
        },
    )
    assert response.status_code == 302
    licence = Licence.objects.get()
    assert licence.number == "08140400009"
    assert licence.valid_from.isoformat() == "2025-04-04"


def test_manage_list_reads_a_fixed_number_of_queries(
    world, client_for, django_assert_num_queries
) -> None:
    client = client_for("kerman_manager")
    for _ in range(3):
        register_center(world.kerman_manager, world.unit("C0801"))
    url = reverse("centers:manage")
    client.get(url)
    # session, user, scope, provinces, counties, count, one page of centers
    with django_assert_num_queries(7):
        client.get(url)
    for _ in range(6):
        register_center(world.kerman_manager, world.unit("C0802"))
    with django_assert_num_queries(7):
        html = client.get(url).content.decode()
    assert html.count('href="/centers/manage/') >= 9
