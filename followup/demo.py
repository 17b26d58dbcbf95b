"""Demo evaluations: the default questionnaire in both languages, and anonymous answers for past
demo dates, so the admin's results show real figures and one small group shows the suppression.

Registered with home's ``register_demo_content`` hook (followup/wagtail_hooks.py) after the events
and bookings. Answers are anonymous rows with no person behind them, as real ones would be; safe to
run twice (an event that has answers gets no more).
"""

import random

from django.utils import timezone
from wagtail.models import Locale

from accounts.models import Organisation
from events.choices import EventType
from events.models import EventPage, Occurrence

from . import rules
from .figures import FOLLOWUP_MIN_GROUP
from .models import Answer, Kind, Questionnaire, Usage

QUESTIONNAIRE = {
    "sv": {
        "name": "Programmets utvärdering",
        "introduction": "Conecto+ följer upp vad deltagarna kan omsätta i sitt arbete. Dina svar hjälper oss "
        "att göra nästa tillfälle bättre och redovisas till ESF+ utan namn.",
    },
    "en": {
        "name": "The programme's evaluation",
        "introduction": "Conecto+ follows up what participants can apply in their work. Your answers help us "
        "make the next session better and are reported to ESF+ without names.",
    },
}
COMMENTS = [
    "Bra blandning av teori och exempel från verkligheten.",
    "Jag hade velat ha mer tid för diskussion i grupp.",
    "Tydligt upplägg, och materialet går att använda direkt.",
    "Mycket användbart för mitt arbete med deltagare.",
    "Lite för mycket på för kort tid.",
    "Bra att träffa kollegor från andra organisationer.",
]
FOLLOW_UP_COMMENTS = [
    "Stödet från min chef gjorde att vi kunde prova arbetssättet.",
    "Tiden räcker inte till i vardagen.",
    "Handledningen hjälpte mig att komma igång.",
]
ORGANISATIONS = [o.value for o in Organisation if o != Organisation.OTHER]


def seed_questionnaire(demo):
    swedish = Questionnaire.objects.filter(locale__language_code="sv", is_default=True).first()
    if swedish is None:
        swedish = Questionnaire.objects.create(
            locale=Locale.objects.get(language_code="sv"), is_default=True, **QUESTIONNAIRE["sv"]
        )
    english_locale = Locale.objects.filter(language_code="en").first()
    if english_locale and swedish.get_translation_or_none(english_locale) is None:
        english = swedish.copy_for_translation(english_locale)
        english.name = QUESTIONNAIRE["en"]["name"]
        english.introduction = QUESTIONNAIRE["en"]["introduction"]
        english.save()


def _answer(kind, occurrence, chance, **fields):
    return Answer(
        kind=kind,
        event_key=occurrence.event.translation_key,
        original_start=occurrence.original_start,
        organisation=chance.choice(ORGANISATIONS),
        week=rules.iso_week(timezone.localtime(occurrence.end)),
        **fields,
    )


def seed_answers(demo):
    """Answers for the latest past dates of two demo events (14 and 8), a small group of 3 that the
    results hide, and follow-up answers for the module."""
    now = timezone.now()
    chance = random.Random(21)  # noqa: S311 - demo figures, the same on every machine
    past = (
        Occurrence.objects.filter(end__lt=now, event__live=True, event__locale__language_code="sv")
        .select_related("event")
        .order_by("-end")
    )
    past = list(past[:200])
    # Two events with enough answers, then a small group: a third event's date, else another date.
    plan, events = [], []
    for occurrence in past:
        if occurrence.event.translation_key not in events and len(events) < 2:
            events.append(occurrence.event.translation_key)
            plan.append((occurrence, (14, 8)[len(plan)]))
    taken = {o.pk for o, _n in plan}
    small = next((o for o in past if o.event.translation_key not in events), None) or next(
        (o for o in past if o.pk not in taken), None
    )
    if small is not None:
        plan.append((small, FOLLOWUP_MIN_GROUP - 2))
    made = 0
    for occurrence, count in plan:
        key = occurrence.event.translation_key
        if Answer.objects.filter(event_key=key, original_start=occurrence.original_start).exists():
            continue
        answers = [
            _answer(
                Kind.EVALUATION,
                occurrence,
                chance,
                can_apply=chance.choice((3, 4, 4, 5, 5)),
                usefulness=chance.choice((2, 3, 4, 4, 5)),
                comment=chance.choice(COMMENTS) if chance.random() < 0.5 else "",
            )
            for _ in range(count)
        ]
        Answer.objects.bulk_create(answers)
        made += len(answers)
    module = EventPage.objects.live().filter(event_type=EventType.MODULE, locale__language_code="sv").first()
    first = module.occurrences.order_by("start").first() if module else None
    if first and not Answer.objects.filter(event_key=module.translation_key, kind=Kind.FOLLOW_UP).exists():
        answers = [
            _answer(
                Kind.FOLLOW_UP,
                first,
                chance,
                usage=chance.choice([u.value for u in Usage] + [Usage.SEVERAL, Usage.ONCE]),
                comment=chance.choice(FOLLOW_UP_COMMENTS) if chance.random() < 0.5 else "",
            )
            for _ in range(9)
        ]
        Answer.objects.bulk_create(answers)
        made += len(answers)
    if made:
        demo.stdout.write(f"Demo evaluation answers: {made}")


def seed_followup(demo):
    seed_questionnaire(demo)
    seed_answers(demo)
    return 0
