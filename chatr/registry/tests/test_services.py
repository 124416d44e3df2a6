"""Registry services: people and duplicates, households and moves, file states, the score,
caseloads, and the question every other module asks (is_active_client)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from chatr.accounts.models import User
from chatr.audit.models import AuditAction, AuditEvent
from chatr.core.errors import ApplicationError, PermissionDeniedError
from chatr.core.sheba import sheba_check_digits
from chatr.org.roles import Role
from chatr.org.scope import scope_for_user
from chatr.org.services import membership_grant
from chatr.registry import services
from chatr.registry.choices import Area, FileState, Relationship, Severity, Sex
from chatr.registry.models import ClientFile, CommissionDecision, HouseholdMember, Person
from chatr.registry.selectors import household_members, is_active_client
from chatr.registry.tests.factories import (
    add_disability,
    add_member,
    open_file,
    person_data,
    register_household,
    register_person,
)

pytestmark = pytest.mark.django_db


def _register(actor, data, confirmed=False):  # type: ignore[no-untyped-def]
    return services.person_register(
        actor=actor, scope=scope_for_user(actor), data=data, duplicates_confirmed=confirmed
    )


# ---------------------------------------------------------------- people


def test_a_possible_duplicate_is_refused_until_the_officer_confirms(world) -> None:
    officer = world.zanjan_officer
    first = register_person(officer, first_name="علی", last_name="رضایی", father_name="حسن")
    twin = person_data(
        first_name="علی", last_name="رضایی", father_name="حسن", birth_date=first.birth_date
    )
    with pytest.raises(ApplicationError) as refused:
        _register(officer, twin)
    assert refused.value.code == "possible_duplicate"
    assert refused.value.status == 409
    assert Person.objects.count() == 1

    saved = _register(officer, twin, confirmed=True)
    assert saved.pk != first.pk
    assert Person.objects.count() == 2


def test_duplicates_are_found_across_arabic_and_persian_spellings(world) -> None:
    officer = world.zanjan_officer
    register_person(officer, first_name="علی", last_name="کریمی", father_name="مهدی")
    # Arabic yeh and kaf, as old systems and Arabic keyboards type them.
    arabic = person_data(
        first_name="علي", last_name="كريمي", father_name="مهدي", birth_date=date(1985, 3, 21)
    )
    with pytest.raises(ApplicationError) as refused:
        _register(officer, arabic)
    assert refused.value.code == "possible_duplicate"


def test_a_national_code_is_registered_once(world) -> None:
    officer = world.zanjan_officer
    person = register_person(officer)
    with pytest.raises(ApplicationError) as refused:
        _register(officer, person_data(national_code=person.national_code), confirmed=True)
    assert refused.value.code == "national_code_taken"
    assert "national_code" in refused.value.fields


def test_a_person_needs_a_national_or_residence_code(world) -> None:
    with pytest.raises(ApplicationError) as refused:
        _register(world.zanjan_officer, person_data(national_code=""))
    assert refused.value.code == "identity_code_required"
    foreigner = _register(
        world.zanjan_officer, person_data(national_code="", residence_code="AF-1234 5678")
    )
    assert foreigner.national_code is None
    assert foreigner.residence_code == "AF12345678"


def test_registering_a_person_is_audited_under_the_officers_unit(world) -> None:
    person = register_person(world.zanjan_officer)
    event = AuditEvent.objects.get(
        action=AuditAction.CREATE,
        target_type=ContentType.objects.get_for_model(Person),
        target_id=str(person.pk),
    )
    assert event.actor == world.zanjan_officer
    assert event.org_unit == world.unit("P19")


# ---------------------------------------------------------------- households


def test_a_household_is_created_only_in_a_county_the_officer_covers(world) -> None:
    officer = world.zanjan_officer
    with pytest.raises(ApplicationError) as refused:
        register_household(officer, world.unit("C0801"))  # Kerman
    assert refused.value.code == "county_out_of_scope"
    with pytest.raises(ApplicationError) as not_a_county:
        register_household(officer, world.unit("P19"))
    assert not_a_county.value.code == "county_out_of_scope"
    household = register_household(officer, world.unit("C1902"))
    assert household.scope_province_id == world.unit("P19").pk
    assert household.scope_county_id == world.unit("C1902").pk
    assert [m.relationship for m in household_members(household=household)] == ["head"]


def test_a_person_is_an_active_member_of_one_household_at_most(world) -> None:
    manager = world.zanjan_manager
    first = register_household(manager, world.unit("C1901"))
    second = register_household(manager, world.unit("C1902"))
    with pytest.raises(ApplicationError) as refused:
        services.household_member_add(
            actor=manager,
            scope=scope_for_user(manager),
            household=second,
            person=first.head,
            relationship=Relationship.PARENT,
        )
    assert refused.value.code == "already_in_a_household"
    assert HouseholdMember.objects.filter(person=first.head, left_on__isnull=True).count() == 1


def test_a_move_ends_the_old_membership_and_keeps_its_history(world) -> None:
    manager = world.zanjan_manager
    old = register_household(manager, world.unit("C1901"))
    daughter = add_member(manager, old, Relationship.CHILD, sex=Sex.FEMALE)
    new = register_household(manager, world.unit("C1902"))

    services.household_member_move(
        actor=manager,
        scope=scope_for_user(manager),
        person=daughter,
        to=new,
        relationship=Relationship.SPOUSE,
        on=date(2026, 11, 1),
    )

    history = list(household_members(household=old, include_past=True))
    assert [(m.person_id, m.left_on) for m in history] == [
        (old.head_id, None),
        (daughter.pk, date(2026, 11, 1)),
    ]
    assert [m.person_id for m in household_members(household=old)] == [old.head_id]
    current = HouseholdMember.objects.get(person=daughter, left_on__isnull=True)
    assert (current.household, current.relationship) == (new, Relationship.SPOUSE)


def _keys(member: HouseholdMember) -> tuple[int | None, ...]:
    return (member.org_unit_id, member.scope_province_id, member.scope_county_id)


def test_memberships_are_stamped_with_their_households_unit_on_joining(world) -> None:
    manager = world.zanjan_manager
    abhar = world.unit("C1902")
    household = register_household(manager, abhar)
    child = add_member(manager, household)
    expected = (abhar.pk, world.unit("P19").pk, abhar.pk)
    assert _keys(HouseholdMember.objects.get(person=household.head)) == expected
    assert _keys(HouseholdMember.objects.get(person=child)) == expected


def test_a_member_moving_to_another_county_is_counted_there_from_the_move(world) -> None:
    """A household never changes county; a person moving to a household elsewhere gets a new
    membership stamped with the new county, and the old one stays with the old county."""
    manager = world.zanjan_manager
    zanjan, abhar = world.unit("C1901"), world.unit("C1902")
    old = register_household(manager, zanjan)
    son = add_member(manager, old)
    new = register_household(manager, abhar)
    services.household_member_move(
        actor=manager,
        scope=scope_for_user(manager),
        person=son,
        to=new,
        relationship=Relationship.CHILD,
    )
    left, current = HouseholdMember.objects.filter(person=son).order_by("pk")
    assert left.left_on is not None and _keys(left) == (zanjan.pk, zanjan.province_id, zanjan.pk)
    assert current.left_on is None and _keys(current) == (abhar.pk, abhar.province_id, abhar.pk)


def test_a_move_out_of_another_province_is_refused_as_missing(world) -> None:
    kerman = register_household(world.kerman_manager, world.unit("C0801"))
    zanjan = register_household(world.zanjan_manager, world.unit("C1901"))
    with pytest.raises(ApplicationError) as refused:
        services.household_member_move(
            actor=world.zanjan_manager,
            scope=scope_for_user(world.zanjan_manager),
            person=kerman.head,
            to=zanjan,
            relationship=Relationship.OTHER,
        )
    assert refused.value.status == 404


# ---------------------------------------------------------------- file states


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (FileState.APPLICANT, "decide"),
        (FileState.APPLICANT, "activate"),
        (FileState.WAITING, "activate"),
        (FileState.WAITING, "queue"),
        (FileState.APPROVED, "decide"),
        (FileState.CLOSED, "close"),
        (FileState.CLOSED, "queue"),
    ],
)
def test_illegal_file_moves_are_refused_with_409(
    world, zanjan_household, counter, state, action
) -> None:
    manager = world.zanjan_manager
    scope = scope_for_user(manager)
    file = open_file(manager, zanjan_household)
    if state == FileState.WAITING:
        file = services.file_to_waiting_list(actor=manager, scope=scope, file=file)
    elif state == FileState.APPROVED:
        file = open_file(manager, register_household(manager, world.unit("C1901")), "approved")
    elif state == FileState.CLOSED:
        file = services.file_close(actor=manager, scope=scope, file=file, reason="moved")
    decisions = CommissionDecision.objects.count()
    calls = {
        "decide": lambda: services.file_commission_decide(
            actor=manager,
            scope=scope,
            file=file,
            decided_on=date(2026, 10, 1),
            members="دکتر سمیعی",
            approved=True,
        ),
        "activate": lambda: services.file_activate(
            actor=manager,
            scope=scope,
            file=file,
            counter=counter,
            social_worker=world.zanjan_social_worker,
        ),
        "queue": lambda: services.file_to_waiting_list(actor=manager, scope=scope, file=file),
        "close": lambda: services.file_close(actor=manager, scope=scope, file=file, reason="moved"),
    }
    with pytest.raises(ApplicationError) as refused:
        calls[action]()
    assert (refused.value.code, refused.value.status) == ("illegal_transition", 409)
    file.refresh_from_db()
    assert file.state == state
    assert CommissionDecision.objects.count() == decisions  # rolled back with the move


def test_a_file_goes_from_applicant_to_covered_to_closed(world, zanjan_household, counter):
    manager = world.zanjan_manager
    file = open_file(
        manager,
        zanjan_household,
        "active",
        counter=counter,
        social_worker=world.zanjan_social_worker,
    )
    assert (file.state, file.counter, file.social_worker) == (
        FileState.ACTIVE,
        counter,
        world.zanjan_social_worker,
    )
    assert file.activated_at is not None
    closed = services.file_close(
        actor=manager, scope=scope_for_user(manager), file=file, reason="died"
    )
    assert (closed.state, closed.close_reason) == (FileState.CLOSED, "died")
    moves = AuditEvent.objects.filter(action=AuditAction.STATE, target_id=str(file.pk))
    assert moves.count() == 4
    assert set(moves.values_list("actor", flat=True)) == {manager.pk}


def test_a_refusal_by_the_commission_closes_the_file_as_ineligible(world, zanjan_household):
    manager = world.zanjan_manager
    file = open_file(manager, zanjan_household, "waiting")
    file = services.file_commission_decide(
        actor=manager,
        scope=scope_for_user(manager),
        file=file,
        decided_on=date(2026, 10, 1),
        members="دکتر سمیعی",
        approved=False,
        notes="income above the ceiling",
    )
    assert (file.state, file.close_reason) == (FileState.CLOSED, "ineligible")
    decision = file.decisions.get()
    assert (decision.approved, decision.recorded_by) == (False, manager)


def test_a_commission_decision_needs_its_members(world, zanjan_household) -> None:
    manager = world.zanjan_manager
    file = open_file(manager, zanjan_household, "waiting")
    with pytest.raises(ApplicationError) as refused:
        services.file_commission_decide(
            actor=manager,
            scope=scope_for_user(manager),
            file=file,
            decided_on=date(2026, 10, 1),
            members="  ",
            approved=True,
        )
    assert refused.value.code == "commission_members_required"


def test_a_province_officer_may_open_files_but_not_decide_them(world, zanjan_household) -> None:
    officer = world.zanjan_officer
    file = open_file(officer, zanjan_household, "waiting")
    with pytest.raises(PermissionDeniedError):
        services.file_commission_decide(
            actor=officer,
            scope=scope_for_user(officer),
            file=file,
            decided_on=date(2026, 10, 1),
            members="دکتر سمیعی",
            approved=True,
        )


def test_a_file_is_opened_only_for_a_current_member(world, zanjan_household) -> None:
    stranger = register_household(world.zanjan_manager, world.unit("C1902")).head
    with pytest.raises(ApplicationError) as refused:
        services.file_open(
            actor=world.zanjan_manager,
            scope=scope_for_user(world.zanjan_manager),
            household=zanjan_household,
            client=stranger,
            target_group="rehabilitation",
            sub_group="disability",
        )
    assert refused.value.code == "client_not_in_household"


# ---------------------------------------------------------------- the score


def test_the_score_is_the_sum_of_its_lines_and_says_why(world, score_factors) -> None:
    manager = world.zanjan_manager
    mother = register_person(manager, sex=Sex.FEMALE)
    household = register_household(
        manager,
        world.unit("C1901"),
        head=mother,
        income_decile=2,
        area=Area.RURAL,
        village="قره‌بوته",
    )
    son = add_member(manager, household)
    add_member(manager, household, sex=Sex.FEMALE)
    add_disability(son, Severity.VERY_SEVERE)
    add_disability(mother, Severity.MILD, "visual")

    file = open_file(manager, household, "waiting")

    lines = {line["factor"]: Decimal(line["points"]) for line in file.score_breakdown}
    assert lines == {
        "low_income_decile": Decimal(30),  # 3 deciles below the 5th × 10
        "disability_very_severe": Decimal(40),
        "disability_mild": Decimal(10),
        "female_headed": Decimal(25),
        "household_size": Decimal(10),  # 2 members besides the head × 5
        "several_with_disability": Decimal(30),
        "deprived_area": Decimal(15),
    }
    assert file.score == sum(lines.values()) == Decimal(160)
    assert all(line["name_fa"] and line["name_en"] for line in file.score_breakdown)


def test_the_score_follows_the_points_hq_sets_and_skips_inactive_factors(
    world, zanjan_household
) -> None:
    from chatr.registry.models import ScoreFactor

    ScoreFactor.objects.filter(code="household_size").update(points=7)
    ScoreFactor.objects.filter(code="deprived_area").update(is_active=False)
    add_member(world.zanjan_manager, zanjan_household)
    zanjan_household.area = Area.RURAL
    zanjan_household.save(update_fields=["area"])
    total, lines = services.file_score(file=open_file(world.zanjan_manager, zanjan_household))
    assert [(line["factor"], line["points"]) for line in lines] == [("household_size", "7.00")]
    assert total == Decimal(7)


# ---------------------------------------------------------------- caseloads


def _approved(world, n: int) -> list[ClientFile]:  # type: ignore[no-untyped-def]
    manager = world.zanjan_manager
    return [
        open_file(manager, register_household(manager, world.unit("C1901")), "approved")
        for _ in range(n)
    ]


def _activate(world, file, counter, worker):  # type: ignore[no-untyped-def]
    return services.file_activate(
        actor=world.zanjan_manager,
        scope=scope_for_user(world.zanjan_manager),
        file=file,
        counter=counter,
        social_worker=worker,
    )


def test_a_social_worker_over_the_caseload_is_refused(
    world, score_factors, counter, settings
) -> None:
    settings.REGISTRY_CASELOAD_PER_SOCIAL_WORKER = 2
    settings.REGISTRY_CASELOAD_PER_COUNTER = 10
    files = _approved(world, 3)
    _activate(world, files[0], counter, world.zanjan_social_worker)
    _activate(world, files[1], counter, world.zanjan_social_worker)
    with pytest.raises(ApplicationError) as refused:
        _activate(world, files[2], counter, world.zanjan_social_worker)
    assert refused.value.code == "caseload_social_worker"
    assert "social_worker" in refused.value.fields
    assert "2" in refused.value.message_en
    files[2].refresh_from_db()
    assert files[2].state == FileState.APPROVED


def test_a_counter_over_its_caseload_is_refused_whoever_the_social_worker(
    world, score_factors, counter, settings
) -> None:
    settings.REGISTRY_CASELOAD_PER_SOCIAL_WORKER = 10
    settings.REGISTRY_CASELOAD_PER_COUNTER = 1
    second_worker = User.objects.create_user("zanjan_social_worker_2", "pw", is_staff=True)
    membership_grant(user=second_worker, role=Role.SOCIAL_WORKER, org_unit=counter)
    files = _approved(world, 2)
    _activate(world, files[0], counter, world.zanjan_social_worker)
    with pytest.raises(ApplicationError) as refused:
        _activate(world, files[1], counter, second_worker)
    assert refused.value.code == "caseload_counter"
    assert "counter" in refused.value.fields


def test_a_closed_file_frees_its_place_in_the_caseload(
    world, score_factors, counter, settings
) -> None:
    settings.REGISTRY_CASELOAD_PER_SOCIAL_WORKER = 1
    first, second = _approved(world, 2)
    _activate(world, first, counter, world.zanjan_social_worker)
    services.file_close(
        actor=world.zanjan_manager,
        scope=scope_for_user(world.zanjan_manager),
        file=first,
        reason="self_sufficient",
    )
    assert _activate(world, second, counter, world.zanjan_social_worker).state == "active"


def test_only_a_social_worker_of_the_counter_can_be_assigned(world, score_factors, counter) -> None:
    (file,) = _approved(world, 1)
    with pytest.raises(ApplicationError) as refused:
        _activate(world, file, counter, world.zanjan_officer)
    assert refused.value.code == "social_worker_invalid"
    with pytest.raises(ApplicationError) as not_a_counter:
        _activate(world, file, world.unit("C1901"), world.zanjan_social_worker)
    assert not_a_counter.value.code == "counter_invalid"


# ---------------------------------------------------------------- is_active_client


def test_is_active_client_is_true_only_while_a_file_is_active(
    world, zanjan_household, counter
) -> None:
    code = zanjan_household.head.national_code
    manager = world.zanjan_manager
    file = open_file(manager, zanjan_household, "approved")
    assert not is_active_client(national_code=code)
    file = _activate(world, file, counter, world.zanjan_social_worker)
    # Any spelling of the code: Persian digits, spaces.
    persian = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert is_active_client(national_code=code)
    assert is_active_client(national_code=f"{persian[:3]} {persian[3:]}")
    services.file_close(actor=manager, scope=scope_for_user(manager), file=file, reason="moved")
    assert not is_active_client(national_code=code)
    assert not is_active_client(national_code="1234567890")  # bad check digit


class TestBankAccount:
    VALID = "IR062960000000100324200001"

    def test_replacing_a_sheba_keeps_the_old_one_as_history(self, world):
        from chatr.registry.models import BankAccount
        from chatr.registry.selectors import bank_account_current
        from chatr.registry.services import bank_account_set

        person = register_person(world.zanjan_officer)
        first = bank_account_set(actor=None, person=person, sheba=self.VALID)
        other = "IR" + sheba_check_digits("0170000000000000012345") + "0170000000000000012345"
        second = bank_account_set(actor=None, person=person, sheba=other)
        first.refresh_from_db()
        assert first.ended_on is not None
        assert bank_account_current(person=person) == second
        assert BankAccount.objects.filter(person=person).count() == 2

    def test_same_sheba_again_changes_nothing(self, world):
        from chatr.registry.models import BankAccount
        from chatr.registry.services import bank_account_set

        person = register_person(world.zanjan_officer)
        bank_account_set(actor=None, person=person, sheba=self.VALID)
        bank_account_set(actor=None, person=person, sheba=self.VALID.lower())
        assert BankAccount.objects.filter(person=person).count() == 1

    def test_a_mistyped_sheba_is_refused_with_the_field_named(self, world):
        from chatr.registry.services import bank_account_set

        with pytest.raises(ApplicationError) as raised:
            bank_account_set(
                actor=None,
                person=register_person(world.zanjan_officer),
                sheba="IR062960000000100324200002",
            )
        assert raised.value.code == "invalid_sheba"
        assert "sheba" in raised.value.fields


def test_a_citizen_is_the_person_recorded_with_their_verified_mobile(world) -> None:
    from chatr.core.errors import NotFoundError
    from chatr.registry.selectors import person_for_citizen

    me = register_person(world.zanjan_officer, mobile=world.citizen.mobile)
    assert person_for_citizen(user=world.citizen) == me
    # A family phone: a second person with the same mobile → the citizen names themself.
    sibling = register_person(world.zanjan_officer, mobile=world.citizen.mobile)
    with pytest.raises(NotFoundError):
        person_for_citizen(user=world.citizen)
    assert person_for_citizen(user=world.citizen, national_code=sibling.national_code) == sibling
    with pytest.raises(NotFoundError):
        person_for_citizen(user=world.hq_officer)  # staff have no verified mobile
