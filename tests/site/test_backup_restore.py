"""The documented backup restores whole (tools/backup.py; README.md, "Backup and restore").

A programme with pages, bookings, attendance, evaluation answers, progress and an uploaded file is
committed, backed up by the tool in a process of its own (as cron runs it), and the tool's check
restores it into a fresh database and media folder and compares. The check is also shown to notice a
backup that lost rows.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from followup.models import Answer, Kind, Respondent
from tests.followup.conftest import build_programme, user_maker

ROOT = Path(__file__).parents[2]
TOOL = ROOT / "tools" / "backup.py"


def database_url():
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        user = db.get("USER") or "postgres"
        return f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


def run_tool(*args, check=True):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "conecto_site.settings",
        "DJANGO_ENV": "dev",
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    return subprocess.run(
        [sys.executable, str(TOOL), *args], env=env, capture_output=True, text=True, check=check, timeout=300
    )


@pytest.fixture
def programme_on_disk(sv_home, django_user_model):
    built = build_programme(sv_home, user_maker(django_user_model))
    seminar = built["seminar"]
    start = seminar.occurrences.order_by("start").first().original_start
    for name in ("p1", "p2"):
        Respondent.objects.create(
            user=built["people"][name],
            kind=Kind.EVALUATION,
            event_key=seminar.translation_key,
            original_start=start,
            answered_at=start,
        )
        Answer.objects.create(
            kind=Kind.EVALUATION,
            event_key=seminar.translation_key,
            original_start=start,
            organisation="municipality",
            week="2026-W12",
            can_apply=4,
            usefulness=5,
            comment="Mycket användbart – särskilt fallen från Haninge.",
        )
    default_storage.save("documents/program-var.pdf", ContentFile(b"%PDF-1.4 Conecto+ programme\n"))
    return built


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_whole_and_the_check_notices_one_that_lost_rows(programme_on_disk, tmp_path):
    backup = tmp_path / "backup"
    made = run_tool("backup", str(backup))
    assert "Backed up" in made.stdout
    census = json.loads((backup / "census.json").read_text())
    named = census["named"]
    assert named["bookings with attendance"] >= 20 and named["evaluation answers"] == 2
    assert named["completed paths"] == 6 and named["live pages"] >= 8
    assert "documents/program-var.pdf" in census["media"]

    checked = run_tool("check", str(backup))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "restored whole" in checked.stdout
    assert f"evaluation answers: {named['evaluation answers']}" in checked.stdout

    # A census that promises one more answer than the dump holds: as a dump that lost a row.
    census["named"]["evaluation answers"] += 1
    census["tables"]["followup.Answer"]["rows"] += 1
    (backup / "census.json").write_text(json.dumps(census))
    checked = run_tool("check", str(backup), check=False)
    assert checked.returncode == 1
    assert "did NOT restore whole" in checked.stdout
    assert "evaluation answers: 3 in the backup, 2 restored" in checked.stdout
    assert "table followup.Answer: differs" in checked.stdout
