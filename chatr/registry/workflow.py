"""The change request's states and legal moves on the shared case machinery."""

from __future__ import annotations

from chatr.cases.workflow import Workflow, register_workflow
from chatr.registry.choices import ChangeState

CHANGE_KIND = "registry.change"

_DECIDED = frozenset({ChangeState.APPROVED, ChangeState.REJECTED})
_FINAL = _DECIDED | {ChangeState.WITHDRAWN}

# submitted → under review → approved (applied) / rejected; the filer may withdraw while it is
# open. A supervisor may also decide straight from "submitted". Every state is shown to the
# person on the tracking page.
CHANGE_WORKFLOW = register_workflow(
    Workflow(
        kind=CHANGE_KIND,
        labels=dict(ChangeState.choices),
        initial=ChangeState.SUBMITTED,
        transitions={
            ChangeState.SUBMITTED: frozenset({ChangeState.UNDER_REVIEW}) | _FINAL,
            ChangeState.UNDER_REVIEW: _FINAL,
            ChangeState.APPROVED: frozenset(),
            ChangeState.REJECTED: frozenset(),
            ChangeState.WITHDRAWN: frozenset(),
        },
        answered=_DECIDED,
        closed=_FINAL,
        public_states=frozenset(ChangeState.values),
    )
)
