"""ASGI entry point (the app is tested and documented under gunicorn's WSGI workers)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vangnet.settings")

application = get_asgi_application()
