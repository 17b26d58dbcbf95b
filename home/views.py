"""Site search and robots.txt."""

import re
import unicodedata

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.models import Locale, Page

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


def clean_query(raw):
    """The query as words: control characters (NUL breaks PostgreSQL) and runs of spaces removed."""
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in raw)
    return " ".join(text.split())


def search_terms(query):
    """Only the words: quotes, operators and other punctuation mean syntax to the search backends
    (SQLite's FTS5 fails on an unbalanced quote), and a visitor means none of it."""
    return " ".join(re.findall(r"\w+", query))


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
        pages = Page.objects.live().public().filter(locale=Locale.get_active()).specific()
        results = pages.search(terms, operator="and") if terms else pages.none()
        page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(int(page_number))
        context.update(
            page_obj=page_obj,
            results=page_obj.object_list,
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
