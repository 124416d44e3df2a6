"""Who sees which case: staff through their scope, agents what they filed, the person with
the tracking code plus their mobile (or the secret of an anonymous report)."""

from __future__ import annotations

import pytest

from chatr.cases.models import Case
from chatr.cases.selectors import case_for_person, case_get, case_queryset, case_timeline
from chatr.cases.services import case_note
from chatr.cases.tests.conftest import CONTACT_MOBILE, scope_of
from chatr.core.errors import ApplicationError, NotFoundError
from chatr.core.tracking import format_tracking_code
from chatr.org.scope import Scope
from chatr.watchdog.workflow import KIND

pytestmark = pytest.mark.django_db


def visible(user, case: Case) -> bool:
    return case_queryset(scope=scope_of(user)).filter(pk=case.pk).exists()


def mistyped(code: str) -> str:
    """The same code with its last (check) digit changed."""
    return code[:-1] + str((int(code[-1]) + 1) % 10)


# --- staff scope ---------------------------------------------------------------------------


def test_a_zanjan_officer_never_sees_a_kerman_case(world, open_case) -> None:
    kerman = open_case("C0801")
    zanjan = open_case("C1901")
    seen = set(case_queryset(scope=scope_of(world.zanjan_officer)).values_list("pk", flat=True))
    assert kerman.pk not in seen
    assert zanjan.pk in seen


def test_province_staff_see_every_unit_below_their_province(world, open_case) -> None:
    cases = [open_case(code) for code in ("P08", "C0801", "K0801", "C0802")]
    assert all(visible(world.kerman_manager, case) for case in cases)
    assert not any(visible(world.zanjan_manager, case) for case in cases)


def test_hq_staff_see_cases_everywhere(world, open_case) -> None:
    for code in ("C0801", "Z1901", "HQ"):
        assert visible(world.hq_officer, open_case(code))


def test_staff_without_case_permissions_see_nothing_in_their_unit(world, open_case) -> None:
    case = open_case("K0801")
    assert not visible(world.kerman_center_operator, case)
    assert not visible(world.kerman_finance, case)


def test_an_empty_scope_sees_nothing(open_case) -> None:
    open_case()
    assert not case_queryset(scope=Scope.empty()).exists()


def test_sensitive_cases_are_hidden_from_officers(world, open_case, kerman_officer) -> None:
    case = open_case(is_sensitive=True)
    assert not visible(kerman_officer, case)
    assert not visible(world.hq_officer, case)


def test_sensitive_cases_are_visible_to_managers_of_the_unit(world, open_case) -> None:
    case = open_case(is_sensitive=True)
    assert visible(world.kerman_manager, case)
    assert not visible(world.zanjan_manager, case)


def test_hq_managers_see_sensitive_cases_of_every_province(world, open_case) -> None:
    for code in ("C0801", "C1901"):
        assert visible(world.hq_manager, open_case(code, is_sensitive=True))


def test_officers_still_see_the_ordinary_cases_next_to_sensitive_ones(
    world, open_case, kerman_officer
) -> None:
    ordinary, sensitive = open_case(), open_case(is_sensitive=True)
    seen = set(case_queryset(scope=scope_of(kerman_officer)).values_list("pk", flat=True))
    assert seen == {ordinary.pk}
    assert sensitive.pk not in seen


def test_a_call_center_agent_sees_only_the_cases_they_filed(world, open_case) -> None:
    agent = world.call_center_agent
    filed = [open_case("C0801", filed_by=agent), open_case("C1901", filed_by=agent)]
    others = [open_case("C0801"), open_case("HQ")]
    seen = set(case_queryset(scope=scope_of(agent)).values_list("pk", flat=True))
    assert seen == {case.pk for case in filed}
    assert not seen & {case.pk for case in others}


def test_a_call_center_agent_sees_the_sensitive_case_they_filed(world, open_case) -> None:
    agent = world.call_center_agent
    case = open_case(filed_by=agent, is_sensitive=True)
    assert visible(agent, case)


def test_the_kind_filter_narrows_to_one_workflow(world, open_case) -> None:
    case = open_case()
    assert case_queryset(scope=scope_of(world.hq_manager), kind=KIND).filter(pk=case.pk).exists()
    assert not case_queryset(scope=scope_of(world.hq_manager), kind="other.kind").exists()


# --- case_get ------------------------------------------------------------------------------


def test_case_get_finds_a_case_in_scope_by_any_spelling_of_its_code(world, open_case) -> None:
    case = open_case()
    scope = scope_of(world.kerman_manager)
    assert case_get(scope=scope, code=case.tracking_code) == case
    assert case_get(scope=scope, code=format_tracking_code(case.tracking_code)) == case
    persian_digits = case.tracking_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert case_get(scope=scope, code=persian_digits) == case


def test_case_get_out_of_scope_looks_like_a_missing_case(world, open_case) -> None:
    case = open_case()
    scope = scope_of(world.zanjan_manager)
    with pytest.raises(NotFoundError) as out_of_scope:
        case_get(scope=scope, code=case.tracking_code)
    Case.objects.filter(pk=case.pk).delete()
    with pytest.raises(NotFoundError) as missing:
        case_get(scope=scope_of(world.kerman_manager), code=case.tracking_code)
    assert out_of_scope.value.as_dict() == missing.value.as_dict()
    assert out_of_scope.value.status == 404


def test_case_get_hides_a_sensitive_case_from_an_officer(world, open_case, kerman_officer) -> None:
    case = open_case(is_sensitive=True)
    with pytest.raises(NotFoundError):
        case_get(scope=scope_of(kerman_officer), code=case.tracking_code)


@pytest.mark.parametrize(
    "code", ["", "abc", "12345", "1234 5678 901", "0000 0000 0000", "1234-5678-9012-3"]
)
def test_case_get_refuses_a_malformed_code_without_a_query(
    world, django_assert_num_queries, code
) -> None:
    scope = scope_of(world.hq_manager)
    with django_assert_num_queries(0), pytest.raises(NotFoundError):
        case_get(scope=scope, code=code)


def test_case_get_refuses_a_code_with_a_bad_check_digit_without_a_query(
    world, open_case, django_assert_num_queries
) -> None:
    case = open_case()
    scope = scope_of(world.hq_manager)
    with django_assert_num_queries(0), pytest.raises(NotFoundError):
        case_get(scope=scope, code=mistyped(case.tracking_code))


# --- the person ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "mobile", [CONTACT_MOBILE, "09121234567", "0912 123 4567", "۰۹۱۲۱۲۳۴۵۶۷", "00989121234567"]
)
def test_the_person_finds_their_case_with_their_mobile(open_case, mobile) -> None:
    case = open_case()
    assert case_for_person(code=case.tracking_code, mobile=mobile) == case


@pytest.mark.parametrize("mobile", ["09129999999", "", "not a number", "0912123456"])
def test_a_wrong_mobile_finds_nothing(open_case, mobile) -> None:
    case = open_case()
    with pytest.raises(ApplicationError) as refused:
        case_for_person(code=case.tracking_code, mobile=mobile)
    assert refused.value.code == "case_not_found"
    assert refused.value.status == 404


def test_an_unknown_code_and_a_wrong_mobile_look_the_same(open_case) -> None:
    case = open_case()
    with pytest.raises(ApplicationError) as wrong_mobile:
        case_for_person(code=case.tracking_code, mobile="09129999999")
    Case.objects.filter(pk=case.pk).delete()
    with pytest.raises(ApplicationError) as unknown:
        case_for_person(code=case.tracking_code, mobile=CONTACT_MOBILE)
    assert wrong_mobile.value.as_dict() == unknown.value.as_dict()


def test_an_anonymous_report_is_found_with_its_secret(open_full) -> None:
    opened = open_full(is_anonymous=True, contact_mobile=CONTACT_MOBILE, contact_name="سارا")
    case, secret = opened.case, opened.secret
    assert secret and len(secret) == 8
    assert (case.contact_mobile, case.contact_name) == ("", "")  # nothing identifying kept
    assert secret not in case.secret_hash
    assert case_for_person(code=case.tracking_code, secret=secret) == case
    assert case_for_person(code=case.tracking_code, secret=f"  {secret.lower()} ") == case


def test_an_anonymous_report_is_not_found_with_a_wrong_secret_or_a_mobile(open_full) -> None:
    case = open_full(is_anonymous=True).case
    for attempt in ({"secret": "AAAAAAAA"}, {"mobile": CONTACT_MOBILE}, {}):
        with pytest.raises(ApplicationError) as refused:
            case_for_person(code=case.tracking_code, **attempt)
        assert refused.value.code == "case_not_found"


def test_a_named_case_is_not_opened_by_any_secret(open_case) -> None:
    case = open_case()
    with pytest.raises(ApplicationError):
        case_for_person(code=case.tracking_code, secret="")
    with pytest.raises(ApplicationError):
        case_for_person(code=case.tracking_code, secret="ACDEFGHJ")


def test_the_secret_of_one_report_does_not_open_another(open_full) -> None:
    first, second = open_full(is_anonymous=True), open_full(is_anonymous=True)
    with pytest.raises(ApplicationError):
        case_for_person(code=second.case.tracking_code, secret=first.secret)


def test_a_code_with_a_bad_check_digit_is_called_mistyped_without_a_query(
    open_case, django_assert_num_queries
) -> None:
    case = open_case()
    with django_assert_num_queries(0), pytest.raises(ApplicationError) as refused:
        case_for_person(code=mistyped(case.tracking_code), mobile=CONTACT_MOBILE)
    assert refused.value.code == "tracking_code_mistyped"
    assert "code" in refused.value.fields


def test_the_persons_lookup_can_be_narrowed_to_one_kind(open_case) -> None:
    case = open_case()
    assert case_for_person(code=case.tracking_code, mobile=CONTACT_MOBILE, kind=KIND) == case
    with pytest.raises(ApplicationError):
        case_for_person(code=case.tracking_code, mobile=CONTACT_MOBILE, kind="other.kind")


# --- timeline ----------------------------------------------------------------------------------


def test_the_public_timeline_leaves_out_internal_notes(world, open_case) -> None:
    case = open_case()
    manager = world.kerman_manager
    case_note(actor=manager, scope=scope_of(manager), case=case, text="محرمانه")
    public = list(case_timeline(case=case, public_only=True).values_list("kind", flat=True))
    full = list(case_timeline(case=case, public_only=False).values_list("kind", flat=True))
    assert public == ["filed"]
    assert full == ["filed", "note"]
