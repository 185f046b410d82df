"""Settings for a local build. Every setting of the site lives here; publishconf.py
only changes what production needs."""

from pathlib import Path

SITENAME = "Artikelarchiv"
# The collection names no authors; feeds credit the site itself.
AUTHOR = SITENAME
SITEURL = ""
# Relative links make the local build work at any address, including a sub-path.
RELATIVE_URLS = True

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS: list[str] = []
STATIC_PATHS: list[str] = []
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"
# Our reader derives every field; file names carry no metadata for Pelican.
FILENAME_METADATA = r"(?!)"
PATH_METADATA = ""

PLUGIN_PATHS = ["plugins"]
# linear_grouping: Pelican's grouping into topics, keywords and archives, in linear time.
# frozen_urls: each article's URL computed once, not on every page that links to it.
# partial_cache: a teaser rendered once for all the lists that show it (partial_cached).
# page_cache: a rebuild reuses the HTML of every page whose inputs did not change.
PLUGINS = [
    "artikel_reader",
    "artikel_meta",
    "artikel_search",
    "linear_grouping",
    "frozen_urls",
    "partial_cache",
    "page_cache",
]
# Worker processes that read new articles in parallel; None: one per CPU, 1: no workers.
ARTIKEL_READ_PROCESSES = None
# Any skipped source file fails the build (for CI); `invoke build --strict` sets it too.
ARTIKEL_STRICT = False
# What the build read, wrote and skipped; saved beside the output folder, not in the site.
ARTIKEL_REPORT_FILE = "build-report.json"
# The topic lexicon: the Ressorts and the words that point to each.
ARTIKEL_LEXICON = str(Path(__file__).parent / "content" / "ressorts.toml")
# Words that are never keywords and preferred keyword spellings.
ARTIKEL_KEYWORDS = str(Path(__file__).parent / "content" / "stichwoerter.toml")
# Optional per-article corrections (title, topic, keywords), relative to PATH.
ARTIKEL_OVERRIDES = "overrides.toml"
# Keywords per article: at least, at most.
ARTIKEL_KEYWORDS_PER_ARTICLE = (3, 8)
# Full-text search: a Pagefind index of the articles' titles and texts, written into this
# output folder.
ARTIKEL_SEARCH = True
ARTIKEL_SEARCH_BUNDLE = "pagefind"
# Large collections are indexed in bundles of at most this many articles each (1, 2, 4 … 256
# bundles), merged by the search page, so that indexing never holds more than one bundle in
# memory. Pagefind holds about 240 KB a page: 10,000 articles make 8 bundles of ~1,250 pages
# (~300 MiB), 100,000 make 64 of ~1,560 (~370 MiB), beside the build's own memory.
ARTIKEL_SEARCH_SHARD_PAGES = 1600

# The reader does the typography (German quotes, caps, widows) once per article; typogrify
# would redo it on every build, cached or not, and is the slowest step of a build.
TYPOGRIFY = False

# URLs use the article's stable id, never the title, so they survive a better title rule.
ARTICLE_URL = "artikel/{slug}/"
ARTICLE_SAVE_AS = "artikel/{slug}/index.html"
CATEGORY_URL = "ressort/{slug}/"
CATEGORY_SAVE_AS = "ressort/{slug}/index.html"
CATEGORIES_URL = "ressorts/"
CATEGORIES_SAVE_AS = "ressorts/index.html"
TAG_URL = "stichwort/{slug}/"
TAG_SAVE_AS = "stichwort/{slug}/index.html"
TAGS_URL = "stichwoerter/"
TAGS_SAVE_AS = "stichwoerter/index.html"
ARCHIVES_URL = "archiv/"
ARCHIVES_SAVE_AS = "archiv/index.html"
YEAR_ARCHIVE_URL = "archiv/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "archiv/{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "archiv/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "archiv/{date:%Y}/{date:%m}/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
PAGE_SAVE_AS = ""
DIRECT_TEMPLATES = [
    "index",
    "categories",
    "tags",
    "archives",
    "overview",
    "search",
    "404",
    "robots",
]
# The chart of articles per topic and year.
OVERVIEW_URL = "uebersicht/"
OVERVIEW_SAVE_AS = "uebersicht/index.html"
SEARCH_URL = "suche/"
SEARCH_SAVE_AS = "suche/index.html"
ROBOTS_SAVE_AS = "robots.txt"
SLUGIFY_SOURCE = "basename"

# Each build loads the templates afresh; within one, Jinja need not check every include's
# file for changes (a stat per include, a quarter of a million per 10,000 articles).
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "auto_reload": False}
DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {"index": None, "category": None, "tag": None, "period_archives": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/seite/{number}/", "{base_name}/seite/{number}/index.html"),
)

# Feeds come with production settings (they need absolute URLs).
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

DELETE_OUTPUT_DIRECTORY = True

# Content cache: a rebuild re-reads only changed files. The reader layer caches what our
# reader returns; everything after it (topics, keywords, grouping) runs on every build, so
# an edit can never leave a stale topic or keyword behind. The reader clears the cache when
# its own code changes (Pelican keys entries on the file alone).
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CACHE_PATH = "cache"
# A content hash, not the mtime: an edit within the same clock tick or a restored backup
# is still noticed.
CHECK_MODIFIED_METHOD = "sha256"
# Uncompressed: gzip at level 9 costs more time than reading the file saves.
GZIP_CACHE = False
# Template filters and globals (from plugins) whose result depends on their arguments alone,
# and which follow no article's links to other articles (its related articles) that the
# templates do not name. A template using any other is rendered on every build, as the page
# cache cannot see what such a function reads.
PAGE_CACHE_PURE_FUNCTIONS = ["german_date", "month_name"]
# Template functions whose first argument names a template they render with their other
# arguments alone: that template counts as included.
PAGE_CACHE_PARTIAL_FUNCTIONS = ["partial_cached"]
