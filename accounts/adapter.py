from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext

from .client_ip import client_address, trusted_networks


def email_max_length():
    """The longest address both the user row and allauth's address row can hold whole."""
    user_field = get_user_model()._meta.get_field("email")
    return min(user_field.max_length, allauth_settings.EMAIL_MAX_LENGTH)


def user_display(user):
    """How messages and mails name a person: their name, else their address (settings.ACCOUNT_USER_DISPLAY)."""
    return user.get_full_name() or user.email or user.get_username()


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        """Refuse an address longer than can be stored: allauth would otherwise cut it to the
        field's length (its ``user_field``) and send the confirmation mail to the cut address.
        allauth calls this from every form an address is entered in (sign-up, adding or changing
        an address, password reset)."""
        limit = email_max_length()
        if len(email) > limit:
            raise forms.ValidationError(
                gettext(
                    "The e-mail address is %(length)d characters long; it can be at most %(limit)d."
                    " Check the address, or use a shorter one."
                )
                % {"length": len(email), "limit": limit},
                code="max_length",
            )
        return super().clean_email(email)

    def get_client_ip(self, request):
        """The address allauth's rate limits count by: the proxy's X-Forwarded-For only when the request
        comes from a trusted proxy (settings.TRUSTED_PROXIES; accounts/client_ip.py)."""
        address = client_address(
            request.META.get("REMOTE_ADDR"),
            request.headers.get("X-Forwarded-For"),
            trusted_networks(settings.TRUSTED_PROXIES),
        )
        if address is None:
            raise PermissionDenied("Unable to determine client IP address")  # as allauth's own method
        return address

    def get_logout_redirect_url(self, request):
        """The start page in the language the person was reading, not "/" (which goes by Accept-Language)."""
        return reverse("wagtail_serve", args=[""])
