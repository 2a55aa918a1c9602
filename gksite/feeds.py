"""Machine-readable outputs: the Atom feed (per script), sitemap.xml and robots.txt."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from xml.sax.saxutils import escape, quoteattr

from . import __version__
from .catalog import Catalog
from .config import SiteConfig
from .urls import relative

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
FEED_SIZE = 20
FEED = "feed.xml"
GENERATOR = "gksite"


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


def atom_feed(config: SiteConfig, catalog: Catalog, feed_url: str, twin_url, convert=str) -> str:
    """The latest entries as Atom; `twin_url` maps a page URL into this feed's script."""
    ET.register_namespace("", ATOM)
    latest = catalog.entries[:FEED_SIZE]
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", convert(config.identity.name))
    _text(feed, "subtitle", convert("最新公开的政府信息"))
    tag = f"tag:{config.identity.site_code or 'gksite'},2000:"
    _text(feed, "id", tag + feed_url)
    _text(feed, "updated", _stamp(latest[0].date if latest else catalog.today))
    _link(feed, _address(config, feed_url, feed_url), rel="self", type="application/atom+xml")
    _link(feed, _address(config, feed_url, twin_url("index.html")), rel="alternate", type="text/html")
    ET.SubElement(feed, f"{{{ATOM}}}generator", version=__version__).text = GENERATOR   # also how a build knows its output
    for entry in latest:
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(item, "title", convert(entry.title))
        _text(item, "id", tag + entry.index_no)
        _text(item, "published", _stamp(entry.date))
        _text(item, "updated", _stamp(entry.date))
        _link(item, _address(config, feed_url, twin_url(entry.url)), rel="alternate", type="text/html")
        author = ET.SubElement(item, f"{{{ATOM}}}author")
        _text(author, "name", convert(entry.publisher.name))
        facts = [f"索引号：{entry.index_no}", f"发布机构：{entry.publisher.name}"]
        if entry.doc_no:
            facts.insert(1, f"文号：{entry.doc_no}")
        _text(item, "summary", convert("　".join(facts)))
    return _serialize(feed)


def sitemap(config: SiteConfig, pages) -> str:
    """sitemap.xml of every page (absolute URLs), each with its twin as an hreflang alternate.

    Written as text: tens of thousands of pages through ElementTree cost a second."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<urlset xmlns="{SITEMAP}" xmlns:xhtml="{XHTML}">']
    for url, alternates in pages:
        lines += ["  <url>", f"    <loc>{escape(config.base_url + url)}</loc>"]
        lines += [f'    <xhtml:link rel="alternate" hreflang={quoteattr(lang)} href={quoteattr(config.base_url + twin)} />'
                  for lang, twin in alternates]
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(config: SiteConfig) -> str:
    """robots.txt: everything may be crawled; the sitemap is named when there is one."""
    lines = ["User-agent: *", "Allow: /"]
    if config.base_url:
        lines.append(f"Sitemap: {config.base_url}sitemap.xml")
    return "\n".join(lines) + "\n"


def _address(config: SiteConfig, feed_url: str, target: str) -> str:
    return config.base_url + target if config.base_url else relative(feed_url, target)


def _text(parent, name: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{name}").text = text


def _link(parent, href: str, **attrs) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", href=href, **attrs)


def _serialize(root) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
