import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_scratch(live_server, page, bilingual_pages):
    base = live_server.url.replace("localhost", "127.0.0.1")
    u = get_user_model().objects.create_user(
        "redaktor", "redaktor@example.org", "pw-e2e-1234", first_name="Rut", last_name="Redaktör"
    )
    u.groups.add(Group.objects.get(name="Editors"))
    r = page.goto(base + "/admin/")
    print(page.url, r.status)
    print(page.locator("form").first.inner_html()[:3000])
    page.fill("input[name=username]", "redaktor")
    page.fill("input[name=password]", "pw-e2e-1234")
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    print(page.url, page.title(), page.locator("h1").all_inner_texts())
    page.goto(base + f"/admin/pages/{bilingual_pages.sv_home.id}/")
    page.wait_for_load_state("networkidle")
    print(page.url, page.title(), page.locator("h1").all_inner_texts())
    print(page.locator("main table").inner_text()[:2000])
    page.goto(base + f"/admin/pages/{bilingual_pages.sv_about.id}/edit/")
    page.wait_for_load_state("networkidle")
    print(page.url, page.title(), page.locator("h1").all_inner_texts())
    print(
        page.locator("[name=title]").evaluate("e => e.outerHTML"), page.locator("[name=title]").input_value()
    )
    print(
        page.locator("[data-contentpath=body]").first.inner_text()[:1000]
        if page.locator("[data-contentpath=body]").count()
        else "no body"
    )
    print(page.js_errors)
    assert 0
