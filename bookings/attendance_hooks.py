"""How the layers above hear about attendance in the same transaction that records it.

An app registers with the ``register_attendance_listener`` Wagtail hook, in its own
``wagtail_hooks.py``::

    @hooks.register("register_attendance_listener")
    def attendance_listener():
        return record_progress_from_attendance  # (changes: list[BookingChanged]) -> None

Every function is called inside the transaction of bookings/attendance.py, after the bookings and
their history are written and before the commit, with the ``BookingChanged`` of every booking whose
state moved to or from an attendance state. If a listener fails, the attendance is not recorded
either (docs/architecture.md, Attendance). ``booking_changed`` is still sent after the commit.
"""

from wagtail import hooks

HOOK_NAME = "register_attendance_listener"


def tell_listeners(changes):
    changes = list(changes)
    if not changes:
        return
    for register in hooks.get_hooks(HOOK_NAME):
        register()(changes)
