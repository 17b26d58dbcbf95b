"""Background work on any node: two `manage.py db_worker --backend mail` processes on one PostgreSQL
queue send each of 40 booking mails exactly once (README.md, "Production topology").

The workers run production's settings (tools/processes.py) against this test's database and deliver
to a real SMTP server (aiosmtpd); each claims a task with a row lock that the other skips.
"""

import asyncio
import collections
import subprocess
import sys
import time
import uuid

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection, transaction

from bookings.mail import BookingMail, Kind, Person
from bookings.tasks import enqueue_booking_mail
from tests.bookings.test_invitation_mail import EVENT
from tests.bookings.test_invitations import a_date
from tests.conftest import Inbox, _free_port
from tools.processes import ROOT, database_url, environment, redis_url

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="production's queue is on PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1/<name>",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MAILS = 40


class SlowInbox(Inbox):
    """A mail server that takes a tenth of a second per message, so both workers have work to share."""

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.1)
        return await super().handle_DATA(server, session, envelope)


def start_worker(env, name, log):
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--backend",
            "mail",
            "--worker-id",
            name,
            "--interval",
            "0.2",
            "--no-startup-delay",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds} s for {what}")


def test_two_workers_on_one_queue_send_each_mail_once(settings, tmp_path):
    from django_tasks_db.models import DBTaskResult

    inbox = SlowInbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    smtp.start()
    cache = redis_url()
    env = {
        **environment(
            tmp_path, database_url(connection.settings_dict), cache, 0, f"workers-{uuid.uuid4().hex}"
        ),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "DEFAULT_FROM_EMAIL": "Conecto+ <kunskap@conecto.example.org>",
        "DJANGO_LOG_LEVEL": "INFO",  # the worker says when it has started
    }
    logs = {name: tmp_path / f"{name}.log" for name in ("worker-a", "worker-b")}
    workers = []
    try:
        workers = [start_worker(env, name, log) for name, log in logs.items()]
        for name, log in logs.items():
            wait_for(lambda log=log: "Starting worker" in log.read_text(), 60, f"{name} to start")

        # The queue in production: the database backend, in one transaction so both find all 40 at once.
        settings.TASKS = {**settings.TASKS, "mail": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        people = [
            Person(name=f"Deltagare {n}", email=f"deltagare{n}@kommun.example.se", language="sv")
            for n in range(MAILS)
        ]
        with transaction.atomic():
            for person in people:
                enqueue_booking_mail(
                    BookingMail(kind=Kind.BOOKED, person=person, event=EVENT, dates=(a_date(),))
                )

        def all_done():
            return DBTaskResult.objects.filter(status="SUCCESSFUL").count() == MAILS

        wait_for(all_done, 60, "the 40 mails to be sent")
        time.sleep(1)  # a second send, if any, would arrive now
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=30)
        smtp.stop()

    received = collections.Counter(str(message["To"]) for message in inbox.messages)
    assert len(inbox.messages) == MAILS, received.most_common(3)
    assert set(received) == {person.email for person in people}, received
    # Each task was claimed by one worker, and both did part of the work.
    results = list(DBTaskResult.objects.values_list("status", "worker_ids"))
    assert all(status == "SUCCESSFUL" and len(ids) == 1 for status, ids in results), results
    assert {ids[0] for _status, ids in results} == {"worker-a", "worker-b"}
