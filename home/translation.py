"""Programmatic translation through wagtail-localize, the same machinery editors use in the admin.

A page is submitted for translation, its strings are exported as a PO catalogue, the translated
strings are imported, and the target page is saved. Calling it again after the source changed is
wagtail-localize's "sync": new strings get translated and the translation is brought up to date.
"""

from django.db import transaction
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource


class MissingTranslationsError(ValueError):
    def __init__(self, missing):
        self.missing = missing
        super().__init__("No translation given for: " + "; ".join(repr(m) for m in missing))


@transaction.atomic
def translate_page(page, language_code, strings, user=None, publish=True):
    """Create or update the `language_code` translation of `page` from a {source: translated} map.

    Every translatable string of the page must be in `strings`, so nothing is published half
    translated. Returns the translated page.
    """
    locale = Locale.objects.get(language_code=language_code)
    source, _created = TranslationSource.update_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    catalogue = translation.export_po()
    missing = []
    for entry in catalogue.translated_entries() + catalogue.untranslated_entries():
        if entry.msgid in strings:
            entry.msgstr = strings[entry.msgid]
        else:
            missing.append(entry.msgid)
    if missing:
        raise MissingTranslationsError(missing)
    translation.import_po(catalogue, user=user)
    # wagtail-localize would publish in an on_commit hook; publish here so callers see the result now.
    translation.save_target(user=user, publish=False)
    target = translation.get_target_instance()
    if publish:
        target.get_latest_revision().publish(user=user)
        target.refresh_from_db()
    return target
