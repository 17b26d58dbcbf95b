from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


def user_display(user):
    """How messages and mails name a person: their name, else their address (settings.ACCOUNT_USER_DISPLAY)."""
    return user.get_full_name() or user.email or user.get_username()


class AccountAdapter(DefaultAccountAdapter):
    def get_logout_redirect_url(self, request):
        """The start page in the language the person was reading, not "/" (which goes by Accept-Language)."""
        return reverse("wagtail_serve", args=[""])
