"""WSGI entry point for gunicorn: ``admin.wsgi:app``."""

from admin import create_app

app = create_app()
