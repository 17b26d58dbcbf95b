"""Ids in URLs and request parameters: a number the database can hold, or nothing.

A number beyond the widest id column (a signed 64-bit integer on SQLite and PostgreSQL) made SQLite
raise OverflowError, a 500. Every URL that takes an id uses the ``id`` path converter (registered in
home/apps.py), and a view that reads an id from a parameter uses ``database_id``, so such a number
is a 404 like any id that names nothing.
"""

MAX_ID = 2**63 - 1


def database_id(value):
    """``value`` as an id the database can hold (1 to MAX_ID), or None."""
    text = str(value).strip()
    if not text or len(text) > len(str(MAX_ID)) or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


class IdConverter:
    """``<id:name>``: like ``<int:name>``, but a number no id can have does not match (a 404)."""

    regex = "[0-9]+"

    def to_python(self, value):
        number = database_id(value)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value):
        return str(value)
