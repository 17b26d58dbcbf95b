"""allauth's forms for adding or changing an address, without the maxlength a browser cuts a paste to.

Apart from accounts/forms.py, which allauth's forms module imports (its sign-up form is built on
``ProfileSignupForm``): these import allauth's forms, so they cannot live there.
"""

from allauth.account import forms as allauth_forms

from .forms import refuse_rather_than_cut


class AddEmailForm(allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_rather_than_cut(self)


class ChangeEmailForm(allauth_forms.ChangeEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_rather_than_cut(self)
