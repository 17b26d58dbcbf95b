import os

from django.core.asgi import get_asgi_application

from conecto_site.runtime import tune_garbage_collection

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conecto_site.settings")

application = get_asgi_application()
tune_garbage_collection()
