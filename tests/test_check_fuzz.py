"""Fuzzing: no bytes, text or YAML an editor can commit makes the checks raise; they return problems."""
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gksite.checks import check_file, site_problems
from gksite.config import load_config
from gksite.entry import ALIASES, KEYS, Entry, PartialEntry
from gksite.problems import Problem
from sitekit import TODAY, Site

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def fuzz_site(tmp_path_factory):
    """A site whose one entry file each example overwrites, and its config."""
    site = Site(tmp_path_factory.mktemp("fuzz") / "site")
    site.entry("other", index_no="11990000MB0000001A/2025-0001")
    path = site.root / "content" / "fuzz.md"
    (site.root / "content" / "fj1.pdf").write_bytes(b"%PDF")
    return load_config(site.root), path


def _read_and_check(fuzz_site, data: bytes) -> None:
    config, path = fuzz_site
    path.write_bytes(data)
    entry, problems = check_file(path, config, TODAY)
    assert all(isinstance(p, Problem) for p in problems)
    assert entry is None or isinstance(entry, (Entry, PartialEntry))
    assert entry is not None or problems
    other, _ = check_file(path.with_name("other.md"), config, TODAY)
    complete = [e for e in (other, entry) if isinstance(e, Entry)]
    assert all(isinstance(p, Problem) for p in site_problems(config, complete, TODAY))


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(fuzz_site, data):
    _read_and_check(fuzz_site, data)


@FUZZ
@given(st.text(max_size=400), st.text(max_size=400))
def test_arbitrary_front_matter_text_never_raises(fuzz_site, front, body):
    _read_and_check(fuzz_site, f"---\n{front}\n---\n{body}".encode("utf-8", "surrogatepass"))


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
                     st.sampled_from(["2025-02-30", "2025-03-01", "有效", "依申请公开", "测试县财政局", "gknb",
                                      "fj1.pdf", "../site.yaml", "/etc/passwd", "13812345678",
                                      "11990000MB0000001A/2025-0001", "<script>", "[x](javascript:1)"]))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(["file", "title", "value", "reason", "x"]),
                                                 inner, max_size=3)), max_leaves=12)
_KEYS = st.one_of(st.sampled_from(sorted(KEYS) + sorted(ALIASES)), st.text(min_size=1, max_size=12))


@FUZZ
@given(st.dictionaries(_KEYS, _VALUES, max_size=12), st.text(max_size=300))
def test_arbitrary_yaml_never_raises(fuzz_site, front, body):
    text = yaml.safe_dump(front, allow_unicode=True)
    _read_and_check(fuzz_site, f"---\n{text}---\n{body}".encode("utf-8", "surrogatepass"))


_BODY_PIECES = st.sampled_from(["[x](", ")", "](", "other.md", "索引号:", "索引号：", "<", ">", "img ", "onerror=",
                                "javascript:", "`", "```\n", "\n", "[r]: ", "{: ", "}", "510104199001011230",
                                "13812345678", "６２２２", "http://[", "%00", "../", "#", "\x00", "&#"])


@FUZZ
@given(st.lists(st.one_of(_BODY_PIECES, st.text(max_size=5)), max_size=30))
def test_arbitrary_body_never_raises(fuzz_site, pieces):
    front = ("title: 题\nindex_no: cszj/2025-0009\npublisher: 测试县财政局\ncategory: gknb\ndate: 2025-01-02\n")
    _read_and_check(fuzz_site, f"---\n{front}---\n{''.join(pieces)}".encode("utf-8", "surrogatepass"))
