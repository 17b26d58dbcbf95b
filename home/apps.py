from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Pages and content")

    def ready(self):
        from . import permissions, signals, workflow_names  # noqa: F401

        workflow_names.connect()
