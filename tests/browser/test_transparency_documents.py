"""Plans and research on the transparency portal: a citizen opens the research list and
downloads a report; an editor uploads a document and a reviewer publishes it. Every page
passes axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from chatr.demo.world import World
from chatr.transparency.choices import DatasetCategory, RecordState
from chatr.transparency.demo_documents import minimal_pdf
from chatr.transparency.models import Document
from chatr.transparency.tests.test_documents import documents_dataset, make_document
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import persian, sign_in_staff


@pytest.fixture
def research(world: World) -> dict[str, object]:
    dataset = documents_dataset(title_fa="پژوهش‌های سازمان بهزیستی")
    plans = documents_dataset(category=DatasetCategory.PLANS, title_fa="برنامه‌های ستاد ملی")
    report = make_document(
        dataset,
        "R-1402-011",
        title="سالمندی فعال در ایران",
        summary="مطالعه ملی سالمندی",
        keywords="سالمندی",
        year=1402,
    )
    make_document(dataset, "R-1403-009", title="شیوع اوتیسم", summary="", keywords="")
    make_document(plans, "SP-1400", title="برنامه راهبردی", summary="", keywords="")
    return {"dataset": dataset, "report": report}


@pytest.mark.browser
def test_a_citizen_opens_the_research_list_and_downloads_a_report(
    page: Page, research: dict[str, object]
) -> None:
    report = research["report"]
    page.goto("/transparency/")
    assert_accessible(page)
    page.get_by_role("link", name="پژوهش‌های سازمان بهزیستی").click()
    page.wait_for_url(re.compile(r".*/transparency/documents/\?publisher=HQ"))
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)

    page.get_by_label(persian("Plans or research")).select_option(value="research")
    # Typed with an Arabic yeh, as many keyboards do.
    page.get_by_label(persian("Title, number, author or keyword")).fill("سالمندي")
    page.get_by_role("button", name=persian("Search")).click()
    page.wait_for_url(re.compile(r".*/transparency/documents/\?.*category=research.*"))
    results = page.locator("#document-results")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(page.locator("#results-count")).to_contain_text("۱")
    assert_accessible(page)

    results.get_by_role("link", name="سالمندی فعال در ایران", exact=True).click()
    page.wait_for_url(f"**/transparency/documents/{report.pk}/")  # type: ignore[attr-defined]
    expect(page.locator("h1")).to_have_text("سالمندی فعال در ایران")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role(
            "link", name=re.compile(re.escape(persian("Download the document (PDF)")))
        ).click()
    download = download_info.value
    assert download.suggested_filename == "R-1402-011.pdf"
    with open(download.path(), "rb") as file:
        assert file.read().startswith(b"%PDF-")


@pytest.mark.browser
def test_an_editor_uploads_a_document_and_a_reviewer_publishes_it(
    page: Page, world: World, research: dict[str, object]
) -> None:
    dataset = research["dataset"]
    sign_in_staff(page, "hq_officer")
    page.goto("/transparency/manage/documents/new/")
    assert_accessible(page)

    form = page.locator("main form[enctype='multipart/form-data']")
    form.get_by_label(persian("Dataset")).select_option(value=str(dataset.pk))  # type: ignore[attr-defined]
    form.get_by_label(persian("Document number or code")).fill("R-۱۴۰۴-۰۰۲")
    form.locator("#id_title").fill("ارزیابی مراکز مثبت زندگی")
    form.get_by_label(persian("Document type")).select_option(value="evaluation")
    form.get_by_label(persian("Year published (Persian calendar)")).fill("۱۴۰۴")
    form.get_by_label(persian("Authors")).fill("مریم رضایی")
    form.locator("#id_file").set_input_files(
        files=[
            {
                "name": "evaluation.pdf",
                "mimeType": "application/pdf",
                "buffer": minimal_pdf("Evaluation", pages=3),
            }
        ]
    )
    form.get_by_role("button", name=persian("Upload for review")).click()
    page.wait_for_url("**/transparency/manage/documents/*/")
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "draft")
    expect(page.get_by_role("button", name=persian("Publish"))).to_have_count(0)
    manage_url = page.url
    assert_accessible(page)
    document = Document.objects.get(number="R-1404-002")
    assert document.page_count == 3 and document.state == RecordState.DRAFT

    page.context.clear_cookies()
    sign_in_staff(page, "hq_manager")
    page.goto("/transparency/manage/documents/new/")
    assert_accessible(page)
    page.get_by_role("link", name="ارزیابی مراکز مثبت زندگی").click()
    page.wait_for_url(manage_url)
    assert_accessible(page)
    page.get_by_role("button", name=persian("Publish")).click()
    page.wait_for_url(manage_url)
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "published")
    expect(page.locator(".messages")).to_contain_text(
        persian("Published: the document is now public.")
    )
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto("/transparency/documents/?q=مثبت")
    assert_accessible(page)
    expect(page.locator("#document-results tbody tr")).to_have_count(1)
    page.get_by_role("link", name="ارزیابی مراکز مثبت زندگی", exact=True).click()
    expect(page.locator("h1")).to_have_text("ارزیابی مراکز مثبت زندگی")
    expect(page.get_by_text("مریم رضایی")).to_be_visible()
    assert_accessible(page)
