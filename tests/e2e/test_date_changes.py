"""A change to a single date in the page editor, in a real browser and in Swedish: the series' next
dates are offered on the new date change, and a date the series does not have is refused with a
message on the field that names the nearest series dates."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from recurrence import deserialize

from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventDateException
from home.factories import swedish_home
from tests.e2e.test_events import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    in_stockholm,
    next_weekday,
    open_editor,
    sign_in,
    type_into,
)
from tests.events.test_date_change_editor import swedish


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_sees_that_a_thursday_is_not_in_a_wednesday_series(site_url, page):
    in_stockholm(page)
    get_user_model().objects.create_superuser(ADMIN_USERNAME, "webb@example.org", ADMIN_PASSWORD)
    calendar = EventIndexPageFactory(parent=swedish_home())
    calendar.save_revision().publish()
    first = next_weekday(dt.date.today() + dt.timedelta(days=7), weekday=2)  # a Wednesday
    event = EventPageFactory(
        parent=calendar,
        title="Nätverksträff Supported Education",
        start_date=first,
        start_time=dt.time(13, 0),
        end_time=dt.time(15, 0),
        recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=4"),
    )
    event.save_revision().publish()

    sign_in(page, site_url, ADMIN_USERNAME, ADMIN_PASSWORD)
    open_editor(page, f"{site_url}/admin/pages/{event.pk}/edit/")
    page.locator("#id_date_exceptions-ADD").click()
    date_field = page.locator("#id_date_exceptions-0-original_date")
    date_field.wait_for()

    # The new date change offers the series' own dates, in Swedish, tied to the field.
    series = [first + dt.timedelta(weeks=week) for week in range(4)]
    offered = "Datumet som det ligger i serien. Seriens nästa datum: " + ", ".join(map(swedish, series)) + "."
    described_by = date_field.get_attribute("aria-describedby") or ""
    help_texts = [page.locator(f"[id='{name}']").inner_text() for name in described_by.split()]
    assert any(" ".join(text.split()) == offered for text in help_texts), (described_by, help_texts)

    thursday = first + dt.timedelta(days=8)
    type_into(date_field, thursday.isoformat())
    page.locator("#id_date_exceptions-0-note").fill("Studiebesök")
    page.locator("footer button.action-save").click()
    page.wait_for_load_state("networkidle")

    message = (
        f"{swedish(thursday)} är inte ett av seriens datum. Närmaste datum i serien är "
        f"{swedish(series[1])} och {swedish(series[2])}."
    )
    error = page.get_by_text(message)
    error.wait_for()
    assert error.is_visible()
    # The message sits on the date field itself, where the editor fixes it.
    wrapper = page.locator("[data-field-wrapper]").filter(
        has=page.locator("#id_date_exceptions-0-original_date")
    )
    assert message in " ".join(wrapper.inner_text().split())
    assert not EventDateException.objects.exists()
