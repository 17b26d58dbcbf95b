"""A browser gets public pages gzip-compressed from the page cache (site/content_encoding.py), and they
are the same pages: the same heading, language and text, and no accessibility regressions."""

import pytest


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_cached_page_comes_compressed_and_reads_the_same(
    site_url, page, axe_check, bilingual_pages, settings
):
    from home.models import FooterLinks

    settings.PAGE_CACHE_SECONDS = 300  # as in production; the test settings turn it off
    # The footer's settings exist, as on any site that has served a page: the first page to read them
    # would create them, which counts as a change and starts a new cache key.
    FooterLinks.for_site(bilingual_pages.sv_home.get_site())
    url = site_url + bilingual_pages.sv_about.get_url()

    served = []
    for _ in range(2):  # the first view stores the page, the second is answered from the cache
        response = page.goto(url)
        assert response is not None and response.status == 200
        served.append((response.headers.get("x-page-cache"), response.headers.get("content-encoding")))
        assert page.locator("h1").inner_text() == "Om Conecto+"
        assert page.locator("html").get_attribute("lang") == "sv"
        assert "samordningsförbundens" in page.locator("main").inner_text()
    assert served == [("miss", "gzip"), ("hit", "gzip")]

    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)
    assert not page.js_errors, "\n".join(page.js_errors)
