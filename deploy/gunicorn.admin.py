# gunicorn settings for the back office: `gunicorn -c deploy/gunicorn.admin.py`
wsgi_app = "admin.wsgi:app"
bind = "127.0.0.1:8001"
workers = 4
worker_class = "gthread"
threads = 4
timeout = 60
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
