"""Conditions: named checks a program applies to each beneficiary at every cycle.

A condition is a piece of SQL, so `cycle_compute` evaluates all of them in its one set-based
pass. The SQL is a boolean expression that is TRUE when the check FAILS, over the columns of
the candidate row `x` (see `services._CANDIDATE_COLUMNS`):

    x.person_id, x.file_id, x.household_id, x.death_date, x.sheba, x.suspended, x.sheba_users

A failed check turns the row into an exception with the condition's `reason` code; the first
failing condition (in registration order) names the reason.

Modules register their own checks here in their AppConfig.ready(), without pensions importing
them. The seam for the screening module (not built yet) is a condition like:

    register_condition(Condition(
        code="screening_done",
        label=_("Required screening done"),
        reason="screening_missing",
        reason_label=_("The required screening has not been done"),
        failing_sql=lambda vendor: "NOT EXISTS (SELECT 1 FROM screening_result s "
        "WHERE s.person_id = x.person_id AND s.passed)",
    ))

and then adding "screening_done" to a program's conditions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from chatr.pensions.models import ExceptionReason


@dataclass(frozen=True)
class Condition:
    code: str
    label: Any  # lazy translated
    reason: str  # the exception reason code recorded when the check fails
    reason_label: Any
    failing_sql: Callable[[str], str]  # vendor ("postgresql", "sqlite") → SQL, TRUE = failed


_CONDITIONS: dict[str, Condition] = {}


def register_condition(condition: Condition) -> None:
    _CONDITIONS[condition.code] = condition


def conditions_all() -> list[Condition]:
    """Registered conditions, in registration (= precedence) order."""
    return list(_CONDITIONS.values())


def condition_get(code: str) -> Condition | None:
    return _CONDITIONS.get(code)


def reason_labels() -> dict[str, Any]:
    """Exception reason code → label, for every registered condition."""
    labels: dict[str, Any] = dict(ExceptionReason.choices)
    labels.update({c.reason: c.reason_label for c in _CONDITIONS.values()})
    return labels


def sheba_valid_sql(column: str, vendor: str) -> str:
    """SQL that is TRUE when `column` holds "IR" + 24 digits passing the ISO 13616 mod-97
    check (the twin of core.sheba.is_valid_sheba): the 28-digit rearranged number (BBAN +
    "1827" for "IR" + the check digits) leaves 1 when divided by 97.

    The format is checked first, so the casts run only on digits. On PostgreSQL the shape is
    plain string functions (`ltrim` by the ten digits leaves nothing) and the number a
    NUMERIC: at 1.6M rows a cycle, that is about a second quicker than a regular expression
    and 64-bit chunks. SQLite has no integer that wide, so there the remainder is taken seven
    digits at a time: (r × 10⁷ + next chunk) mod 97 stays small.
    """
    if vendor == "postgresql":
        shape = (
            f"(length({column}) = 26 AND left({column}, 2) = 'IR' "
            f"AND ltrim(substr({column}, 3), '0123456789') = '')"
        )
        rearranged = f"(substr({column}, 5) || '1827' || substr({column}, 3, 2))"
        remainder = f"mod(CAST({rearranged} AS NUMERIC), 97)"
    else:
        shape = (
            f"(length({column}) = 26 AND substr({column}, 1, 2) = 'IR' "
            f"AND substr({column}, 3) NOT GLOB '*[^0-9]*')"
        )
        chunks = [
            f"substr({column}, 5, 7)",
            f"substr({column}, 12, 7)",
            f"substr({column}, 19, 7)",
            f"(substr({column}, 26, 1) || '1827' || substr({column}, 3, 2))",
        ]
        remainder = f"(CAST({chunks[0]} AS INTEGER) %% 97)"
        for chunk in chunks[1:]:
            remainder = f"(({remainder} * 10000000 + CAST({chunk} AS INTEGER)) %% 97)"
    return f"(CASE WHEN {column} IS NOT NULL AND {shape} THEN {remainder} = 1 ELSE FALSE END)"


def _standard() -> None:
    register_condition(
        Condition(
            code="client_alive",
            label=_("The client is alive"),
            reason=ExceptionReason.DECEASED,
            reason_label=ExceptionReason.DECEASED.label,
            failing_sql=lambda vendor: "x.death_date IS NOT NULL",
        )
    )
    register_condition(
        Condition(
            code="not_suspended",
            label=_("Payments are not suspended"),
            reason=ExceptionReason.SUSPENDED,
            reason_label=ExceptionReason.SUSPENDED.label,
            failing_sql=lambda vendor: "x.suspended = 1",
        )
    )
    register_condition(
        Condition(
            code="has_sheba",
            label=_("Has a Sheba number"),
            reason=ExceptionReason.NO_SHEBA,
            reason_label=ExceptionReason.NO_SHEBA.label,
            failing_sql=lambda vendor: "x.sheba IS NULL",
        )
    )
    register_condition(
        Condition(
            code="valid_sheba",
            label=_("The Sheba number is valid"),
            reason=ExceptionReason.INVALID_SHEBA,
            reason_label=ExceptionReason.INVALID_SHEBA.label,
            failing_sql=lambda vendor: f"NOT {sheba_valid_sql('x.sheba', vendor)}",
        )
    )
    register_condition(
        Condition(
            code="unique_sheba",
            label=_("No other beneficiary uses the same Sheba"),
            reason=ExceptionReason.DUPLICATE_SHEBA,
            reason_label=ExceptionReason.DUPLICATE_SHEBA.label,
            failing_sql=lambda vendor: "x.sheba_users > 1",
        )
    )


_standard()

# What a new program checks unless HQ chooses otherwise.
STANDARD_CONDITIONS = ("client_alive", "not_suspended", "has_sheba", "valid_sheba", "unique_sheba")
