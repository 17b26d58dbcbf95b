from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_logout_redirect_url(self, request):
        """The start page in the language the person was reading, not "/" (which goes by Accept-Language)."""
        return reverse("wagtail_serve", args=[""])
