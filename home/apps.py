from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Pages and content")

    def ready(self):
        from django.urls import register_converter

        from . import permissions, signals, workflow_names  # noqa: F401
        from .ids import IdConverter

        workflow_names.connect()
        # ``<id:page_id>`` in every URL that takes an id (home/ids.py).
        register_converter(IdConverter, "id")
