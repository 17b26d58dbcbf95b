from allauth.account import views as allauth_views
from django.shortcuts import render

from learning.feeds import forget_old_address_cookies


def page_not_found(request, exception=None):
    """A styled 404 in the language of the URL, without hreflang alternates."""
    return render(request, "404.html", {"is_error_page": True}, status=404)


class LogoutView(allauth_views.LogoutView):
    """allauth's sign-out, which also deletes the cookies in which earlier versions of "My learning"
    kept the personal feed's address (learning/feeds.py): nothing of the person outlives signing out.
    Django's ``logout`` deletes the session, and with it the address shown since signing in."""

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        forget_old_address_cookies(response)
        return response
