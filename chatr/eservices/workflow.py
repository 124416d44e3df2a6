"""A service request's states and legal moves on the shared case machinery."""

from __future__ import annotations

from chatr.cases.workflow import Workflow, register_workflow
from chatr.eservices.choices import RequestState

REQUEST_KIND = "eservices.request"

_DECIDED = frozenset({RequestState.APPROVED, RequestState.REJECTED})

# submitted → under review → (needs more information → under review)* → approved / rejected;
# approved → completed. Waiting for the person pauses the clock; their answer resumes it.
# Every state is shown to the person.
REQUEST_WORKFLOW = register_workflow(
    Workflow(
        kind=REQUEST_KIND,
        labels=dict(RequestState.choices),
        initial=RequestState.SUBMITTED,
        transitions={
            RequestState.SUBMITTED: frozenset({RequestState.UNDER_REVIEW, RequestState.REJECTED}),
            RequestState.UNDER_REVIEW: frozenset({RequestState.NEEDS_INFO}) | _DECIDED,
            RequestState.NEEDS_INFO: frozenset({RequestState.UNDER_REVIEW, RequestState.REJECTED}),
            RequestState.APPROVED: frozenset({RequestState.COMPLETED}),
            RequestState.REJECTED: frozenset(),
            RequestState.COMPLETED: frozenset(),
        },
        paused=frozenset({RequestState.NEEDS_INFO}),
        answered=_DECIDED,
        closed=frozenset({RequestState.REJECTED, RequestState.COMPLETED}),
        resume_to=RequestState.UNDER_REVIEW,
        public_states=frozenset(RequestState.values),
    )
)
