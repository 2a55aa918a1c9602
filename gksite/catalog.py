"""Entries → the portal's structure: the 公开目录 tree and every index, paginated.

Pure data: which entries are published, which list each belongs to, in what order,
which page of a list holds them, and each entry's neighbours. Rendering comes later.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from .config import CatalogNode, SiteConfig
from .entry import Entry

KIND_TITLES = {"catalog": "公开目录", "publisher": "发布机构", "year": "发布年份", "topic": "主题分类",
               "inforce": "现行有效"}


@dataclass(frozen=True)
class Crumb:
    """One step of 当前位置: a label and the site-root-relative URL it links to."""

    label: str
    url: str


@dataclass(frozen=True)
class Listing:
    """One index of entries: a catalog node, a publisher, a year or a topic."""

    kind: str
    key: str
    title: str
    folder: str
    entries: tuple[Entry, ...]
    trail: tuple[Crumb, ...]
    children: tuple["Listing", ...] = ()
    node: CatalogNode | None = None

    @property
    def url(self) -> str:
        """The first page of this list."""
        return f"{self.folder}/index.html"

    def page_url(self, number: int) -> str:
        """The URL of page `number` (1-based)."""
        return self.url if number == 1 else f"{self.folder}/page-{number}.html"

    def page_count(self, size: int) -> int:
        """How many pages this list takes at `size` rows a page (at least one)."""
        return max(1, -(-len(self.entries) // size))

    def walk(self):
        """This listing and its descendants."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Withheld:
    """An entry that is read and checked but never published, and why."""

    entry: Entry
    reason: str


@dataclass(frozen=True)
class Catalog:
    """Everything the site publishes, organised."""

    entries: tuple[Entry, ...]                 # published, newest first
    withheld: tuple[Withheld, ...]
    tree: tuple[Listing, ...]                  # top-level catalog nodes
    publishers: tuple[Listing, ...]
    years: tuple[Listing, ...]
    topics: tuple[Listing, ...]
    in_force: Listing                          # 现行有效: policy documents in force today
    neighbours: dict                           # index_no → (newer, older) in its category
    interpretations: dict                      # index_no of a policy → its 政策解读 entries
    today: date

    def listings(self):
        """Every listing of every kind, in a stable order."""
        for top in self.tree:
            yield from top.walk()
        yield from self.publishers
        yield from self.years
        yield from self.topics
        yield self.in_force

    def by_index(self) -> dict[str, Entry]:
        """Published entries by index number."""
        return {e.index_no: e for e in self.entries}


def newest_first(entries) -> tuple[Entry, ...]:
    """Newest publication date first; index number breaks ties, so order is stable."""
    return tuple(sorted(entries, key=lambda e: (e.date, e.index_no), reverse=True))


def build_catalog(config: SiteConfig, entries, today: date, future: bool = False) -> Catalog:
    """Split published from withheld entries and organise the published ones."""
    published, withheld = [], []
    for entry in entries:
        reason = entry.withheld_reason(today, future)
        if reason:
            withheld.append(Withheld(entry, reason))
        else:
            published.append(entry)
    published = newest_first(published)
    members = _members_by_path(published)
    tree = tuple(_node_listing(node, members, ()) for node in config.catalog)
    return Catalog(
        entries=published,
        withheld=tuple(sorted(withheld, key=lambda w: w.entry.relpath)),
        tree=tree,
        publishers=_grouped("publisher", published, [(p.code, p.name) for p in config.publishers],
                            lambda e: e.publisher.code),
        years=_grouped("year", published, [(str(y), f"{y}年") for y in sorted({e.year for e in published}, reverse=True)],
                       lambda e: str(e.year)),
        topics=_grouped("topic", published, [(t.code, t.name) for t in config.topics],
                        lambda e: e.topic.code if e.topic else None),
        in_force=_in_force(published, today),
        neighbours=_neighbours(published),
        interpretations=_interpretations(published),
        today=today,
    )


def _members_by_path(published) -> dict:
    """Catalog path → the entries filed at it or below it, in the order of `published`
    (one pass over the entries, not one a catalog node)."""
    members = defaultdict(list)
    for entry in published:
        path = entry.category.path
        for depth in range(1, len(path) + 1):
            members[path[:depth]].append(entry)
    return members


def _node_listing(node: CatalogNode, members: dict, trail: tuple[Crumb, ...]) -> Listing:
    here = trail + (Crumb(node.name, f"catalog/{node.slug}/index.html"),)
    children = tuple(_node_listing(child, members, here) for child in node.children)
    return Listing(kind="catalog", key=node.slug, title=node.name, folder=f"catalog/{node.slug}",
                   entries=tuple(members.get(node.path, ())),
                   trail=(Crumb("公开目录", "catalog/index.html"),) + here, children=children, node=node)


def _grouped(kind: str, published, keys: list[tuple[str, str]], key_of) -> tuple[Listing, ...]:
    groups = defaultdict(list)
    for entry in published:
        groups[key_of(entry)].append(entry)
    section = Crumb(KIND_TITLES[kind], f"{kind}/index.html")
    return tuple(
        Listing(kind=kind, key=key, title=title, folder=f"{kind}/{key}", entries=tuple(groups[key]),
                trail=(section, Crumb(title, f"{kind}/{key}/index.html")))
        for key, title in keys
    )


def _in_force(published, today: date) -> Listing:
    members = tuple(e for e in published if e.is_policy and e.validity_on(today) == "有效")
    title = KIND_TITLES["inforce"]
    return Listing(kind="inforce", key="inforce", title=title, folder="inforce", entries=members,
                   trail=(Crumb(title, "inforce/index.html"),))


def _neighbours(published) -> dict:
    by_category = defaultdict(list)
    for entry in published:
        by_category[entry.category.path].append(entry)
    result = {}
    for members in by_category.values():
        for i, entry in enumerate(members):
            newer = members[i - 1] if i > 0 else None
            older = members[i + 1] if i + 1 < len(members) else None
            result[entry.index_no] = (newer, older)
    return result


def _interpretations(published) -> dict:
    result = defaultdict(list)
    for entry in published:
        if entry.interprets:
            result[entry.interprets].append(entry)
    return {key: tuple(value) for key, value in result.items()}
