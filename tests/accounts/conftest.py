import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts attempts in the cache, which outlives a test in one process: start each test at zero."""
    cache.clear()
    yield
    cache.clear()
