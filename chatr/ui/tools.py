"""Staff tools shown on the workspace, registered by each app in AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class Tool:
    key: str
    title: Any  # lazy translated
    url_name: str
    perm: str  # shown to staff who hold this permission somewhere

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_TOOLS: dict[str, Tool] = {}


def register_tool(tool: Tool) -> None:
    _TOOLS[tool.key] = tool


def tools_for(scope: Any) -> list[Tool]:
    """The tools this scope may use, in registration order."""
    return [tool for tool in _TOOLS.values() if scope.has_perm(tool.perm)]
