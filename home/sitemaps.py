"""sitemap.xml for every language, each page with hreflang alternates for its translations.

Wagtail's own sitemap lists the site's root page and its descendants only, which here is the
Swedish tree; the English pages live under the root's translation, so they are added here.
"""

from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

LANGUAGE_ORDER = {code: position for position, (code, _name) in enumerate(settings.LANGUAGES)}


class LocalisedSitemap(Sitemap):
    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_a_root = Q(pk__in=[])
        for root in roots:
            in_a_root |= Q(path__startswith=root.path)
        return Page.objects.live().public().filter(in_a_root).order_by("path").defer_streamfields().specific()

    def absolute(self, page):
        # The same host as the page heads' hreflang links: the one the request came to.
        url = page.get_url(self.request)
        return self.request.build_absolute_uri(url) if url else None

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        translations = defaultdict(list)
        # One query for every translation of the pages on this sitemap page.
        for translation in (
            Page.objects.live()
            .public()
            .filter(translation_key__in={item.translation_key for item in items})
            .select_related("locale")
        ):
            translations[translation.translation_key].append(translation)

        urls = []
        for item in items:
            location = self.absolute(item)
            if location is None:
                continue
            alternates = []
            for translation in sorted(
                translations[item.translation_key],
                key=lambda t: LANGUAGE_ORDER.get(t.locale.language_code, len(LANGUAGE_ORDER)),
            ):
                href = self.absolute(translation)
                if href:
                    alternates.append({"lang_code": translation.locale.language_code, "location": href})
            default = next((a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE), None)
            if default:
                alternates.append({"lang_code": "x-default", "location": default["location"]})
            urls.append(
                {
                    "item": item,
                    "location": location,
                    "lastmod": item.last_published_at or item.latest_revision_created_at,
                    "alternates": alternates,
                }
            )
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls
