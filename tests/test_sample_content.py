"""The sample site's content (青梧县): enough entries, every field, the catalog issue 2 asks
for, and every published entry reachable from index.html by plain links (no JavaScript)."""
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from gksite import report
from gksite.config import load_config
from gksite.entry import ALIASES, KEYS
from sitekit import TODAY, build_sample, read_content

REPO = Path(__file__).resolve().parent.parent
CATALOG = ["法定主动公开内容/机构职能", "法定主动公开内容/政策文件", "法定主动公开内容/政策文件/规范性文件",
           "法定主动公开内容/政策文件/其他文件", "法定主动公开内容/政策解读", "法定主动公开内容/规划信息",
           "法定主动公开内容/财政预决算", "法定主动公开内容/人事信息", "法定主动公开内容/统计信息",
           "政府信息公开指南", "政府信息公开制度", "政府信息公开年报"]
SPEC_KEYS = ["title", "index_no", "publisher", "category", "date", "written", "doc_no", "topic", "keywords",
             "validity", "expires", "disclosure", "interprets", "attachments", "draft"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample site built, without search, in a temporary copy."""
    return build_sample(tmp_path_factory.mktemp("sample")).public


def test_sample_site_checks_clean():
    result = report.check(REPO, today=TODAY)
    assert (result.errors, result.warnings) == (0, 0)
    assert result.published >= 25


def test_sample_entries_use_every_field_and_the_chinese_key_names():
    config = load_config(REPO)
    entries = read_content(config).entries
    used = {key for entry in entries for key in entry.lines}
    assert set(SPEC_KEYS) <= used
    assert "privacy_allow" in used                      # a number published on purpose, with its reason
    written = "".join(path.read_text(encoding="utf-8") for path in (REPO / "content").rglob("*.md"))
    assert any(f"\n{alias}:" in written for alias in ALIASES if ALIASES[alias] in KEYS)
    assert {e.disclosure for e in entries} >= {"主动公开", "删减后公开", "依申请公开", "不予公开"}
    assert {e.validity_on(TODAY) for e in entries} >= {"有效", "失效", "废止"}


def test_sample_catalog_is_the_one_the_issue_lists():
    names = {"/".join(node.names) for node in load_config(REPO).nodes()}
    assert set(CATALOG) <= names


def _links(page: Path, root: Path):
    """The pages of the site that `page` links to with <a href>, as files."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for anchor in soup.find_all("a", href=True):
        parts = urlsplit(anchor["href"])
        if parts.scheme or parts.netloc or not parts.path.endswith(".html"):
            continue
        target = (page.parent / unquote(parts.path)).resolve()
        if root in target.parents and target.is_file():
            yield target


def test_every_entry_is_reached_from_the_home_page_and_links_back(sample):
    root = sample.resolve()
    home = root / "index.html"
    seen, todo = set(), [home]
    while todo:
        page = todo.pop()
        if page not in seen and "zh-hant" not in page.relative_to(root).parts:
            seen.add(page)
            todo.extend(_links(page, root))
    entries = {p.resolve() for p in (root / "doc").rglob("index.html")}
    published = read_content(load_config(REPO)).entries
    assert len(entries) == sum(1 for e in published if not e.withheld_reason(TODAY))
    assert entries <= seen
    for page in entries:
        assert home in set(_links(page, root)), page
