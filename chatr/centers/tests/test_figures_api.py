"""/api/v1/centers/figures/: the three figures as JSON (scoped), ?format=csv, and refusals."""

from __future__ import annotations

from typing import Any

import pytest

from chatr.centers.tests.test_figures_reports import figures_world

pytestmark = pytest.mark.django_db

API = "/api/v1/centers/figures/"
ON = "2026-11-01"  # 1405/08/10


@pytest.fixture
def data(world: Any) -> Any:
    return figures_world(world)


def test_hq_gets_the_three_figures(world: Any, data: Any, client_for: Any) -> None:
    response = client_for("hq_manager").get(API, {"on": ON})
    assert response.status_code == 200
    body = response.json()
    assert body["on"] == ON and body["province"] is None
    ownership = {r["ownership"]: r for r in body["ownership"]["rows"]}
    assert (ownership["ngo"]["centers"], ownership["ngo"]["residents"]) == (2, 5)
    assert ownership["ngo"]["residents_share"] == 71.4
    assert ownership["state"]["label_en"] == "State-run"
    assert body["ownership"]["total"]["ownership"] is None
    assert body["ownership"]["total"]["residents_share"] == 100.0
    children = {r["province"]["code"]: r for r in body["children"]["rows"]}
    assert len(children) == 31
    assert (children["P08"]["children"], children["P08"]["national_share"]) == (3, 75.0)
    assert body["children"]["national_total"] == 4
    types = {r["province"]["code"]: r for r in body["types"]["rows"]}
    assert types["P08"]["counts"]["childrens_home"] == 2 and types["P08"]["total"] == 3
    assert len(body["types"]["types"]) == 14 and body["types"]["total"]["total"] == 4


def test_a_province_manager_gets_their_province_only(
    world: Any, data: Any, client_for: Any
) -> None:
    client = client_for("zanjan_manager")
    body = client.get(API, {"on": ON}).json()
    assert [r["province"]["code"] for r in body["children"]["rows"]] == ["P19"]
    assert body["children"]["rows"][0]["national_share"] == 25.0
    assert body["ownership"]["total"]["residents"] == 3
    assert client.get(API, {"province": "P08"}).status_code == 404
    one = client_for("hq_manager").get(API, {"on": ON, "province": "P19"}).json()
    assert one["province"]["code"] == "P19" and one["types"]["total"]["total"] == 1


def test_csv_has_the_pages_tables(world: Any, data: Any, client_for: Any) -> None:
    response = client_for("hq_manager").get(API, {"on": ON, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="centers-figures-2026-11-01.csv"' in response["Content-Disposition"]
    assert "75.0" in response.content.decode("utf-8")


def test_refusals(world: Any, client_for: Any) -> None:
    from django.test import Client

    assert Client().get(API).status_code == 401
    assert client_for("kerman_center_operator").get(API).status_code == 403
    future = client_for("hq_manager").get(API, {"on": "2099-01-01"})
    assert future.status_code == 400 and future.json()["code"] == "figures_day_future"
    assert client_for("hq_manager").get(API, {"format": "pdf"}).status_code == 422
