"""A link checker for a served site: fetch every page, stylesheet and feed reachable from the
start URLs and check every reference in them (href, src, srcset, CSS url(), feed and sitemap
links, #fragments)."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup

CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""")
REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.I)
# <link rel> values whose target the browser loads while showing the page.
LOADED_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}
URL_ATTRIBUTES = ("href", "src", "action", "poster", "data")


@dataclass(frozen=True)
class Reference:
    page: str
    url: str
    # The browser fetches it to show the page (as opposed to a link a reader may follow).
    loaded: bool


@dataclass
class Crawl:
    status: dict[str, int] = field(default_factory=dict)
    anchors: dict[str, set[str]] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)

    def broken(self) -> list[str]:
        """Every reference into the crawled sites that does not resolve, as 'page -> url (why)'."""
        problems = set()
        for ref in self.references:
            target, fragment = urldefrag(ref.url)
            if target not in self.status:
                continue  # another host or scheme
            if self.status[target] != 200:
                problems.add(f"{ref.page} -> {ref.url} (HTTP {self.status[target]})")
            elif fragment and fragment not in self.anchors.get(target, set()):
                problems.add(f"{ref.page} -> {ref.url} (no element with id {fragment!r})")
        return sorted(problems)

    def foreign_loads(self) -> list[str]:
        """Everything a page would load from a host other than the crawled sites'."""
        return sorted(
            f"{ref.page} -> {ref.url}"
            for ref in self.references
            if ref.loaded
            and urlsplit(ref.url).scheme not in ("data", "blob")
            and urldefrag(ref.url).url not in self.status
        )


def fetch(url: str) -> tuple[int, str, str, bytes]:
    """Status, final URL (after redirects), content type and body of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return (
                response.status,
                response.url,
                response.headers.get_content_type(),
                response.read(),
            )
    except urllib.error.HTTPError as error:
        return error.code, url, error.headers.get_content_type(), error.read()


def html_references(page: str, body: bytes) -> tuple[Iterator[Reference], set[str]]:
    soup = BeautifulSoup(body, "html.parser")
    base = urljoin(page, soup.base["href"]) if soup.base and soup.base.get("href") else page
    anchors = {tag["id"] for tag in soup.find_all(id=True)}
    anchors |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}

    def found() -> Iterator[Reference]:
        for tag in soup.find_all(True):
            for attribute in URL_ATTRIBUTES:
                value = tag.get(attribute)
                if not isinstance(value, str) or not value.strip():
                    continue
                rels = set(tag.get("rel") or [])
                loaded = attribute in ("src", "poster", "data") or (
                    tag.name == "link" and bool(rels & LOADED_RELS)
                )
                yield Reference(page, urljoin(base, value.strip()), loaded)
            for candidate in (tag.get("srcset") or "").split(","):
                if candidate.strip():
                    yield Reference(page, urljoin(base, candidate.split()[0]), True)
            if tag.name == "meta" and (tag.get("http-equiv") or "").lower() == "refresh":
                match = REFRESH_URL.search(tag.get("content") or "")
                if match:
                    yield Reference(page, urljoin(base, match[1].strip()), False)
            css = tag.string if tag.name == "style" else tag.get("style")
            if css:
                yield from css_references(base, str(css), page)

    return found(), anchors


def css_references(base: str, css: str, page: str | None = None) -> Iterator[Reference]:
    for match in CSS_URL.finditer(css):
        target = match[2] if match[2] is not None else match[4]
        if target and not target.startswith("data:"):
            yield Reference(page or base, urljoin(base, target), True)


def xml_references(page: str, body: bytes) -> Iterator[Reference]:
    """Links in a feed (Atom or RSS) or a sitemap, and in the HTML carried inside a feed."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        raise AssertionError(f"{page} is not well-formed XML: {error}") from error
    for element in root.iter():
        name = element.tag.rpartition("}")[2]
        if element.get("href"):
            yield Reference(page, urljoin(page, element.get("href")), False)
        if name in ("loc", "link") and element.text and element.text.strip():
            yield Reference(page, urljoin(page, element.text.strip()), False)
        if name in ("content", "summary", "description") and element.text:
            yield from html_references(page, element.text.encode())[0]


def references_of(page: str, content_type: str, body: bytes) -> tuple[list[Reference], set[str]]:
    if content_type == "text/html":
        found, anchors = html_references(page, body)
        return list(found), anchors
    if content_type == "text/css":
        return list(css_references(page, body.decode("utf-8"))), set()
    if content_type.endswith("xml") or urlsplit(page).path.endswith(".xml"):
        return list(xml_references(page, body)), set()
    return [], set()


def crawl(start: Iterable[str]) -> Crawl:
    """Breadth-first over every URL of the start URLs' sites, beginning with ``start``."""
    start = list(start)
    origins = {urlsplit(url)[:2] for url in start}
    result = Crawl()
    queue = deque(urldefrag(url).url for url in start)
    queued = set(queue)
    while queue:
        url = queue.popleft()
        status, final_url, content_type, body = fetch(url)
        result.status[url] = status
        if status != 200:
            continue
        found, result.anchors[url] = references_of(final_url, content_type, body)
        result.references.extend(found)
        for ref in found:
            target = urldefrag(ref.url).url
            if urlsplit(target)[:2] in origins and target not in queued:
                queued.add(target)
                queue.append(target)
    return result
