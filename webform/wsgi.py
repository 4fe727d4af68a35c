"""WSGI entry point for gunicorn: ``webform.wsgi:app``."""

from webform import create_app

app = create_app()
