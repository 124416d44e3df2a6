"""A module's states and legal moves. The engine (cases.services) reads the hooks below to
know which state means "answered", "waiting for the person" (clock paused), "closed", etc."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from chatr.core.errors import ApplicationError, lazy_message


@dataclass(frozen=True)
class Workflow:
    kind: str  # the case kind and tracking-code namespace, e.g. "watchdog.message"
    labels: Mapping[str, Any]  # state → (lazy) label shown to people
    initial: str
    transitions: Mapping[str, frozenset[str]]
    paused: frozenset[str] = frozenset()  # the deadline clock stops here
    answered: frozenset[str] = frozenset()  # reaching it sets answered_at
    closed: frozenset[str] = frozenset()  # the clock stops; reopening is a transition out
    reopen_to: str | None = None  # where an objection or a low rating sends it
    resume_to: str | None = None  # where the person's reply moves a paused case
    routed_to: str | None = None  # state after a referral to another unit
    assigned_to: str | None = None  # state after an officer is assigned
    escalated_to: str | None = None  # state after the deadline passed and it moved up
    public_states: frozenset[str] = field(default_factory=frozenset)

    def label(self, state: str) -> Any:
        return self.labels.get(state, state)

    def can_move(self, from_state: str, to_state: str) -> bool:
        return to_state in self.transitions.get(from_state, frozenset())

    def check_move(self, from_state: str, to_state: str) -> None:
        """Refuse an illegal transition with a message naming both states."""
        if not self.can_move(from_state, to_state):
            raise ApplicationError(
                "illegal_transition",
                lazy_message(
                    _("A case that is “%(current)s” cannot be moved to “%(target)s”."),
                    current=self.label(from_state),
                    target=self.label(to_state),
                ),
                status=409,
            )

    def is_open(self, state: str) -> bool:
        return state not in self.closed


_WORKFLOWS: dict[str, Workflow] = {}


def register_workflow(workflow: Workflow) -> Workflow:
    """Modules register their workflow at import time (idempotent)."""
    _WORKFLOWS[workflow.kind] = workflow
    return workflow


def workflow_for(kind: str) -> Workflow:
    return _WORKFLOWS[kind]
