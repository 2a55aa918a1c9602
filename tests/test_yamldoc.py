"""yamldoc reads through libyaml when it can, and gives exactly what the pure-Python loader gives."""
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gksite import yamldoc

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
needs_libyaml = pytest.mark.skipif(yamldoc._FastLoader is None, reason="PyYAML was built without libyaml")


def _shape(value):
    """A value with its types and, for mappings and lists, the line of every key and item."""
    if isinstance(value, yamldoc.Mapping):
        return "mapping", value.line, [(key, value.lines[key], _shape(item)) for key, item in value.items()]
    if isinstance(value, yamldoc.Sequence):
        return "sequence", [(line, _shape(item)) for line, item in zip(value.lines, value)]
    return type(value).__name__, repr(value)


def _outcome(read, text: str, first_line: int = 2):
    """What one loader makes of `text`: the shape of its value, or its error."""
    try:
        return _shape(read(text, first_line))
    except yamldoc.YamlError as error:
        return "error", error.message, error.line, error.col, error.hint


def _fast(text: str, first_line: int = 2):
    return yamldoc._parse(yamldoc._FastLoader, text, first_line)


_WORDS = st.sampled_from(["标题", "关于: 通知", "a b", "2024-02-30", "2026-03-18", "true", "null", "~", "0x1F", "1e3",
                          ".5", "-", "- a", "#x", " #x", "'q'", '"d"', "a\nb", "a\n\nb", " lead", "trail ", "\\", "{",
                          "[", "%", "@", "`", "12:30", "1_0", "0o17", "+.inf", "：", "\u3000", "a,b", "|", ">", "<<",
                          "=", "", "中" * 90, "11519900MB0000002B/2026-0000004", "葫政办公开〔2024〕10号"])
_TEXT = st.text(st.characters(blacklist_characters="?&*!\t\r\x85\u2028\u2029\ufeff"), max_size=8)
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                     st.lists(_WORDS, max_size=3).map("".join), _TEXT)
_KEYS = st.one_of(st.sampled_from(["title", "标题", "index_no", "date", "keywords", "attachments", "file", "1",
                                   "true", "a b", "value"]), _TEXT)
_FRONT_MATTER = st.dictionaries(_KEYS, st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=8), max_size=8)
_STYLES = st.fixed_dictionaries({
    "allow_unicode": st.booleans(), "default_flow_style": st.sampled_from([False, True, None]),
    "width": st.sampled_from([20, 80, 1000]), "indent": st.sampled_from([2, 3, 4]),
    "default_style": st.sampled_from([None, None, None, None, '"', "'", "|", ">"])})
_EDITS = st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(["", " ", "\n", ":", "-", "'", '"', "#", "[", "{",
                                                                     "  "])), max_size=3)
_PIECES = st.lists(st.one_of(st.sampled_from([
    "a", "标题", ":", ": ", " ", "  ", "\n", "\n  ", "\n- ", "- ", "[", "]", "{", "}", ",", "'", '"', "#", " #c", "?",
    "? ", "!", "!!str ", "|", "|-", "|2", ">", ">-", "\t", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "@", "`", "\\",
    "\\x41", "\\N", "1", "2024-02-30", "0x1", "1e3", "true", "~", "null", "\x85", "\u2028", "\ufeff", "...", "---",
    "\r", "\x7f", "\x00", "é", "<<", "&a ", "*a", "\u3000", "：", "\U0001F600", "k" * 1030]), st.text(max_size=3)),
    max_size=16).map("".join)


@needs_libyaml
@SETTINGS
@given(_FRONT_MATTER, _STYLES, _EDITS)
def test_libyaml_reads_front_matter_as_the_pure_loader_does(front, style, edits):
    text = yaml.safe_dump(front, sort_keys=False, **style)
    for at, piece in edits:         # a few slips of an editor's hand, valid YAML or not
        at %= len(text) + 1
        text = text[:at] + piece + text[at + (not piece):]
    assume(not yamldoc._PURE_ONLY.search(text))
    try:
        fast = _shape(_fast(text))
    except Exception:
        return                      # `load` asks the pure loader; the next test covers that
    assert fast == _outcome(yamldoc._load_pure, text)


@SETTINGS
@given(_PIECES, st.integers(1, 3))
def test_load_gives_what_the_pure_loader_gives_for_any_text(text, first_line):
    assert _outcome(yamldoc.load, text, first_line) == _outcome(yamldoc._load_pure, text, first_line)


def test_ordinary_front_matter_never_reaches_the_pure_loader(monkeypatch):
    if yamldoc._FastLoader is None:
        pytest.skip("PyYAML was built without libyaml")
    monkeypatch.setattr(yamldoc, "_load_pure", None)
    value = yamldoc.load("title: 通知\ndate: 2026-03-18\nkeywords: [政务公开, 要点]\nattachments:\n"
                         "  - {file: fj1.pdf, title: 附件1：分工表}\n", first_line=2)
    assert value == {"title": "通知", "date": "2026-03-18", "keywords": ["政务公开", "要点"],
                     "attachments": [{"file": "fj1.pdf", "title": "附件1：分工表"}]}
    assert value.lines == {"title": 2, "date": 3, "keywords": 4, "attachments": 5}
    assert value["attachments"].lines == [6]


def test_anchor_is_refused_where_it_is_written():
    with pytest.raises(yamldoc.YamlError) as refused:
        yamldoc.load("title: 通知\nkeywords: &k [a]\nother: *k\n", first_line=2)
    assert (refused.value.message, refused.value.line, refused.value.col) == ("YAML 锚点和别名（& 与 *）不被接受", 3, 11)


@needs_libyaml
@pytest.mark.parametrize("text", ["k" * 1100 + ": v\n", "title: 通知\n  date: 2026-03-18\n", "title: 'a\n",
                                  "title: a\ntitle: b\n", "a:\n  - " + "x" * 2000 + ": 1\n"])
def test_an_error_is_worded_and_placed_by_the_pure_loader(text):
    with pytest.raises(Exception):
        _fast(text)
    assert _outcome(yamldoc.load, text)[0] == "error"
    assert _outcome(yamldoc.load, text) == _outcome(yamldoc._load_pure, text)


@needs_libyaml
def test_text_that_libyaml_refuses_is_read_by_the_pure_loader():
    text = "attachments: {file:{title: 附件}}\n"
    with pytest.raises(yaml.YAMLError):
        _fast(text)
    assert yamldoc.load(text) == {"attachments": {"file": {"title": "附件"}}}


@pytest.mark.parametrize("text", ["title: 通知\ndate: 2026-03-18\n", "title:\t通知\n", "a: &x 1\n", "title: 'a\n"])
def test_without_libyaml_the_pure_loader_reads_everything(monkeypatch, text):
    expected = _outcome(yamldoc._load_pure, text)
    monkeypatch.setattr(yamldoc, "_FastLoader", None)
    assert _outcome(yamldoc.load, text) == expected
