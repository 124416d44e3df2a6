"""The watchdog's states and legal moves, registered with the case engine."""

from chatr.cases.workflow import Workflow, register_workflow
from chatr.watchdog.choices import MessageState as S

KIND = "watchdog.message"

_WORKING = frozenset({S.SCREENED, S.ASSIGNED, S.IN_PROGRESS, S.WAITING, S.ANSWERED, S.ESCALATED})

WORKFLOW = register_workflow(
    Workflow(
        kind=KIND,
        labels=dict(S.choices),
        initial=S.NEW,
        transitions={
            S.NEW: frozenset({S.SCREENED, S.CLOSED}),
            S.SCREENED: _WORKING - {S.SCREENED} | {S.CLOSED},
            S.ASSIGNED: _WORKING - {S.ASSIGNED},
            S.IN_PROGRESS: _WORKING - {S.IN_PROGRESS, S.ASSIGNED},
            S.WAITING: frozenset({S.IN_PROGRESS, S.ANSWERED, S.SCREENED, S.CLOSED}),
            S.ANSWERED: frozenset({S.CLOSED, S.REOPENED}),
            S.CLOSED: frozenset({S.REOPENED}),
            S.REOPENED: _WORKING,
            S.ESCALATED: _WORKING - {S.ESCALATED},
        },
        paused=frozenset({S.WAITING}),
        answered=frozenset({S.ANSWERED}),
        closed=frozenset({S.CLOSED}),
        reopen_to=S.REOPENED,
        resume_to=S.IN_PROGRESS,
        routed_to=S.SCREENED,
        assigned_to=S.ASSIGNED,
        escalated_to=S.ESCALATED,
    )
)
