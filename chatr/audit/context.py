"""Who and where the current request or task comes from, for the audit trail."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    channel: str = "system"
    ip: str | None = None


_current: ContextVar[RequestContext] = ContextVar("chatr_request_context",
                                                  default=RequestContext())


def current_context() -> RequestContext:
    return _current.get()


def set_context(context: RequestContext) -> object:
    return _current.set(context)


def reset_context(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
