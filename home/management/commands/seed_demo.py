"""Load bilingual demo content about the programme. Safe to run twice: existing content is kept.

Each app seeds its own content through the ``register_demo_content`` hook (home/demo.py); this
command only runs the seeders in order and prints the logins.
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home.demo import DEMO_PASSWORD_DEFAULT, DemoContext, run_seeders
from home.models import HomePage


class Command(BaseCommand):
    help = "Create bilingual (Swedish and English) demo content and demo logins. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production", action="store_true", help="Run even when DJANGO_ENV=production."
        )

    def handle(self, *args, **options):
        if os.environ.get("DJANGO_ENV") == "production" and not options["allow_production"]:
            raise CommandError("Refusing to load demo content in production (use --allow-production).")
        password = os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)
        home = HomePage.objects.filter(locale__language_code="sv").first()
        if home is None:
            raise CommandError("No Swedish home page: run `python manage.py migrate` first.")
        demo = DemoContext(homes={"sv": home}, password=password, stdout=self.stdout)
        with transaction.atomic():
            created = run_seeders(demo)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({created} new pages)."))
        for login in demo.logins:
            # (username, who) logs in to the admin; (login, who, where) elsewhere, e.g. on the site.
            username, who, where = (*login, "/admin/")[:3]
            self.stdout.write(f"  Log in at {where} as {username} / {password} ({who})")
