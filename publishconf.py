"""Production settings: everything of pelicanconf.py plus absolute URLs and feeds.

The site's public address comes from one place, the environment variable ``SITEURL``
(``invoke production --siteurl …`` and ``invoke gh-pages --siteurl …`` set it for the build;
the GitHub Actions workflow sets it from ``actions/configure-pages``). Every absolute URL below,
feeds included, derives from it.
"""

import os
import sys
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: F403

# E.g. https://user.github.io/repo. Without it, the build previews at `invoke serve`'s address.
SITEURL = os.environ.get("SITEURL", "").strip().rstrip("/") or "http://localhost:8000"
if urlsplit(SITEURL).scheme not in ("http", "https") or not urlsplit(SITEURL).netloc:
    raise ValueError(f"SITEURL must be an absolute http(s) address, got {SITEURL!r}")
# Absolute links: GitHub Pages serves 404.html for a missing path at any depth,
# where relative links would point nowhere.
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/alle.atom.xml"
CATEGORY_FEED_ATOM = "feeds/ressort-{slug}.atom.xml"

# A stale page from an earlier build must never reach the published site.
DELETE_OUTPUT_DIRECTORY = True

# sitemap.xml needs absolute addresses, so it is a production feature (robots.txt points to it).
# The theme writes it: the official sitemap plugin stamps list pages with the build time, and
# the same collection must always give the same bytes.
DIRECT_TEMPLATES = [*DIRECT_TEMPLATES, "sitemap"]  # noqa: F405
SITEMAP_SAVE_AS = "sitemap.xml"
# Its own cache: production pages differ from local ones, and the page cache keeps only the
# pages of the last build.
CACHE_PATH = "cache/production"
