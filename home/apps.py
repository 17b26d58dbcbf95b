from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Pages and content")

    def ready(self):
        from django.urls import register_converter

        from . import frontend_cache, permissions, signals, workflow_names  # noqa: F401
        from .ids import IdConverter

        workflow_names.connect()
        frontend_cache.connect()  # purges the proxy in front, when production names one
        # ``<id:page_id>`` in every URL that takes an id (home/ids.py).
        register_converter(IdConverter, "id")
