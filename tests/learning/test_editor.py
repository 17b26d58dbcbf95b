"""The path editor in the Wagtail admin, over HTTP."""

import html
import json

import pytest
from django.urls import reverse

from learning.models import LearningPathPage
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("redaktor", "redaktor@example.org", "pw")
    client.force_login(admin)
    return client


def shows(response, text):
    """The StreamField editor is drawn from JSON in an HTML attribute: look for the text there."""
    return json.dumps(text)[1:-1] in html.unescape(response.content.decode())


def material_fields(index, block_id, title, prerequisite=""):
    prefix = f"steps-{index}"
    return {
        f"{prefix}-deleted": "",
        f"{prefix}-order": str(index),
        f"{prefix}-type": "material",
        f"{prefix}-id": block_id,
        f"{prefix}-value-title": title,
        f"{prefix}-value-description": "",
        f"{prefix}-value-page": "",
        f"{prefix}-value-document": "",
        f"{prefix}-value-url": "https://example.org/" + block_id,
        f"{prefix}-value-required": "on",
        f"{prefix}-value-effort_hours": "",
        f"{prefix}-value-prerequisite": prerequisite,
    }


def test_the_editor_offers_the_paths_own_steps_as_prerequisites(editor_client, simple_path):
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[simple_path.pk]))
    reading, seminar = simple_path.structure.steps
    assert shows(response, f'<option value="{reading.id}">1. Läs om IPS</option>')
    assert shows(response, f'<option value="{seminar.id}">2. Supported Employment i praktiken</option>')


def test_the_seminar_chooser_lists_only_seminars(editor_client, make_event):
    make_event(title="Ett seminarium")
    make_event(title="En handledning", event_type="supervision")
    body = editor_client.get(reverse("learning_seminar_chooser:choose")).content.decode()
    assert "Ett seminarium" in body and "En handledning" not in body
    body = editor_client.get(reverse("learning_supervision_chooser:choose")).content.decode()
    assert "En handledning" in body and "Ett seminarium" not in body


def test_reordering_in_the_editor_keeps_ids_and_a_later_prerequisite_is_refused(editor_client, make_path):
    page = make_path([])
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = admin_form_data(editor_client, url)
    data.update(material_fields(0, "step-b", "Andra", prerequisite="step-a"))
    data.update(material_fields(1, "step-a", "Första"))
    data["steps-count"] = "2"
    response = editor_client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert shows(response, "Steget som ska göras först måste komma tidigare i lärvägen.")

    # Moved into order, the same steps save with the ids they had in the editor.
    data.update(material_fields(0, "step-a", "Första"))
    data.update(material_fields(1, "step-b", "Andra", prerequisite="step-a"))
    response = editor_client.post(url, data)
    assert response.status_code == 302
    draft = LearningPathPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert [(s.id, s.prerequisite) for s in draft.structure.steps] == [("step-a", None), ("step-b", "step-a")]


def test_the_editor_previews_a_new_path_before_it_is_saved(editor_client, path_index, seminar):
    from learning.factories import session_step

    new_page = LearningPathPage(title="Ny lärväg", slug="ny-larvag", steps=[session_step(seminar)])
    response = new_page.make_preview_request()
    assert response.status_code == 200
    assert "Supported Employment i praktiken" in response.content.decode()
