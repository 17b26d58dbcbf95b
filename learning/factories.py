import uuid

import factory

from home.factories import PageFactory

from .models import LearningPathIndexPage, LearningPathPage


class LearningPathIndexPageFactory(PageFactory):
    title = "Lärvägar"
    slug = "larvagar"
    introduction = "Teman i följd: seminarier, fördjupning och handledning."

    class Meta:
        model = LearningPathIndexPage


class LearningPathPageFactory(PageFactory):
    title = factory.Sequence(lambda n: f"Lärväg {n}")
    slug = factory.Sequence(lambda n: f"larvag-{n}")
    introduction = "En väg genom programmets seminarier och material."
    steps = factory.LazyFunction(list)

    class Meta:
        model = LearningPathPage


# Steps in the StreamField's raw form; ``id`` is the step identity progress refers to.


def session_step(
    event,
    kind=None,
    required=True,
    prerequisite=None,
    dates_needed="one",
    number_of_dates=None,
    effort_hours=None,
):
    return {
        "type": kind or event.event_type,
        "id": str(uuid.uuid4()),
        "value": {
            "event": event.pk,
            "dates_needed": dates_needed,
            "number_of_dates": number_of_dates,
            "required": required,
            "effort_hours": effort_hours,
            "prerequisite": prerequisite or "",
        },
    }


def material_step(
    title,
    url="https://example.org/material",
    required=True,
    prerequisite=None,
    page=None,
    effort_hours=None,
    description="",
):
    return {
        "type": "material",
        "id": str(uuid.uuid4()),
        "value": {
            "title": title,
            "description": description,
            "page": page.pk if page else None,
            "document": None,
            "url": "" if page else url,
            "required": required,
            "effort_hours": effort_hours,
            "prerequisite": prerequisite or "",
        },
    }


def step_group(title, minimum, steps):
    for step in steps:
        step["value"].pop("required", None)
    return {
        "type": "group",
        "id": str(uuid.uuid4()),
        "value": {"title": title, "minimum": minimum, "steps": steps},
    }
