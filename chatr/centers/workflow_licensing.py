"""The licensing workflows on the shared case machinery, and each step's own deadline.

Principle agreement: the county office checks the documents and sends the external inquiries
(police, health, engineering) within 3 working days → forwards the file to the provincial
licensing commission within 7 → the commission decides within 5 → security vetting up to 20 →
the agreement is issued, or the application refused with reasons at any step.

Activity licence (and its renewal, the same flow with shorter deadlines): approvals and the
training certificate checked → specialist site visit → licence issued or refused.

"Waiting for documents" pauses the clock; the applicant's documents resume it at the step it
was paused in (the engine keeps the working days that were left).
"""

from __future__ import annotations

from chatr.cases.workflow import Workflow, register_workflow
from chatr.centers.choices_licensing import ApplicationKind
from chatr.centers.choices_licensing import LicensingState as S

PRINCIPLE_KIND = "centers.principle"
ACTIVITY_KIND = "centers.activity"

_LABELS = dict(S.choices)

PRINCIPLE_WORKFLOW = register_workflow(
    Workflow(
        kind=PRINCIPLE_KIND,
        labels=_LABELS,
        initial=S.SUBMITTED,
        transitions={
            S.SUBMITTED: frozenset({S.INQUIRIES_SENT, S.WAITING_DOCUMENTS, S.REFUSED}),
            S.WAITING_DOCUMENTS: frozenset({S.SUBMITTED, S.REFUSED}),
            S.INQUIRIES_SENT: frozenset({S.AT_COMMISSION, S.REFUSED}),
            S.AT_COMMISSION: frozenset({S.SECURITY_VETTING, S.REFUSED}),
            S.SECURITY_VETTING: frozenset({S.AGREEMENT_ISSUED, S.REFUSED}),
            S.AGREEMENT_ISSUED: frozenset(),
            S.REFUSED: frozenset(),
        },
        paused=frozenset({S.WAITING_DOCUMENTS}),
        answered=frozenset({S.AGREEMENT_ISSUED, S.REFUSED}),
        closed=frozenset({S.AGREEMENT_ISSUED, S.REFUSED}),
        resume_to=S.SUBMITTED,
        public_states=frozenset(S.values),
    )
)

ACTIVITY_WORKFLOW = register_workflow(
    Workflow(
        kind=ACTIVITY_KIND,
        labels=_LABELS,
        initial=S.SUBMITTED,
        transitions={
            S.SUBMITTED: frozenset({S.SITE_VISIT, S.WAITING_DOCUMENTS, S.REFUSED}),
            S.WAITING_DOCUMENTS: frozenset({S.SUBMITTED, S.REFUSED}),
            S.SITE_VISIT: frozenset({S.LICENCE_ISSUED, S.REFUSED}),
            S.LICENCE_ISSUED: frozenset(),
            S.REFUSED: frozenset(),
        },
        paused=frozenset({S.WAITING_DOCUMENTS}),
        answered=frozenset({S.LICENCE_ISSUED, S.REFUSED}),
        closed=frozenset({S.LICENCE_ISSUED, S.REFUSED}),
        resume_to=S.SUBMITTED,
        public_states=frozenset(S.values),
    )
)

# Working days each step may take (the clock restarts when the step begins).
STEP_DAYS: dict[str, dict[str, int]] = {
    ApplicationKind.PRINCIPLE_AGREEMENT: {
        S.SUBMITTED: 3,  # county office: documents checked, inquiries sent
        S.INQUIRIES_SENT: 7,  # county office: answers in, file forwarded to the commission
        S.AT_COMMISSION: 5,  # provincial licensing commission decides
        S.SECURITY_VETTING: 20,  # security vetting
    },
    ApplicationKind.ACTIVITY_LICENCE: {S.SUBMITTED: 5, S.SITE_VISIT: 10},
    # A renewal of a center already inspected: its file is known, the visit shorter.
    ApplicationKind.RENEWAL: {S.SUBMITTED: 3, S.SITE_VISIT: 7},
}


def case_kind_of(kind: str) -> str:
    return PRINCIPLE_KIND if kind == ApplicationKind.PRINCIPLE_AGREEMENT else ACTIVITY_KIND


def workflow_of(kind: str) -> Workflow:
    return PRINCIPLE_WORKFLOW if kind == ApplicationKind.PRINCIPLE_AGREEMENT else ACTIVITY_WORKFLOW


def step_days(kind: str, state: str) -> int:
    """The working days of the step `state` of an application of `kind` (0: no clock)."""
    return STEP_DAYS[kind].get(state, 0)
