from django.shortcuts import render


def page_not_found(request, exception=None):
    """A styled 404 in the language of the URL, without hreflang alternates."""
    return render(request, "404.html", {"is_error_page": True}, status=404)
