import pytest

from chatr.ui.htmx import is_htmx, render_page_or_partial


@pytest.fixture(autouse=True)
def two_templates(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"page.html": "page:{{ name }}", "partial.html": "partial:{{ name }}"},
                    )
                ]
            },
        }
    ]


def render(request):
    return render_page_or_partial(
        request, page="page.html", partial="partial.html", context={"name": "x"}
    )


def test_plain_request_is_not_htmx(rf):
    assert not is_htmx(rf.get("/"))


def test_request_with_hx_request_header_is_htmx(rf):
    assert is_htmx(rf.get("/", headers={"HX-Request": "true"}))


def test_full_load_gets_the_page(rf):
    assert render(rf.get("/")).content == b"page:x"


def test_htmx_swap_gets_the_partial(rf):
    assert render(rf.get("/", headers={"HX-Request": "true"})).content == b"partial:x"


def test_boosted_navigation_gets_the_page(rf):
    request = rf.get("/", headers={"HX-Request": "true", "HX-Boosted": "true"})

    assert render(request).content == b"page:x"


def test_history_restore_gets_the_page(rf):
    request = rf.get("/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})

    assert render(request).content == b"page:x"


def test_response_varies_on_hx_request_so_caches_keep_both(rf):
    assert "HX-Request" in render(rf.get("/"))["Vary"]
