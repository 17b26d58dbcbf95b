"""Settings entry point: `DJANGO_SETTINGS_MODULE=conecto_site.settings`.

`DJANGO_ENV` picks the flavour (dev, test or production); dev is the zero-setup default.
"""

import os

_env = os.environ.get("DJANGO_ENV", "dev")

if _env == "production":
    from .production import *
elif _env == "test":
    from .test import *
elif _env == "dev":
    from .dev import *
else:
    raise RuntimeError(f"DJANGO_ENV must be dev, test or production, not {_env!r}")
