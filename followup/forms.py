from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RATINGS, Usage

COMMENT_MAX = 2000


class EvaluationForm(forms.Form):
    can_apply = forms.TypedChoiceField(
        label=_("I can apply what I learned in my daily work"),
        help_text=_("1 = do not agree at all, 5 = fully agree"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    usefulness = forms.TypedChoiceField(
        label=_("How useful was the session?"),
        help_text=_("1 = not useful, 5 = very useful"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else you want to tell us?"),
        help_text=_("Optional. Please do not write names: the programme reads this text."),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class FollowUpForm(forms.Form):
    usage = forms.ChoiceField(
        label=_("Have you used what you learned in your work?"),
        choices=Usage.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("What helped or hindered you?"),
        help_text=_("Optional. Please do not write names: the programme reads this text."),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
