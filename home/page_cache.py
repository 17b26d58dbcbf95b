"""How a view keeps its response out of the public page cache (site/page_cache.py), which sits above
every app and only reads this mark."""


def keep_out_of_page_cache(request):
    request.keep_out_of_page_cache = True


def kept_out_of_page_cache(request):
    return getattr(request, "keep_out_of_page_cache", False)
