"""Registry selectors other modules call."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from chatr.core.errors import NotFoundError
from chatr.registry.selectors import person_identify
from chatr.registry.tests.factories import register_person

pytestmark = pytest.mark.django_db


def test_a_person_is_identified_nationally_only_with_both_facts(world: Any) -> None:
    person = register_person(world.zanjan_officer)
    found = person_identify(national_code=person.national_code, birth_date=person.birth_date)
    assert found == person
    # Persian digits are normalized like everywhere else.
    persian = person.national_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert person_identify(national_code=persian, birth_date=person.birth_date) == person
    with pytest.raises(NotFoundError):
        person_identify(
            national_code=person.national_code, birth_date=person.birth_date + timedelta(days=1)
        )
    with pytest.raises(NotFoundError):
        person_identify(national_code="0000000001", birth_date=person.birth_date)
