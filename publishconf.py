"""Production settings: everything of pelicanconf.py plus absolute URLs and feeds."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: F403

# The site's public address, e.g. https://user.github.io/repo (no trailing slash).
SITEURL = os.environ.get("SITEURL", "https://example.github.io/artikelarchiv").rstrip("/")
RELATIVE_URLS = False

FEED_ALL_ATOM = "feeds/alle.atom.xml"
CATEGORY_FEED_ATOM = "feeds/ressort-{slug}.atom.xml"

DELETE_OUTPUT_DIRECTORY = True
# Its own cache: production pages differ from local ones, and the page cache keeps only the
# pages of the last build.
CACHE_PATH = "cache/production"
