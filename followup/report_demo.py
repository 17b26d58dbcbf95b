"""Demo content of the follow-up reports: a login in the Follow-up group (programme management), so
`make run` shows the reports and the participant list as that role sees them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.models import Organisation, Role

FOLLOW_UP_LOGIN = {
    "username": "uppfoljning",
    "email": "uppfoljning@example.org",
    "first_name": "Maria",
    "last_name": "Lind",
    "organisation": Organisation.OTHER,
    "organisation_name": "Samordningsförbundet Östra Södertörn",
    "role": Role.COORDINATOR,
}


def seed_follow_up_login(demo):
    User = get_user_model()
    username = FOLLOW_UP_LOGIN["username"]
    user, created = User.objects.get_or_create(
        username=username, defaults={k: v for k, v in FOLLOW_UP_LOGIN.items() if k != "username"}
    )
    if created:
        user.set_password(demo.password)
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name="Follow-up"))
    if not any(login[0] == username for login in demo.logins):
        demo.logins.append((username, "Follow-up: the funder's reports and the participant list"))
    return 0
