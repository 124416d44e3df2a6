"""Database helpers shared by modules that run large set-based statements."""

from __future__ import annotations

import re
from typing import Any

from django.db import connection

_MEMORY = re.compile(r"^[1-9][0-9]*(kB|MB|GB)$")


def tune_for_bulk(cursor: Any, *, work_mem: str = "256MB") -> None:
    """PostgreSQL only, until the end of the current transaction (so also the outer one when
    called inside it): enough memory to hash and sort a bulk statement's rows without
    spilling to disk, and no JIT compilation, which costs more than it saves on these
    statements (hundreds of milliseconds of compiling for a statement that runs in one
    second). A no-op on SQLite."""
    if not _MEMORY.match(work_mem):
        raise ValueError(f"work_mem must look like '64MB', not {work_mem!r}")
    if connection.vendor == "postgresql":
        cursor.execute(f"SET LOCAL work_mem = '{work_mem}'")
    jit_off(cursor)


def jit_off(cursor: Any) -> None:
    """PostgreSQL only, until the end of the current transaction: no JIT compilation. The
    planner over-estimates the rows of large aggregates and compiles them, which costs
    50–150 ms a statement and never pays back at this size. A no-op on SQLite."""
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL jit = off")
