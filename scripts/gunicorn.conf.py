"""gunicorn settings for `make serve` (production); each value can be changed through the environment."""

import multiprocessing
import os
from pathlib import Path

import environ

# The same .env the Django settings read; variables already in the environment win.
environ.Env.read_env(Path(__file__).resolve().parent.parent / ".env", overwrite=False)

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Sync workers: page rendering and PDF output are CPU-bound; a few processes per core.
workers = int(os.environ.get("WEB_CONCURRENCY", min(multiprocessing.cpu_count() * 2 + 1, 9)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A year's plan as PDF takes a few seconds; leave room but kill a stuck worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then (WeasyPrint keeps caches)
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# Addresses of the reverse proxy whose X-Forwarded-* headers gunicorn trusts.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
