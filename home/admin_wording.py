"""Wagtail admin sentences whose Swedish puts "Denna" before a model's name.

"Denna" fits common-gender names ("nyhet", "sida") but not neuter ones ("evenemang", "tema",
"nyhetsarkiv"): the page delete dialog said "Denna evenemang är refererad 1 gång." Our catalogue
(locale/sv/LC_MESSAGES/django.po, which Django reads before Wagtail's) words these sentences
without a gendered demonstrative. Naming the msgids here keeps ``makemessages`` from dropping them.
"""

from django.utils.translation import ngettext_lazy

# wagtailadmin/shared/usage_summary.html, shown by the delete and unpublish views.
USAGE_SUMMARY = ngettext_lazy(
    "This %(model_name)s is referenced %(usage_count)s time.",
    "This %(model_name)s is referenced %(usage_count)s times.",
    "usage_count",
)
