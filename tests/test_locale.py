"""Every user-visible string has Swedish text, and the compiled catalogue matches the source."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
PO_PATH = ROOT / "locale" / "sv" / "LC_MESSAGES" / "django.po"
# Swedish for django-recurrence's editor widget, which ships none (tools/recurrence_widget_sv.py).
JS_PO_PATH = ROOT / "locale" / "sv" / "LC_MESSAGES" / "djangojs.po"


@pytest.mark.parametrize("po_path", [PO_PATH, JS_PO_PATH], ids=["django", "djangojs"])
def test_every_message_has_a_swedish_translation(po_path):
    catalogue = polib.pofile(str(po_path))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert len(catalogue.translated_entries()) > 50


@pytest.mark.parametrize("po_path", [PO_PATH, JS_PO_PATH], ids=["django", "djangojs"])
def test_compiled_catalogue_matches_the_source(po_path):
    source = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(po_path)).translated_entries()}
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(po_path.with_suffix(".mo")))}
    compiled.pop((None, ""), None)
    assert compiled == source, f"run `make messages` to recompile {po_path.with_suffix('.mo')}"


def test_the_recurrence_widget_has_every_string_of_the_installed_package():
    import recurrence

    package_po = Path(recurrence.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "djangojs.po"
    wanted = {(e.msgctxt, e.msgid) for e in polib.pofile(str(package_po))}
    ours = {(e.msgctxt, e.msgid) for e in polib.pofile(str(JS_PO_PATH)).translated_entries()}
    assert wanted - ours == set(), "run tools/recurrence_widget_sv.py after upgrading django-recurrence"


@pytest.mark.django_db
def test_the_widget_catalogue_follows_the_editors_language(client, django_user_model):
    from django.urls import reverse

    editor = django_user_model.objects.create_superuser("redaktor", "r@example.org", "pw")
    client.force_login(editor)
    url = reverse("events_recurrence_jsi18n")
    assert "Uteslut detta datum" in client.get(url).content.decode()
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    assert "Uteslut detta datum" not in client.get(url).content.decode()


# What makemessages reads (the code and templates) and the catalogue it merges into. The test copies
# them to a temporary folder and extracts there, so the tracked locale/ is never written to.
EXTRACTED_FOLDERS = [
    "accounts",
    "bench",
    "bookings",
    "events",
    "home",
    "learning",
    "site",
    "templates",
    "tools",
]


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is needed to extract strings"
)
def test_catalogue_contains_every_string_in_the_code_and_templates(tmp_path):
    copy = tmp_path / "tree"
    for folder in EXTRACTED_FOLDERS:
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "manage.py", copy / "manage.py")
    copied_po = copy / PO_PATH.relative_to(ROOT)
    copied_po.parent.mkdir(parents=True)
    shutil.copy2(PO_PATH, copied_po)
    tracked_before = PO_PATH.read_bytes()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "sv", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    assert PO_PATH.read_bytes() == tracked_before, "makemessages wrote into the tracked catalogue"
    extracted = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copied_po)) if not e.obsolete}
    translated = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO_PATH)).translated_entries()}
    assert len(extracted) > 50, "makemessages found the strings in the copied code"
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
