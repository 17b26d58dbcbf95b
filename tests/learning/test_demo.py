"""seed_demo's learning paths: three in both languages, built from the demo events and material, and a
staff member who follows two of them."""

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from learning.models import LearningPathPage, PathFollow, ProgressSource, StepCompletion
from learning.progress import GROUP

pytestmark = pytest.mark.django_db


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_adds_three_bilingual_paths_and_a_staff_member_following_two(demo_content, client, english):
    # demo_content: seed_demo's first run on the migrated database (tests/conftest.py), and its output.
    assert "Log in at /sv/accounts/login/ as deltagare@example.org / conecto-demo" in demo_content

    swedish = {p.title: p for p in LearningPathPage.objects.live().filter(locale__language_code="sv")}
    assert set(swedish) == {
        "Supported Employment i praktiken",
        "Samverkan för individen",
        "Jämställt och icke-diskriminerande bemötande",
    }
    for path in swedish.values():
        translation = path.get_translation(english)
        assert translation.live and translation.title != path.title
        assert path.themes.exists()
    kinds = {step.kind for path in swedish.values() for step in path.structure.steps}
    assert kinds >= {"seminar", "module", "supervision", "material"}
    assert any(block["type"] == GROUP for block in swedish["Samverkan för individen"].steps.raw_data)
    assert any(step.prerequisite for step in swedish["Supported Employment i praktiken"].structure.steps)
    materials = [b["value"] for p in swedish.values() for b in p.steps.raw_data if b["type"] == "material"]
    assert any(m["page"] for m in materials)
    assert any(m["document"] for m in materials)
    assert any(m["url"] for m in materials)

    follows = PathFollow.objects.filter(user__username="deltagare")
    assert follows.count() == 2
    # Two steps the demo reports done; the attendance demo (bookings/demo_attendance.py) may add more.
    completions = StepCompletion.objects.filter(user__username="deltagare")
    assert completions.filter(source=ProgressSource.SELF_REPORT).count() == 2
    done = completions.count()

    seed()  # twice changes nothing
    assert follows.count() == 2
    assert StepCompletion.objects.filter(user__username="deltagare").count() == done

    assert client.login(username="deltagare@example.org", password="conecto-demo")
    for url in ("/sv/mitt-larande/", "/en/my-learning/"):
        page = BeautifulSoup(client.get(url).content, "html.parser")
        bars = page.select("progress")
        assert len(bars) == 2 and all(int(bar["value"]) > 0 for bar in bars), url
    home = BeautifulSoup(client.get("/en/").content, "html.parser")
    featured = [a.get_text(strip=True) for a in home.select(".featured-paths .card__title a")]
    assert featured == ["Supported Employment in practice", "Collaboration for the individual"]
