"""Settings for the benchmarks: the portal's own settings, with the bench URLs (the bare baseline view) added.

Used only by ``python -m bench`` for the gunicorn servers it starts (``DJANGO_SETTINGS_MODULE=bench.settings``).
The portal itself runs on ``greening.settings``, whose URLs never include the baseline.
"""

from greening.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
