import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings")
application = get_wsgi_application()

# What is loaded by now (modules, settings, URL patterns, translations) lives as long as the process: frozen, it is
# left out of the garbage collector's full collections, which otherwise walk its ~180,000 objects in a request now
# and then (about 0,1 s each at 3,321 communes' pages; docs/PERFORMANCE.md).
gc.freeze()
