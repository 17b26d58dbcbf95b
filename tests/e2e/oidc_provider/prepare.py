"""Make the identity provider's database: migrate, one member of staff, and this site registered as a
confidential client. `python -m tests.e2e.oidc_provider.prepare '<json>'`, with the settings'
environment (settings.py) and a JSON object of the keys `register` reads."""

import json
import os
import sys

import django


def register(client_id, client_secret, redirect_uris, username, password, email, first_name, last_name):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    get_user_model().objects.create_user(
        username, email=email, password=password, first_name=first_name, last_name=last_name
    )
    Application.objects.create(
        name="Conecto+",
        client_id=client_id,
        client_secret=client_secret,  # stored hashed
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(redirect_uris),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=False,  # people are asked to consent, as at a real provider
    )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.e2e.oidc_provider.settings")
    django.setup()
    register(**json.loads(sys.argv[1]))
