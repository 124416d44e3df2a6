"""axe-core checks for browser tests: every page a journey opens must pass them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_PATH = Path(__file__).parent / "vendor" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA: what the organization has to meet.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
TARGETS_SHOWN = 3

_RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    count: v.nodes.length, targets: v.nodes.map((node) => node.target.join(" ")),
  }));
}"""


def _describe(violation: dict[str, Any]) -> str:
    targets = ", ".join(violation["targets"][:TARGETS_SHOWN])
    more = violation["count"] - min(violation["count"], TARGETS_SHOWN)
    suffix = f" (+{more} more)" if more else ""
    return f"  {violation['id']} [{violation['impact']}] {violation['help']}: {targets}{suffix}"


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page as it is now; fail on any serious or critical violation."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE_PATH)
    violations = page.evaluate(_RUN_AXE, AXE_TAGS)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    _journal(page).mark_checked(page.url)
    assert not blocking, f"axe-core violations on {page.url}:\n" + "\n".join(
        _describe(v) for v in blocking
    )


def exempt_from_accessibility_check(page: Page, *, reason: str) -> None:
    """Record that the current page is deliberately not checked, and why."""
    assert reason, "say why the page is not checked"
    _journal(page).mark_checked(page.url)


class NavigationJournal:
    """What the page showed, and whether axe checked each view, so that a journey cannot
    open a page without checking it.

    A view is a new document, or a new URL pushed by htmx (a swap worth checking). Jumps to a
    fragment and htmx's replaceState of the current URL are the same view, not new ones.
    """

    def __init__(self) -> None:
        self.entries: list[list[Any]] = []  # [url without fragment, checked]
        self._same_url_navigation = False

    def navigated(self, url: str) -> None:
        if url == "about:blank":
            return
        document_url = url.partition("#")[0]
        if self.entries and self.entries[-1][0] == document_url:
            # A new view only if a new document follows (a form posted back to its own URL).
            self._same_url_navigation = True
            return
        self._same_url_navigation = False
        self.entries.append([document_url, False])

    def document_loaded(self) -> None:
        if self._same_url_navigation:
            self._same_url_navigation = False
            self.entries.append([self.entries[-1][0], False])

    def mark_checked(self, url: str) -> None:
        document_url = url.partition("#")[0]
        for entry in reversed(self.entries):
            if entry[0] == document_url:
                entry[1] = True
                return

    def unchecked(self) -> list[str]:
        return [url for url, checked in self.entries if not checked]


_JOURNAL_ATTRIBUTE = "_chatr_navigation_journal"


def attach_journal(page: Page) -> NavigationJournal:
    journal = NavigationJournal()
    setattr(page, _JOURNAL_ATTRIBUTE, journal)
    page.on(
        "framenavigated",
        lambda frame: journal.navigated(frame.url) if frame == page.main_frame else None,
    )
    page.on("domcontentloaded", lambda _page: journal.document_loaded())
    return journal


def _journal(page: Page) -> NavigationJournal:
    return getattr(page, _JOURNAL_ATTRIBUTE, None) or attach_journal(page)
