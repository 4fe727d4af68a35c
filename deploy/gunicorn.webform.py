# gunicorn settings for the kiosk app: `gunicorn -c deploy/gunicorn.webform.py`
wsgi_app = "webform.wsgi:app"
bind = "127.0.0.1:8000"
workers = 4
worker_class = "gthread"
threads = 4
timeout = 30
# Access logs carry paths and status only; request bodies (answers) are never logged.
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
