"""The public-kinds seam (cases.public): modules register how their cases are shown to the
person; one inbox lists a citizen's cases of every module, one lookup finds any module's case by
tracking code + the mobile given (or the secret), with the watchdog's checks."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from chatr.accounts.models import User
from chatr.cases import public
from chatr.cases.models import Case
from chatr.cases.public import (
    TRACK_LIMIT,
    case_public,
    case_track_public,
    cases_for_citizen,
    public_kind_for,
    register_case_kind_public,
)
from chatr.cases.services import case_open
from chatr.core.errors import ApplicationError
from chatr.core.tracking import generate_tracking_code
from chatr.demo.world import World

pytestmark = pytest.mark.django_db

MOBILE = "+989121234567"
OTHER_MOBILE = "+989351112233"
KINDS = {
    "watchdog.message": "Complaints and suggestions (Watchdog)",
    "eservices.request": "Service request",
    "registry.change": "Household change request",
    "centers.principle": "Licence application (principle agreement)",
    "centers.activity": "Licence application (activity licence)",
}


def open_kind(world: World, kind: str, **extra: Any) -> Case:
    extra.setdefault("contact_mobile", "" if extra.get("is_anonymous") else MOBILE)
    return case_open(
        kind=kind,
        unit=world.unit("P19"),
        channel="web",
        subject="درخواست",
        deadline_days=10,
        **extra,
    ).case


@pytest.fixture
def other_citizen(db: None) -> User:
    return User.objects.create_user(mobile=OTHER_MOBILE, full_name="Reza Karimi", is_staff=False)


def test_every_module_registers_its_kinds_with_its_own_label() -> None:
    with translation.override("en"):
        labels = {kind: str(public_kind_for(kind).label) for kind in KINDS}  # type: ignore[union-attr]
    assert labels == KINDS


def test_registering_a_kind_again_replaces_it(monkeypatch) -> None:
    monkeypatch.setattr(public, "_KINDS", dict(public._KINDS))
    register_case_kind_public("tests.kind", label="A", citizen_url=lambda case: "/a/")
    register_case_kind_public("tests.kind", label="B", citizen_url=lambda case: "/b/")
    entry = public_kind_for("tests.kind")
    assert entry is not None and entry.label == "B"
    assert [k.kind for k in public.public_kinds()].count("tests.kind") == 1


def test_a_case_is_shown_with_its_module_label_status_and_page(world: World) -> None:
    case = open_kind(world, "eservices.request", requester=world.citizen)
    with translation.override("en"):
        shown = case_public(case)
        assert str(shown.kind_label) == "Service request"
        assert str(shown.status_label) == "Submitted"
    assert shown.url == f"/services/my/{case.tracking_code}/"
    assert shown.tracking_code == case.tracking_code
    assert shown.filed_at == case.filed_at
    with translation.override("fa"):
        assert str(case_public(case).status_label) != "Submitted"


def test_a_module_may_give_its_own_public_status(world: World, monkeypatch) -> None:
    monkeypatch.setattr(public, "_KINDS", dict(public._KINDS))
    register_case_kind_public(
        "registry.change",
        label="Change",
        citizen_url=lambda case: "/registry/my/",
        public_status=lambda case: f"custom {case.state}",
    )
    case = open_kind(world, "registry.change", requester=world.citizen)
    assert case_public(case).status_label == f"custom {case.state}"


def test_the_citizen_sees_only_their_own_cases_of_every_module_newest_first(
    world: World, other_citizen: User
) -> None:
    mine = [open_kind(world, kind, requester=world.citizen) for kind in KINDS]
    open_kind(world, "eservices.request", requester=other_citizen, contact_mobile=OTHER_MOBILE)
    # Filed by an officer for someone with the citizen's mobile: contact details prove nothing.
    open_kind(world, "registry.change", filed_by=world.users["zanjan_officer"])
    listed = list(cases_for_citizen(user=world.citizen))
    assert [c.pk for c in listed] == [c.pk for c in reversed(mine)]
    assert {c.kind for c in listed} == set(KINDS)
    assert [c.requester_id for c in cases_for_citizen(user=other_citizen)] == [other_citizen.pk]


def test_kinds_no_module_shows_are_left_out(world: World, monkeypatch) -> None:
    open_kind(world, "registry.change", requester=world.citizen)
    monkeypatch.setattr(
        public, "_KINDS", {k: v for k, v in public._KINDS.items() if k != "registry.change"}
    )
    assert list(cases_for_citizen(user=world.citizen)) == []


def test_an_anonymous_visitor_has_no_inbox() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert list(cases_for_citizen(user=AnonymousUser())) == []


def test_tracking_finds_any_modules_case_with_the_mobile_given(world: World) -> None:
    for kind in KINDS:
        case = open_kind(world, kind, requester=world.citizen)
        found = case_track_public(code=case.tracking_code, mobile="0912 123 4567", client_key="ip")
        assert (found.kind, found.tracking_code) == (kind, case.tracking_code)


def test_an_anonymous_report_is_tracked_with_its_secret(world: World) -> None:
    opened = case_open(
        kind="watchdog.message",
        unit=world.unit("P19"),
        channel="web",
        subject="گزارش",
        deadline_days=10,
        is_anonymous=True,
    )
    found = case_track_public(
        code=opened.case.tracking_code, secret=opened.secret or "", client_key="ip"
    )
    assert found.kind == "watchdog.message"


def _refusal(**kw: Any) -> tuple[str, int, str]:
    with pytest.raises(ApplicationError) as caught:
        case_track_public(client_key="ip", **kw)
    return caught.value.code, caught.value.status, caught.value.message_en


def test_a_wrong_mobile_an_unknown_code_and_a_hidden_kind_give_the_same_answer(
    world: World, monkeypatch
) -> None:
    case = open_kind(world, "eservices.request", requester=world.citizen)
    hidden = open_kind(world, "registry.change", requester=world.citizen)
    unknown = generate_tracking_code()
    while Case.objects.filter(tracking_code=unknown).exists():
        unknown = generate_tracking_code()
    wrong_mobile = _refusal(code=case.tracking_code, mobile=OTHER_MOBILE)
    wrong_secret = _refusal(code=case.tracking_code, secret="ACDEFGHJ")
    no_check = _refusal(code=case.tracking_code)
    unknown_code = _refusal(code=unknown, mobile=MOBILE)
    monkeypatch.setattr(
        public, "_KINDS", {k: v for k, v in public._KINDS.items() if k != "registry.change"}
    )
    hidden_kind = _refusal(code=hidden.tracking_code, mobile=MOBILE)
    assert wrong_mobile == wrong_secret == no_check == unknown_code == hidden_kind
    assert wrong_mobile[:2] == ("case_not_found", 404)


def test_a_mistyped_code_is_refused_before_any_query(
    world: World, django_assert_num_queries
) -> None:
    with django_assert_num_queries(0):
        assert _refusal(code="123456789012", mobile=MOBILE)[0] == "tracking_code_mistyped"


def test_lookups_are_rate_limited_per_connection(world: World) -> None:
    case = open_kind(world, "eservices.request", requester=world.citizen)
    for _ in range(TRACK_LIMIT):
        case_track_public(code=case.tracking_code, mobile=MOBILE, client_key="10.0.0.1")
    with pytest.raises(ApplicationError) as caught:
        case_track_public(code=case.tracking_code, mobile=MOBILE, client_key="10.0.0.1")
    assert caught.value.status == 429
    # Another connection is not affected.
    case_track_public(code=case.tracking_code, mobile=MOBILE, client_key="10.0.0.2")


def test_what_tracking_returns_holds_no_personal_data(world: World) -> None:
    case = open_kind(world, "eservices.request", requester=world.citizen, contact_name="Sara")
    found = case_track_public(code=case.tracking_code, mobile=MOBILE, client_key="ip")
    values = [str(v) for v in vars(found).values()]
    assert not any(MOBILE in v or "Sara" in v or "P19" in v for v in values)
