"""Content versions live in the database, so every process reads the same number."""

import pytest
from django.core.cache import cache

from home.versions import bump_version, bumps_deferred, current_version, current_versions

pytestmark = pytest.mark.django_db


def test_a_version_changes_on_every_bump_and_only_its_own(django_assert_num_queries):
    assert current_version("feeds") == 0
    bump_version("feeds")
    first = current_version("feeds")
    assert first != 0
    bump_version("feeds")
    second = current_version("feeds")
    assert second > first
    assert current_version("pages") == 0
    bump_version("pages")
    assert current_version("feeds") == second
    with django_assert_num_queries(1):
        current_version("feeds")
    with django_assert_num_queries(1):
        bump_version("feeds")


def test_a_version_is_not_kept_in_the_process_cache():
    bump_version("feeds")
    before = current_version("feeds")
    cache.clear()  # what another process's local-memory cache looks like
    assert current_version("feeds") == before


def test_several_versions_are_read_in_one_query(django_assert_num_queries):
    bump_version("feeds")
    with django_assert_num_queries(1):
        versions = current_versions("feeds", "never-bumped")
    assert versions == {"feeds": current_version("feeds"), "never-bumped": 0}


def test_in_batch_mode_each_version_is_bumped_once_at_the_end():
    bump_version("a")
    before = current_version("a")
    with bumps_deferred():
        for _ in range(5):
            bump_version("a")
        assert current_version("a") == before  # not yet
        with bumps_deferred():
            bump_version("b")
    assert current_version("a") == before + 1
    assert current_version("b") != 0


def test_a_failed_batch_bumps_nothing():
    bump_version("a")
    before = current_version("a")
    with pytest.raises(ValueError), bumps_deferred():
        bump_version("a")
        raise ValueError
    assert current_version("a") == before
    bump_version("a")
    assert current_version("a") == before + 1  # batch mode ended with the block
