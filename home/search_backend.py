"""Wagtail's database search backend, with PostgreSQL stemming each page in its own language.

Wagtail's PostgreSQL backend takes one text-search configuration (SEARCH_CONFIG) for the whole
index, and all backends share one index table, so two backends cannot hold a Swedish and an
English index side by side. Instead this backend picks the configuration per object: a page is
indexed with the configuration of its locale (``LANGUAGE_SEARCH_CONFIGS``, e.g. Swedish pages with
``swedish``), and a query on translatable models is parsed with the configuration of the active
language, which is the language of the pages the site search asks for. Objects without a locale
(images, documents, users) use ``SEARCH_CONFIG``.

On SQLite the backend is Wagtail's own, except that re-indexing a page that is already in the index
leaves the other entries alone: upstream recomputes the title norm over the whole index table after
every save (an average over all entries and an update scanning them), which made publishing one page
cost time in proportion to the size of the site. Only new entries need a norm, so only adding one
triggers it. On SQLite a search also drops double quotes from the query: the backend puts each word
in a quoted FTS5 string, which a bare `"` ended early (an "unterminated string" error, a 500 in the
admin's searches). Other databases get Wagtail's own backend, unchanged.
"""

import copy
import functools
from collections import defaultdict

from django.db import connection
from django.utils.translation import get_language
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend


def SearchBackend(params):
    if connection.vendor == "postgresql":
        return _postgres_backend_class()(params)
    backend = DatabaseSearchBackend(params)
    if connection.vendor == "sqlite" and backend.index_class.__name__ == "SQLiteIndex":
        backend.index_class = _sqlite_index_class(backend.index_class)
        backend.__class__ = _sqlite_backend_class(type(backend))
    return backend


def without_double_quotes(query):
    """A query string with its double quotes taken out (the words stay)."""
    if isinstance(query, str) and '"' in query:
        return " ".join(query.replace('"', " ").split())
    return query


@functools.cache
def _sqlite_backend_class(upstream):
    class QuoteSafeBackend(upstream):
        def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
            return super()._search(
                query_compiler_class, without_double_quotes(query), model_or_queryset, **kwargs
            )

    return QuoteSafeBackend


@functools.cache
def _sqlite_index_class(upstream):
    from modelsearch.utils import get_content_type_pk

    class NewEntriesOnlyIndex(upstream):
        def add_items(self, model, objs):
            objs = list(objs)
            ids = {str(obj.pk) for obj in objs}
            indexed = self.entries.filter(content_type_id=get_content_type_pk(model), object_id__in=ids)
            self._adds_entries = indexed.count() < len(ids)
            super().add_items(model, objs)

        def _refresh_title_norms(self, full=False):
            if full or getattr(self, "_adds_entries", True):
                super()._refresh_title_norms(full=full)

    return NewEntriesOnlyIndex


@functools.cache
def _postgres_backend_class():
    # Imported here: the PostgreSQL backend needs django.contrib.postgres, unused elsewhere.
    from modelsearch.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )
    from wagtail.models import Locale, TranslatableMixin

    class LocalisedIndex(PostgresIndex):
        def add_items(self, model, objs):
            groups = defaultdict(list)
            languages = dict(Locale.objects.values_list("pk", "language_code"))
            for obj in objs:
                locale_id = getattr(obj, "locale_id", None)
                config = self.backend.config_for_language(languages.get(locale_id))
                groups[config].append(obj)
            for config, group in groups.items():
                PostgresIndex(self.backend.with_config(config)).add_items(model, group)

    class LocalisedQueryCompiler(PostgresSearchQueryCompiler):
        def get_config(self, backend):
            if issubclass(self.queryset.model, TranslatableMixin):
                return backend.config_for_language(get_language())
            return backend.config

    class LocalisedPostgresSearchBackend(PostgresSearchBackend):
        index_class = LocalisedIndex
        query_compiler_class = LocalisedQueryCompiler

        def __init__(self, params):
            super().__init__(params)
            self.language_configs = params.get("LANGUAGE_SEARCH_CONFIGS", {})

        def config_for_language(self, language_code):
            if language_code is None:
                return self.config
            return self.language_configs.get(language_code.split("-")[0], self.config)

        def with_config(self, config):
            backend = copy.copy(self)
            backend.config = config
            return backend

    return LocalisedPostgresSearchBackend
