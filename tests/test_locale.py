"""Every user-visible string has Swedish text, and the compiled catalogue matches the source."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
PO_PATH = ROOT / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def test_every_message_has_a_swedish_translation():
    catalogue = polib.pofile(str(PO_PATH))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert len(catalogue.translated_entries()) > 50


def test_compiled_catalogue_matches_the_source():
    source = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(PO_PATH)).translated_entries()}
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(PO_PATH.with_suffix(".mo")))}
    compiled.pop((None, ""), None)
    assert compiled == source, "run `make messages` to recompile locale/sv/LC_MESSAGES/django.mo"


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is needed to extract strings"
)
def test_catalogue_contains_every_string_in_the_code_and_templates():
    before = PO_PATH.read_bytes()
    try:
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "--locale",
                "sv",
                "--no-obsolete",
                "--ignore",
                ".venv/*",
                "--ignore",
                "node_modules/*",
                "--ignore",
                "tests/*",
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        extracted = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO_PATH)) if not e.obsolete}
    finally:
        PO_PATH.write_bytes(before)
    translated = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO_PATH)).translated_entries()}
    assert extracted - translated == set(), "run `make messages` and translate the new strings"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "skip_text", "nav_label"),
    [
        ("/sv/accounts/login/", "Hoppa till huvudinnehållet", "Huvudmeny"),
        ("/en/accounts/login/", "Skip to main content", "Main navigation"),
    ],
)
def test_interface_text_follows_the_language(client, path, skip_text, nav_label):
    body = client.get(path).content.decode()
    assert skip_text in body
    assert f'aria-label="{nav_label}"' in body
