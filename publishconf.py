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

# sitemap.xml needs absolute addresses, so it is a production feature (robots.txt points to it).
PLUGINS = [*PLUGINS, "sitemap"]  # noqa: F405
SITEMAP = {
    "format": "xml",
    "exclude": [r"^404\.html$", r"^robots\.txt$", r"^suche/$"],
    "changefreqs": {"articles": "yearly", "indexes": "daily", "pages": "monthly"},
}
