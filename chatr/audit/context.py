"""Who and where the current request or task comes from, for the audit trail."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    channel: str = "system"
    ip: str | None = None


_SYSTEM = RequestContext()
_current: ContextVar[RequestContext | None] = ContextVar("chatr_request_context", default=None)


def current_context() -> RequestContext:
    """The request's context, or the system channel in tasks and commands."""
    return _current.get() or _SYSTEM


def set_context(context: RequestContext) -> object:
    return _current.set(context)


def reset_context(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
