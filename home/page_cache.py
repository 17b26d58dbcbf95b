"""How a view keeps its response out of the public page cache (site/page_cache.py), which sits above
every app and only reads this mark."""


def keep_out_of_page_cache(request):
    request.keep_out_of_page_cache = True


def kept_out_of_page_cache(request):
    return getattr(request, "keep_out_of_page_cache", False)


def depend_on_version(request, name, value):
    """Mark the response as depending on the content version ``name`` (home/versions.py) as read at
    ``value``, read before what it shows. The page cache stores the mark and, on a hit, serves the copy
    only while the version is unchanged: a change that touches one page (bookings: the places left on
    one event) then moves only that page's version, not the whole site's."""
    if not hasattr(request, "page_cache_versions"):
        request.page_cache_versions = {}
    request.page_cache_versions[name] = value


def versions_depended_on(request):
    return getattr(request, "page_cache_versions", {})
