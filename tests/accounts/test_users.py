import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import Organisation, Role
from home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_user_model_is_the_custom_one_with_organisation_and_role():
    user = User.objects.create_user(
        "anna",
        "anna@example.org",
        "pw-123456789",
        organisation=Organisation.FORSAKRINGSKASSAN,
        role=Role.CASEWORKER,
    )
    user.refresh_from_db()
    assert User._meta.label == "accounts.User"
    assert user.get_organisation_display() == "Försäkringskassan"
    assert user.role == "caseworker"


def _member_of(group_name):
    user = User.objects.create_user(f"user-{group_name}", f"{group_name}@example.org", "pw-123456789")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.mark.parametrize(
    ("group_name", "can_edit", "can_publish"),
    [("Editors", True, True), ("Communicators", False, False)],
)
def test_editorial_groups_have_the_right_page_permissions(sv_home, group_name, can_edit, can_publish):
    page = StandardPageFactory(parent=sv_home)
    user = _member_of(group_name)
    permissions = page.permissions_for_user(user)
    assert permissions.can_edit() is can_edit
    assert permissions.can_publish() is can_publish
    assert user.has_perm("wagtailadmin.access_admin")
    assert user.has_perm("wagtail_localize.submit_translation")


@pytest.mark.parametrize("group_name", ["Editors", "Communicators"])
def test_editorial_group_member_reaches_the_admin(client, sv_home, group_name):
    client.force_login(_member_of(group_name))
    assert client.get("/admin/").status_code == 200
    # Communicators see the tree only down to the sections opened to them (tests/home/test_workflow.py).
    if group_name == "Editors":
        assert client.get(f"/admin/pages/{sv_home.pk}/").status_code == 200


def test_participant_without_group_cannot_use_the_admin(client, sv_home):
    client.force_login(User.objects.create_user("deltagare", "d@example.org", "pw-123456789"))
    assert client.get("/admin/").status_code == 302


def test_signup_records_organisation_and_role(client, sv_home):
    response = client.post(
        "/sv/accounts/signup/",
        {
            "email": "lisa@haninge.se",
            "password1": "ett-langt-losenord-42",
            "password2": "ett-langt-losenord-42",
            "first_name": "Lisa",
            "last_name": "Berg",
            "organisation": "municipality",
            "organisation_name": "Haninge kommun",
            "role": "manager",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="lisa@haninge.se")
    assert (user.organisation, user.organisation_name, user.role) == (
        "municipality",
        "Haninge kommun",
        "manager",
    )
    assert user.get_full_name() == "Lisa Berg"


def test_signup_with_unknown_organisation_is_refused_with_a_message(client, sv_home):
    response = client.post(
        "/sv/accounts/signup/",
        {
            "email": "x@example.org",
            "password1": "ett-langt-losenord-42",
            "password2": "ett-langt-losenord-42",
            "first_name": "X",
            "last_name": "Y",
            "organisation": "the-moon",
            "role": "manager",
        },
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode() or "Välj ett giltigt" in response.content.decode()
    assert not User.objects.filter(email="x@example.org").exists()


def test_wagtail_user_admin_edits_organisation_and_role(client, sv_home):
    admin = User.objects.create_superuser("chef", "chef@example.org", "pw-123456789")
    person = User.objects.create_user("per", "per@example.org", "pw-123456789")
    client.force_login(admin)

    edit_url = reverse("wagtailusers_users:edit", args=[person.pk])
    form_page = client.get(edit_url)
    assert form_page.status_code == 200
    assert b'name="organisation"' in form_page.content and b'name="role"' in form_page.content

    response = client.post(
        edit_url,
        {
            "username": "per",
            "email": "per@example.org",
            "first_name": "Per",
            "last_name": "Ek",
            "organisation": "region_stockholm",
            "organisation_name": "Region Stockholm, psykiatrin",
            "role": "healthcare",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content[:1000]
    person.refresh_from_db()
    assert (person.organisation, person.role) == ("region_stockholm", "healthcare")


def test_signup_makes_the_person_choose_organisation_and_role(client, sv_home):
    form = client.get("/sv/accounts/signup/").context["form"]
    assert form.fields["organisation"].choices[0][0] == ""
    assert form.fields["role"].choices[0][0] == ""
    response = client.post(
        "/sv/accounts/signup/",
        {
            "email": "y@example.org",
            "password1": "ett-langt-losenord-42",
            "password2": "ett-langt-losenord-42",
            "first_name": "Y",
            "last_name": "Z",
            "organisation": "",
            "role": "",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="y@example.org").exists()
