"""The page delete dialog speaks correct Swedish about events ("evenemang" is neuter)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from events.factories import EventIndexPageFactory, EventPageFactory
from home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_the_delete_dialog_names_a_referenced_event_without_a_wrong_gender(sv_home):
    calendar = EventIndexPageFactory(parent=sv_home)
    event = EventPageFactory(parent=calendar, title="Seminarium om samverkan")
    event.save_revision().publish()
    linking = StandardPageFactory(
        parent=sv_home, body=[("rich_text", f'<p><a linktype="page" id="{event.pk}">Läs mer</a></p>')]
    )
    linking.save_revision().publish()
    editor = get_user_model().objects.create_user("redaktor", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)

    dialog = BeautifulSoup(client.get(f"/admin/pages/{event.pk}/delete/").content, "html.parser")
    usage = dialog.select_one(f"a[href^='/admin/pages/{event.pk}/usage/']").get_text(" ", strip=True)
    assert "Denna evenemang" not in usage
    assert usage == "Evenemang används på 1 ställe."
