import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import UpdateView

from .forms import DeleteAccountForm, ProfileForm
from .personal_data import delete_account, export


class ProfileView(LoginRequiredMixin, UpdateView):
    """The signed-in person's own profile. The URL has no id: nobody else's profile can be reached."""

    form_class = ProfileForm
    template_name = "account/profile.html"
    success_url = reverse_lazy("account_profile")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, _("Your profile has been saved."))
        return super().form_valid(form)


class DownloadDataView(LoginRequiredMixin, View):
    """The signed-in person's own data as JSON (docs/privacy.md). POST only, so no link prefetch or
    shared cache ever holds it; the URL has no id, so nobody else's data can be asked for."""

    http_method_names = ["post"]

    def post(self, request):
        data = export(request.user)
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        day = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="conecto-my-data-{day}.json"'
        response["Cache-Control"] = "private, no-store"
        return response


class DeleteAccountView(LoginRequiredMixin, View):
    """Delete one's own account after confirming with the password (or, for an account that signs in
    through single sign-on and has none, the e-mail address)."""

    template_name = "account/delete_account.html"

    def get(self, request):
        return render(request, self.template_name, {"form": DeleteAccountForm(user=request.user)})

    def post(self, request):
        form = DeleteAccountForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        delete_account(request.user)
        logout(request)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect(f"/{get_language()}/")  # the home page in the language the person was using
