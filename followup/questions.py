"""Which questionnaire asks about an event, in the reader's language.

A questionnaire names its events by page (any language); they are matched by the event's
translation key, so the Swedish event and its translations are one. The questions are the
programme's own (followup/forms.py) and the same in every questionnaire, so answers add up.
"""

from django.conf import settings

from .models import Questionnaire, QuestionnaireEvent


def _in_language(questionnaire, language):
    if questionnaire is None:
        return None
    for code in (language, settings.LANGUAGE_CODE):
        found = Questionnaire.objects.filter(
            translation_key=questionnaire.translation_key, locale__language_code=code
        ).first()
        if found:
            return found
    return questionnaire


def questionnaire_for(event_key, language):
    """The questionnaire that lists the event, else the default one, in ``language`` where translated;
    None when editors have made none (the programme's questions are asked all the same)."""
    link = (
        QuestionnaireEvent.objects.filter(event__translation_key=event_key)
        .select_related("questionnaire")
        .order_by("questionnaire_id")
        .first()
    )
    questionnaire = (
        link.questionnaire if link else Questionnaire.objects.filter(is_default=True).order_by("pk").first()
    )
    return _in_language(questionnaire, language)
