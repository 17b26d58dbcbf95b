from django import forms
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from .models import GENDER_HELP, Gender, Organisation, Role, User

PROFILE_FIELDS = ("organisation", "organisation_name", "role", "gender")


def refuse_rather_than_cut(form):
    """Drop the ``maxlength`` attribute Django puts on text inputs: a browser silently cuts a pasted
    text to it. The form's own length check refuses an over-long value with a message instead."""
    for field in form.fields.values():
        field.widget.attrs.pop("maxlength", None)


class OptionalGenderMixin:
    """The gender question may be left out: a form sent without it means "prefer not to say"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].required = False

    def clean_gender(self):
        return self.cleaned_data.get("gender") or Gender.NOT_SAID


class ProfileSignupForm(OptionalGenderMixin, forms.Form):
    """Extra fields on allauth's sign-up form: who the participant is and where they work."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    # A blank first choice, so nobody is registered at Arbetsförmedlingen just by not choosing.
    organisation = forms.ChoiceField(
        label=_("Organisation"), choices=BLANK_CHOICE_DASH + Organisation.choices
    )
    organisation_name = forms.CharField(
        label=_("Name of organisation or unit"),
        max_length=200,
        required=False,
        help_text=_("For example the municipality or office, such as “Haninge kommun”."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=BLANK_CHOICE_DASH + Role.choices)
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=Gender.choices,
        initial=Gender.NOT_SAID,
        help_text=GENDER_HELP,
    )

    def __init__(self, *args, **kwargs):
        # allauth's sign-up form is built on this class; the e-mail field it adds has no maxlength,
        # and the adapter refuses an address too long to store (accounts/adapter.py).
        super().__init__(*args, **kwargs)
        refuse_rather_than_cut(self)

    def signup(self, request, user):
        for field in ("first_name", "last_name", *PROFILE_FIELDS):
            setattr(user, field, self.cleaned_data[field])
        user.save()


class ProfileForm(OptionalGenderMixin, forms.ModelForm):
    """What a signed-in person may change about themselves; the e-mail address is allauth's to manage."""

    class Meta:
        model = User
        fields = ("first_name", "last_name", *PROFILE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Asked at sign-up, so kept required here too.
        for name in ("first_name", "last_name", "organisation", "role"):
            self.fields[name].required = True
        refuse_rather_than_cut(self)


class WagtailUserEditForm(OptionalGenderMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(PROFILE_FIELDS)


class WagtailUserCreationForm(OptionalGenderMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(PROFILE_FIELDS)


class DeleteAccountForm(forms.Form):
    """Confirms that the person at the keyboard owns the account before it is deleted."""

    confirm = forms.CharField(strip=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            self.fields["confirm"].label = _("Your password")
            self.fields["confirm"].widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})
        else:
            self.fields["confirm"].label = _("Your e-mail address")
            self.fields["confirm"].widget = forms.EmailInput(attrs={"autocomplete": "email"})

    def clean_confirm(self):
        value = self.cleaned_data["confirm"]
        if self.user.has_usable_password():
            if not self.user.check_password(value):
                raise forms.ValidationError(
                    _("That is not your password. Your account has not been deleted.")
                )
        elif not self.user.email or value.strip().casefold() != self.user.email.casefold():
            raise forms.ValidationError(
                _("That is not your e-mail address. Your account has not been deleted.")
            )
        return value
