"""Wagtail admin sentences our Swedish catalogue words better than Wagtail, or words where Wagtail has none.

"Denna" fits common-gender names ("nyhet", "sida") but not neuter ones ("evenemang", "tema",
"nyhetsarkiv"): the page delete dialog said "Denna evenemang är refererad 1 gång." Our catalogue
(locale/sv/LC_MESSAGES/django.po, which Django reads before Wagtail's) words these sentences
without a gendered demonstrative. Naming the msgids here keeps ``makemessages`` from dropping them.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# wagtailadmin/shared/usage_summary.html, shown by the delete and unpublish views.
USAGE_SUMMARY = ngettext_lazy(
    "This %(model_name)s is referenced %(usage_count)s time.",
    "This %(model_name)s is referenced %(usage_count)s times.",
    "usage_count",
)


# Wagtail admin sentences that Wagtail's own Swedish catalogue lacks (Wagtail 8.0: compare its
# locale/en and locale/sv catalogues): the page listing's "Exploring" and "1-12 of 12 ...", the autosave
# indicator, the side panels, the review mails. Our catalogue gives them Swedish.
WAGTAIL_MESSAGES_WITHOUT_SWEDISH = [
    gettext_noop("Exploring"),
    gettext_noop("Saved"),
    gettext_noop("Autosave is paused"),
    gettext_noop("Autosave is <span>paused</span>"),
    gettext_noop("Edit account avatar"),
    gettext_noop("Side panels"),
    gettext_noop("Side panel width"),
    gettext_noop("Minimap"),
    gettext_noop("Show issue"),
    gettext_noop("Actions (footer)"),
    gettext_noop("Date updated"),
    gettext_noop("Any"),
    gettext_noop("any"),
    gettext_noop("Locked by"),
    gettext_noop("Anyone"),
    gettext_noop("account"),
    gettext_noop("Keyboard shortcuts are currently disabled; manage your %(account_link)s to enable them."),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s across entire site."),
    gettext_noop(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s in '<span class=\"w-title-ellipsis\">%(title)s</span>'."
    ),
    gettext_noop("There are no %(model_name)s to display."),
    gettext_noop('There are no %(model_name)s to display. Why not <a href="%(add_url)s">add one</a>?'),
    gettext_noop("Choose when this %(model_name)s should go live and/or expire"),
    gettext_noop("Anyone with editing permissions can create schedules"),
    gettext_noop("But only those with publishing permissions can make them effective."),
    gettext_noop("Expiry:"),
    gettext_noop("Go-live:"),
    gettext_noop("Once scheduled:"),
    gettext_noop("Invalid schedule"),
    gettext_noop("To be created by %(user)s"),
    gettext_noop("Refreshing…"),
    gettext_noop("Refresh"),
    gettext_noop("You saved a new version in another window"),
    gettext_noop("System"),
    gettext_noop("%(user_name)s saved a new version"),
    gettext_noop("View latest version"),
    gettext_noop("%(user_name)s has unsaved changes"),
    gettext_noop("Currently idle"),
    gettext_noop("Currently viewing"),
    gettext_noop("Proceeding will overwrite the changes you made in that window."),
    gettext_noop("Proceeding will overwrite the changes made by %(user_name)s."),
    gettext_noop("Alternatively, you can view the latest version in a new tab."),
    gettext_noop("A network error occurred"),
    gettext_noop(
        "Troubleshoot your connection to the site before proceeding. Open the editor in a separate tab to view the last saved version."
    ),
    gettext_noop("One or more references to this %(model_name)s prevent it from being deleted."),
    gettext_noop("Disable custom ordering"),
    gettext_noop("Enable custom ordering"),
    gettext_noop("Cancelled by %(cancelled_by)s"),
    gettext_noop("Changes requested %(finished_at)s"),
    gettext_noop("Changing the privacy for this page has been disabled."),
    gettext_noop("Privacy is inherited from the ancestor page - %(ancestor_page)s"),
    gettext_noop("There are validation errors, click save to highlight them."),
    gettext_noop("Compare"),
    gettext_noop("Sort item order"),
    gettext_noop("Saving will overwrite a newer version."),
    gettext_noop("The page could not be saved as it is locked."),
    gettext_noop("The %(model_name)s could not be saved as it is locked"),
    gettext_noop(
        "You are viewing a previous version of this %(model_name)s from <b>%(created_at)s</b> by %(user)s"
    ),
    gettext_noop("%(model_name)s '%(object)s' has been scheduled for publishing."),
    gettext_noop("%(model_name)s '%(object)s' created and scheduled for publishing."),
    gettext_noop("%(model_name)s '%(object)s' is live and this version has been scheduled for publishing."),
    gettext_noop("%(model_name)s '%(object)s' updated and published."),
    gettext_noop("%(model_name)s '%(object)s' created and published."),
    gettext_noop("%(model_name)s '%(object)s' has been submitted for moderation."),
    gettext_noop("%(model_name)s '%(object)s' created and submitted for moderation."),
    gettext_noop("Workflow on %(model_name)s '%(object)s' has been cancelled."),
    gettext_noop("%(model_name)s '%(object)s' has been replaced with version from %(timestamp)s."),
    gettext_noop("The %(model_name)s '%(title)s' is not currently awaiting moderation."),
    gettext_noop(
        "The %(model_name)s '%(title)s' is not currently awaiting moderation in task '%(task_name)s'."
    ),
    gettext_noop('The %(model_name)s "%(title)s" has been rejected during "%(task)s".'),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s".'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for approval to moderation stage "%(task)s".'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s"'
    ),
    gettext_noop('The %(model_name)s "%(title)s" has been approved in workflow "%(workflow)s".'),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s" by %(rejector)s.'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s".'
    ),
    gettext_noop('The %(model_name)s "%(title)s" has been rejected during "%(workflow)s".'),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s" by %(requester)s.'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s".'
    ),
    gettext_noop('The %(model_name)s "%(title)s" has been submitted to workflow "%(workflow)s"'),
    gettext_noop("Create a new %(model_name)s"),
    gettext_noop("Placeholder title"),
    gettext_noop("Page/Snippet Type"),
    gettext_noop("App"),
    gettext_noop("'%(page_title)s' has been moved successfully."),
    gettext_noop(
        "Focus on the drag button and press up or down arrows to move the item, then press enter to submit the change."
    ),
    gettext_noop('You do not have permission to publish pages at "%(page_title)s"'),
    gettext_noop("Button text is empty"),
    gettext_noop("Use meaningful text for screen reader users"),
    gettext_noop("Empty heading found"),
    gettext_noop("Table header text is empty"),
    gettext_noop("Empty frame title found"),
    gettext_noop("Use a meaningful title for screen reader users"),
    gettext_noop("Incorrect heading hierarchy"),
    gettext_noop("Avoid skipping levels"),
    gettext_noop("Input button text is empty"),
    gettext_noop("Link text is empty"),
    gettext_noop("Misusing paragraphs as headings"),
    gettext_noop("Use proper heading tags"),
    gettext_noop("Image alt text has inappropriate pattern"),
    gettext_noop("Use meaningful text"),
    gettext_noop("Meta description is empty"),
    gettext_noop("Add a concise description for search engines"),
    gettext_noop("This workflow is disabled so it cannot be assigned to any snippets."),
    gettext_noop("- Select an option -"),
    gettext_noop("Maximum filesize: %(max_upload_size)s."),
    gettext_noop("%(model_name)s scheduled for publishing at %(go_live_at)s"),
    gettext_noop("%(model_name)s scheduled for publishing"),
    gettext_noop("%(model_name)s unscheduled for publishing at %(go_live_at)s"),
    gettext_noop("%(model_name)s unscheduled from publishing"),
    gettext_noop("Removed the '%(restriction)s' view restriction. The page is public."),
    gettext_noop("%(parent_pages)s and %(child_pages)s have been deleted"),
    gettext_noop("%(parent_pages)s and %(child_pages)s have been published"),
    gettext_noop("%(parent_pages)s and %(child_pages)s have been unpublished"),
]
WAGTAIL_PLURALS_WITHOUT_SWEDISH = [
    ngettext_lazy(
        "%(num_parent_objects)d page has been deleted", "%(num_parent_objects)d pages have been deleted", "n"
    ),
    ngettext_lazy("%(num_parent_objects)d page", "%(num_parent_objects)d pages", "n"),
    ngettext_lazy("%(num_child_objects)d child page", "%(num_child_objects)d child pages", "n"),
    ngettext_lazy(
        "%(num_parent_objects)d page has been published",
        "%(num_parent_objects)d pages have been published",
        "n",
    ),
    ngettext_lazy(
        "%(num_parent_objects)d page has been unpublished",
        "%(num_parent_objects)d pages have been unpublished",
        "n",
    ),
    ngettext_lazy(
        "This will also unpublish one translation of the page.",
        "This will also unpublish all %(translation_count)s translations of the page.",
        "n",
    ),
    ngettext_lazy(
        "This will also move one translation of this page and its child pages",
        "This will also move %(translations_to_move_count)s translations of this page and their child pages",
        "n",
    ),
    ngettext_lazy(
        "This action will delete <b>%(total_pages_formatted)s</b> page in total.",
        "This action will delete <b>%(total_pages_formatted)s</b> pages in total.",
        "n",
    ),
    ngettext_lazy(
        "One other user is currently viewing", "%(num_user)s other users are currently viewing", "n"
    ),
    ngettext_lazy("1 snippet type", "%(counter)s snippet types", "n"),
]


# wagtail-localize's language settings and sync dialog, which its Swedish catalogue lacks, and "Locale",
# which Wagtail's catalogue calls "Plats" (a place) where the admin means the language of a page.
WAGTAIL_LOCALIZE_MESSAGES_WITHOUT_SWEDISH = [
    gettext_noop("Locale"),
    gettext_noop("Locales"),
    gettext_noop("Add a locale"),
    gettext_noop("Add locale"),
    gettext_noop("Delete locale"),
    gettext_noop("Locale '{0}' created."),
    gettext_noop("Locale '{0}' updated."),
    gettext_noop("Locale '{0}' deleted."),
    gettext_noop("The locale could not be saved due to errors."),
    gettext_noop("This locale cannot be deleted because there are pages and/or other objects using it."),
    gettext_noop("Are you sure you want to delete this locale?"),
    gettext_noop(
        "This locale's current language code is not supported. Please choose a new language or delete this locale."
    ),
    gettext_noop("This locale's language code is not supported"),
    gettext_noop("Select a new language"),
    gettext_noop("Use machine translation"),
    gettext_noop("Apply machine translations to the incoming changes."),
    gettext_noop(
        "Apply the updates and publish immediately. The changes will use the original language until translated."
    ),
    gettext_noop(
        'Apply the updates and publish immediately. The changes will use the original language until translated unless you also select "Use machine translation".'
    ),
]
