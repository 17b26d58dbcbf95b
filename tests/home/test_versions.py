"""Content versions live in the database, so every process reads the same number."""

import pytest
from django.core.cache import cache

from home.versions import bump_version, bumps_coalesced, current_version, current_versions, next_version

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


def test_bumps_asked_for_in_a_coalesced_block_happen_once_at_its_end(django_assert_num_queries):
    bump_version("feeds")
    bump_version("pages")
    before = current_versions("feeds", "pages")
    with django_assert_num_queries(1), bumps_coalesced():
        for _ in range(3):
            bump_version("feeds")
            bump_version("pages")
        with bumps_coalesced():  # a nested block joins the outer one
            bump_version("feeds")
    after = current_versions("feeds", "pages")
    assert after["feeds"] == before["feeds"] + 1 and after["pages"] == before["pages"] + 1


def test_a_coalesced_block_that_fails_bumps_nothing():
    bump_version("feeds")
    before = current_version("feeds")
    with pytest.raises(RuntimeError), bumps_coalesced():
        bump_version("feeds")
        bump_version("never-bumped")
        raise RuntimeError
    assert current_version("feeds") == before and current_version("never-bumped") == 0
    with bumps_coalesced():
        bump_version("never-bumped")
    assert current_version("never-bumped") != 0


def test_next_version_bumps_at_once_even_when_bumps_are_coalesced(django_assert_num_queries):
    first = next_version("stamps")  # the first one creates the row, from the clock
    assert first == current_version("stamps") and first > 0
    with bumps_coalesced():
        with django_assert_num_queries(1):  # UPDATE ... RETURNING
            second = next_version("stamps")
        assert current_version("stamps") == second == first + 1
    assert current_version("stamps") == second
