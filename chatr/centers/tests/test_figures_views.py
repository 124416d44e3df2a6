"""The figures page (charts with their tables, Persian digits, htmx fragment, no-JS form), the
CSV/XLSX downloads, who may open them (403 / 404 / sign-in), and the page's query count."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

from chatr.centers.tests.test_figures_reports import figures_world

pytestmark = pytest.mark.django_db

PAGE = "/centers/figures/"
EXPORT = "/centers/figures/export/"
ON = "1405/08/10"


@pytest.fixture
def data(world: Any) -> Any:
    return figures_world(world)


def test_the_urls_are_where_the_docs_say() -> None:
    assert reverse("centers:figures:page") == PAGE
    assert reverse("centers:figures:export") == EXPORT


def test_hq_sees_each_figure_as_a_chart_with_its_table(
    world: Any, data: Any, client_for: Any
) -> None:
    response = client_for("hq_manager").get(PAGE, {"on": ON})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert body.count('role="img"') == 4  # centers and residents by ownership, children, types
    for key in ("ownership", "children", "types"):
        assert f'id="table-{key}"' in body
    assert '<th scope="col">' in body and '<th scope="row">' in body and "<caption" in body
    assert "زنجان" in body and "کرمان" in body
    # Persian digits: 71.4% of the residents in NGO centers, 75% of the children in Kerman.
    assert "۷۱٫۴" in body and "۷۵٫۰" in body
    assert "format=xlsx" in body and "format=csv" in body and "on=1405%2F08%2F10" in body
    # htmx swaps the results; without script the form is a plain GET to the same page.
    assert 'method="get"' in body and 'hx-get="/centers/figures/"' in body
    assert 'id="figures-results"' in body


def test_htmx_gets_only_the_results(world: Any, data: Any, client_for: Any) -> None:
    response = client_for("hq_manager").get(PAGE, {"on": ON}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="figures-results"')
    assert "<h1" not in body and 'id="table-children"' in body
    assert "HX-Request" in response["Vary"]


def test_a_wrong_day_is_explained(world: Any, client_for: Any) -> None:
    client = client_for("hq_manager")
    page = client.get(PAGE, {"on": "1499/01/01"})
    assert page.status_code == 400
    assert "error-summary" in page.content.decode()
    # htmx swaps only 2xx answers: the fragment with the summary comes back as 200.
    fragment = client.get(PAGE, {"on": "not a day"}, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert "error-summary" in body and 'id="table-children"' not in body
    assert client.get(EXPORT, {"on": "1499/01/01", "format": "csv"}).status_code == 400


def test_a_province_manager_sees_their_province_only(
    world: Any, data: Any, client_for: Any
) -> None:
    client = client_for("zanjan_manager")
    body = client.get(PAGE, {"on": ON}).content.decode()
    assert "زنجان" in body and "کرمان" not in body
    assert 'type="hidden" name="province"' in body  # nothing to choose
    # A province outside the area is "not found", exactly like one that does not exist.
    assert client.get(PAGE, {"province": "P08"}).status_code == 404
    assert client.get(PAGE, {"province": "P99"}).status_code == 404
    assert client.get(EXPORT, {"province": "P08", "format": "csv"}).status_code == 404


def test_hq_may_look_at_one_province(world: Any, data: Any, client_for: Any) -> None:
    body = client_for("hq_manager").get(PAGE, {"on": ON, "province": "P19"}).content.decode()
    assert "کرمان" not in body.split('id="figures-results"')[1]
    assert "province=P19" in body


def test_staff_without_the_permission_are_refused_and_visitors_sign_in(
    world: Any, client_for: Any
) -> None:
    from django.test import Client

    for username in ("kerman_center_operator", "zanjan_officer", "hq_finance"):
        assert client_for(username).get(PAGE).status_code == 403
        assert client_for(username).get(EXPORT).status_code == 403
    visitor = Client().get(PAGE)
    assert visitor.status_code == 302 and "sign-in" in visitor["Location"]


def test_the_centers_nav_links_to_the_figures_for_those_who_may_open_them(
    world: Any, client_for: Any
) -> None:
    manage = reverse("centers:manage")
    assert f'href="{PAGE}"' in client_for("kerman_manager").get(manage).content.decode()
    assert f'href="{PAGE}"' not in client_for("zanjan_officer").get(manage).content.decode()
    page = client_for("kerman_manager").get(PAGE).content.decode()
    assert 'aria-current="page"' in page


def test_csv_download_has_the_tables(world: Any, data: Any, client_for: Any) -> None:
    response = client_for("hq_manager").get(EXPORT, {"on": ON, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="centers-figures-1405-08-10.csv"'
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert ["دولتی", "1", "25.0", "40", "40.0", "1", "14.3"] in rows or any(
        r[1:] == ["1", "25.0", "40", "40.0", "1", "14.3"] for r in rows
    )
    kerman = [r for r in rows if r and r[0] == "کرمان"]
    assert ["کرمان", "3", "75.0"] in kerman  # children
    assert any(len(r) == 16 and r[-1] == "3" for r in kerman)  # types: 14 types + total


def test_xlsx_download_has_one_sheet_per_table(world: Any, data: Any, client_for: Any) -> None:
    from openpyxl import load_workbook

    response = client_for("zanjan_manager").get(EXPORT, {"on": ON, "format": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.worksheets) == 3
    children = [list(r) for r in workbook.worksheets[1].iter_rows(values_only=True)]
    assert ["زنجان", 1, 25.0] in children
    assert workbook.worksheets[0].sheet_view.rightToLeft


def test_an_unknown_format_is_refused(world: Any, client_for: Any) -> None:
    assert client_for("hq_manager").get(EXPORT, {"format": "pdf"}).status_code == 400


def test_the_page_is_a_fixed_number_of_queries(
    world: Any, data: Any, client_for: Any, django_assert_num_queries: Any
) -> None:
    from chatr.centers.tests.factories import register_center
    from chatr.centers.tests.test_subsidies_support import admit, jd, person

    client = client_for("hq_manager")
    client.get(PAGE, {"on": ON})
    # session, user, scope; the form's provinces; the figures: provinces, centers and
    # residents by ownership, children, types
    with django_assert_num_queries(9):
        client.get(PAGE, {"on": ON})
    for _ in range(3):
        register_center(world.kerman_manager, world.unit("C0801"))
        admit(world.kerman_manager, data.home, person(world), jd(1405, 8, 2))
    with django_assert_num_queries(9):
        client.get(PAGE, {"on": ON})


def test_workspace_tool_is_offered_to_managers(world: Any) -> None:
    from chatr.org.scope import scope_for_user
    from chatr.ui import tools

    def urls(user: Any) -> list[str]:
        return [t.url for t in tools.tools_for(scope_for_user(user))]

    assert PAGE in urls(world.zanjan_manager)
    assert PAGE not in urls(world.kerman_center_operator)
