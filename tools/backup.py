"""Backup and restore of the database and the media files, and a check that a backup restores.

    python tools/backup.py backup DIR            # DIR/database.dump (or .sqlite3), media.tar.gz, census.json
    python tools/backup.py restore DIR           # into the (empty) database DATABASE_URL names, media into MEDIA_ROOT
    python tools/backup.py check DIR             # restore into a fresh database and media folder, compare

The database is the one ``DATABASE_URL`` names (SQLite's db.sqlite3 without it), as for the site. On
PostgreSQL the backup is ``pg_dump --format=custom``; on SQLite a copy made with SQLite's online
backup, which is consistent while the site writes. Beside it the backup keeps a *census*: for every
table of every installed app, its number of rows and a SHA-256 of its rows in id order, with the
figures people ask about first (pages, bookings by state, attendance, evaluation answers, progress)
named; and the SHA-256 of each media file. On PostgreSQL the census and the dump read the same
snapshot (``pg_export_snapshot``), so they describe the same moment however busy the site is.

``check`` restores the backup into a database made for it (a new PostgreSQL database beside the
source's, or a new SQLite file) and a new media folder, takes the census there and compares: exit 0
when everything came back, 1 with the tables that differ. It drops what it made unless ``--keep``.
README.md, "Backup and restore", says how production runs it.
"""

import argparse
import contextlib
import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
CENSUS = "census.json"
MEDIA = "media.tar.gz"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"

# The figures people ask about first, by what they are called: (model label, field, values).
NAMED = {
    "pages": ("wagtailcore.Page", None, None),
    "live pages": ("wagtailcore.Page", "live", (True,)),
    "page revisions": ("wagtailcore.Revision", None, None),
    "occurrences": ("events.Occurrence", None, None),
    "bookings": ("bookings.Booking", None, None),
    "bookings with attendance": ("bookings.Booking", "state", ("attended", "partly_attended", "no_show")),
    "booking history rows": ("bookings.BookingChange", None, None),
    "evaluation answers": ("followup.Answer", None, None),
    "respondents": ("followup.Respondent", None, None),
    "completed steps": ("learning.StepCompletion", None, None),
    "completed paths": ("learning.PathCompletion", None, None),
    "people": ("accounts.User", None, None),
}


def setup_django(database_url=None):
    sys.path.insert(0, str(ROOT))
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conecto_site.settings")
    import django

    django.setup()


def database_settings():
    from django.conf import settings

    return settings.DATABASES["default"]


def is_postgres(db):
    return db["ENGINE"] == "django.db.backends.postgresql"


def libpq_env(db):
    env = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[name] = str(db[key])
    return env


def rows_digest(model):
    digest = hashlib.sha256()
    count = 0
    for row in model._base_manager.order_by("pk").values_list().iterator(chunk_size=2000):
        digest.update(repr(row).encode())
        count += 1
    return count, digest.hexdigest()


def media_census(media_root):
    files = {}
    root = Path(media_root)
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            files[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def take_census():
    """The census of the database Django is set up with (in the current transaction) and of MEDIA_ROOT."""
    from django.apps import apps
    from django.conf import settings

    tables = {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        count, digest = rows_digest(model)
        tables[model._meta.label] = {"rows": count, "sha256": digest}
    named = {}
    for name, (label, field, values) in NAMED.items():
        model = apps.get_model(label)
        queryset = model._base_manager.all()
        if field:
            queryset = queryset.filter(**{f"{field}__in": values})
        named[name] = queryset.count()
    return {"named": named, "tables": tables, "media": media_census(settings.MEDIA_ROOT)}


def backup(directory):
    from django.conf import settings
    from django.db import connection, transaction

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    db = database_settings()
    if is_postgres(db):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                (snapshot,) = cursor.fetchone()
            census = take_census()
            subprocess.run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(directory / PG_DUMP),
                    db["NAME"],
                ],
                check=True,
                env=libpq_env(db),
            )
    else:
        import sqlite3

        copy = directory / SQLITE_COPY
        copy.unlink(missing_ok=True)
        source, target = sqlite3.connect(db["NAME"]), sqlite3.connect(copy)
        with contextlib.closing(source), contextlib.closing(target):
            source.backup(target)
        census = census_of(f"sqlite:///{copy}", settings.MEDIA_ROOT)
        census["media"] = media_census(settings.MEDIA_ROOT)
    with tarfile.open(directory / MEDIA, "w:gz") as archive:
        if Path(settings.MEDIA_ROOT).is_dir():
            archive.add(settings.MEDIA_ROOT, arcname="media")
    (directory / CENSUS).write_text(json.dumps(census, indent=1, sort_keys=True))
    return census


def census_of(database_url, media_root):
    """The census taken by a process of its own set up on ``database_url`` and ``media_root``."""
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root)}
    done = subprocess.run(
        [sys.executable, __file__, "census"], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout)


def restore(directory, database_url, media_root):
    """Into an empty database (PostgreSQL: made, SQLite: a file not yet there) and media folder."""
    directory = Path(directory)
    parts = urlsplit(database_url)
    if parts.scheme.startswith("postgres"):
        env = {**os.environ}
        for value, name in (
            (parts.hostname, "PGHOST"),
            (parts.port, "PGPORT"),
            (parts.username, "PGUSER"),
            (parts.password, "PGPASSWORD"),
        ):
            if value:
                env[name] = str(value)
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "--dbname",
                parts.path.lstrip("/"),
                str(directory / PG_DUMP),
            ],
            check=True,
            env=env,
        )
    else:
        target = Path(parts.path[1:])  # sqlite:///relative, sqlite:////absolute (as dj-database-url)
        if target.exists():
            raise SystemExit(f"{target} exists: restore into a new file")
        shutil.copyfile(directory / SQLITE_COPY, target)
    media_root = Path(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(directory / MEDIA) as archive:
        for member in archive.getmembers():
            if not (member.isfile() or member.isdir()) or member.name.startswith("/") or ".." in member.name:
                raise SystemExit(f"refusing {member.name!r} in the media archive")
            member.name = member.name.removeprefix("media").lstrip("/") or "."
            archive.extract(member, media_root, filter="data")


def differences(expected, found):
    lines = []
    for name, count in expected["named"].items():
        if found["named"].get(name) != count:
            lines.append(f"{name}: {count} in the backup, {found['named'].get(name)} restored")
    for label, table in expected["tables"].items():
        if found["tables"].get(label) != table:
            lines.append(f"table {label}: differs ({table['rows']} rows in the backup)")
    if expected["media"] != found["media"]:
        missing = sorted(set(expected["media"]) - set(found["media"]))
        lines.append(f"media files differ ({len(missing)} missing)")
    return lines


@contextlib.contextmanager
def fresh_database(source):
    """A new database of the source's kind, dropped afterwards unless kept."""
    if is_postgres(source):
        import psycopg

        name = f"restore_check_{secrets.token_hex(4)}"
        admin = psycopg.connect(dbname="postgres", autocommit=True, **connect_args(source))
        with contextlib.closing(admin):
            admin.execute(f'CREATE DATABASE "{name}"')
            try:
                host = source.get("HOST") or "localhost"
                port = f":{source['PORT']}" if source.get("PORT") else ""
                user = source.get("USER") or ""
                password = f":{source['PASSWORD']}" if source.get("PASSWORD") else ""
                yield f"postgres://{user}{password}@{host}{port}/{name}", name
            finally:
                if not KEEP:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        folder = Path(tempfile.mkdtemp(prefix="restore-check-"))
        try:
            yield f"sqlite:///{folder / 'restored.sqlite3'}", str(folder / "restored.sqlite3")
        finally:
            if not KEEP:
                shutil.rmtree(folder, ignore_errors=True)


def connect_args(db):
    return {
        key: value
        for key, value in (
            ("host", db.get("HOST")),
            ("port", db.get("PORT")),
            ("user", db.get("USER")),
            ("password", db.get("PASSWORD")),
        )
        if value
    }


KEEP = False


def check(directory):
    if not (Path(directory) / CENSUS).is_file():
        raise SystemExit(f"{directory} holds no {CENSUS}: is it a backup made by `tools/backup.py backup`?")
    expected = json.loads((Path(directory) / CENSUS).read_text())
    media_root = Path(tempfile.mkdtemp(prefix="restore-check-media-"))
    try:
        with fresh_database(database_settings()) as (url, name):
            restore(directory, url, media_root)
            found = census_of(url, media_root)
            problems = differences(expected, found)
            where = f"{name} and {media_root}" if KEEP else "a fresh database and media folder"
    finally:
        if not KEEP:
            shutil.rmtree(media_root, ignore_errors=True)
    if problems:
        print(f"The backup did NOT restore whole into {where}:")
        for line in problems:
            print(f"  {line}")
        return 1
    print(f"The backup restored whole into {where}:")
    for name, count in found["named"].items():
        print(f"  {name}: {count}")
    print(f"  tables: {len(found['tables'])}, each with the same rows; media files: {len(found['media'])}")
    return 0


def main(argv=None):
    global KEEP
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("backup", "restore", "check"):
        command = commands.add_parser(name)
        command.add_argument("directory")
    commands.choices["check"].add_argument("--keep", action="store_true", help="keep the restored database")
    commands.add_parser("census")
    args = parser.parse_args(argv)
    setup_django()
    if args.command == "census":
        json.dump(take_census(), sys.stdout)
        return 0
    if args.command == "backup":
        census = backup(args.directory)
        print(
            f"Backed up {census['named']['pages']} pages, {census['named']['bookings']} bookings and "
            f"{len(census['media'])} media files into {args.directory}"
        )
        return 0
    if args.command == "restore":
        from django.conf import settings

        restore(
            args.directory,
            os.environ.get("DATABASE_URL") or f"sqlite:///{database_settings()['NAME']}",
            settings.MEDIA_ROOT,
        )
        print(f"Restored {args.directory}")
        return 0
    KEEP = args.keep
    return check(args.directory)


if __name__ == "__main__":
    sys.exit(main())
