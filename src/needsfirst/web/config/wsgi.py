"""WSGI entry point for gunicorn: `gunicorn needsfirst.web.config.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "needsfirst.web.config.settings.production")
application = get_wsgi_application()
