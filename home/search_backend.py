"""Wagtail's database search backend, with PostgreSQL stemming each page in its own language.

Wagtail's PostgreSQL backend takes one text-search configuration (SEARCH_CONFIG) for the whole
index, and all backends share one index table, so two backends cannot hold a Swedish and an
English index side by side. Instead this backend picks the configuration per object: a page is
indexed with the configuration of its locale (``LANGUAGE_SEARCH_CONFIGS``, e.g. Swedish pages with
``swedish``), and a query on translatable models is parsed with the configuration of the active
language, which is the language of the pages the site search asks for. Objects without a locale
(images, documents, users) use ``SEARCH_CONFIG``.

On SQLite and other databases this is Wagtail's own database backend, unchanged.
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
    return DatabaseSearchBackend(params)


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
