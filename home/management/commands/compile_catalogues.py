"""Compile locale/*/LC_MESSAGES/*.po into .mo with polib, so no system gettext is needed."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def compiled_catalogues():
    for locale_path in settings.LOCALE_PATHS:
        yield from sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po"))


class Command(BaseCommand):
    help = "Compile the project's translation catalogues (locale/) into .mo files."

    def handle(self, *args, **options):
        for po_path in compiled_catalogues():
            catalogue = polib.pofile(str(po_path))
            untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
            fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
            if untranslated or fuzzy:
                raise CommandError(f"{po_path}: untranslated {untranslated!r}, fuzzy {fuzzy!r}")
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
            self.stdout.write(f"Compiled {po_path} ({len(catalogue)} messages)")
