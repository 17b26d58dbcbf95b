"""Site search, robots.txt and the page view."""

import re
import unicodedata

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from modelsearch.query import And, PlainText
from wagtail import views as wagtail_views
from wagtail.models import Locale, Page, get_page_models

from .routing import route_for_request

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
# Each of the two searches contributes at most this many results; nobody pages beyond them.
MAX_RESULTS = 500


def clean_query(raw):
    """The query as words: control characters (NUL breaks PostgreSQL) and runs of spaces removed."""
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in raw)
    return " ".join(text.split())


def search_terms(query):
    """Only the words: quotes, operators and other punctuation mean syntax to the search backends
    (SQLite's FTS5 fails on an unbalanced quote), and a visitor means none of it."""
    return " ".join(re.findall(r"\w+", query))


def ranked_union(whole_word_hits, partial_hits):
    """Whole-word matches in their ranked order, then pages found only through a partial word.

    A search for "handledning" thus lists the page about handledning before the one that only
    mentions "handledningsgrupper", whatever the backends score."""
    seen = set(whole_word_hits)
    return [*whole_word_hits, *(pk for pk in dict.fromkeys(partial_hits) if pk not in seen)]


def listing_page_models():
    return [model for model in get_page_models() if not getattr(model, "listed_in_site_search", True)]


def matching_page_ids(pages, terms):
    """Ids of ``pages`` matching every word in ``terms``, as a whole word (stemmed on PostgreSQL) or as
    the beginning of a word: Swedish compounds ("handledningsgrupp") begin with the word searched for."""
    whole_words = pages.search(terms, operator="and")[:MAX_RESULTS]
    # One PlainText per word: the autocomplete backends match the last word of each as a prefix.
    prefixes = And([PlainText(word) for word in terms.split()])
    partial = pages.autocomplete(prefixes)[:MAX_RESULTS]
    return ranked_union([page.pk for page in whole_words], [page.pk for page in partial])


def search(request):
    """Every live, public page in the current language that matches the words in ``q``."""
    query = clean_query(request.GET.get("q", ""))
    truncated = len(query) > MAX_QUERY_LENGTH
    if truncated:
        query = query[:MAX_QUERY_LENGTH]
        if " " in query:  # end on a whole word
            query = query.rsplit(" ", 1)[0]

    page_number = request.GET.get("page") or "1"
    if not re.fullmatch(r"[0-9]{1,9}", page_number) or int(page_number) < 1:
        return render(request, "home/search_results.html", {"query": query, "bad_page": True}, status=400)

    context = {"query": query, "truncated": truncated, "max_length": MAX_QUERY_LENGTH}
    if query:
        terms = search_terms(query)
        pages = (
            Page.objects.live().public().filter(locale=Locale.get_active()).not_type(*listing_page_models())
        )
        ids = matching_page_ids(pages, terms) if terms else []
        page_obj = Paginator(ids, RESULTS_PER_PAGE).get_page(int(page_number))
        found = Page.objects.filter(pk__in=page_obj.object_list).specific().in_bulk()
        context.update(
            page_obj=page_obj,
            results=[found[pk] for pk in page_obj.object_list if pk in found],
            total=page_obj.paginator.count,
            previous_query=_query(query, page_obj.previous_page_number())
            if page_obj.has_previous()
            else None,
            next_query=_query(query, page_obj.next_page_number()) if page_obj.has_next() else None,
        )
    return TemplateResponse(request, "home/search_results.html", context)


def _query(query, page):
    params = {"q": query}
    if page > 1:
        params["page"] = page
    return "?" + urlencode(params)


def robots_txt(request):
    context = {
        "languages": [code for code, _name in settings.LANGUAGES],
        "sitemap_url": request.build_absolute_uri(reverse("sitemap")),
    }
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")


def serve(request, path):
    """Wagtail's page view, routed with the site and home page this process keeps (home/routing.py)."""
    route_for_request(request, path)
    return wagtail_views.serve(request, path)
