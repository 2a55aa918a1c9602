"""`gksite schema`: a JSON Schema of the front matter, kept in step with the checks."""
import json

import pytest
from jsonschema import Draft202012Validator

from gksite import yamldoc
from gksite.cli import main
from gksite.config import load_config
from gksite.content import entry_files
from gksite.entry import ALIASES, DISCLOSURE, KEYS, REQUIRED, VALIDITY
from gksite.schema import front_matter_schema


def _schema(site_dir, capsys):
    assert main(["schema", "--site", str(site_dir)]) == 0
    schema = json.loads(capsys.readouterr().out)
    Draft202012Validator.check_schema(schema)
    return schema


@pytest.fixture
def starter_site(tmp_path):
    assert main(["init", str(tmp_path / "s"), "--with-pilot-domains"]) == 0
    return tmp_path / "s"


def _front(path):
    text = path.read_text(encoding="utf-8")
    return dict(yamldoc.load(text.split("---\n")[1]))


def test_schema_names_every_key_in_both_spellings(tmp_path, capsys):
    schema = _schema(tmp_path, capsys)
    assert set(schema["properties"]) == set(KEYS) | set(ALIASES)
    assert schema["$defs"]["validity"]["enum"] == list(VALIDITY)
    assert schema["$defs"]["disclosure"]["enum"] == list(DISCLOSURE)
    required = [rule["anyOf"] for rule in schema["allOf"] if "anyOf" in rule]
    assert [[r["required"][0] for r in rule] for rule in required] == [[k, *KEYS[k]] for k in REQUIRED]


def test_schema_in_a_site_lists_its_publishers_categories_and_topics(starter_site, capsys):
    schema = _schema(starter_site, capsys)
    config = load_config(starter_site)
    assert {p.name for p in config.publishers} <= set(schema["$defs"]["publisher"]["enum"])
    assert "jcgk/ywjy" in schema["$defs"]["category"]["enum"]
    assert "基层政务公开标准化/义务教育" in schema["$defs"]["category"]["enum"]
    assert {t.name for t in config.topics} <= set(schema["$defs"]["topic"]["enum"])


def test_sample_entries_validate_and_mistakes_do_not(starter_site):
    validator = Draft202012Validator(front_matter_schema(load_config(starter_site)))
    entries = [_front(path) for path in entry_files(starter_site / "content")]
    assert len(entries) == 4
    for front in entries:
        assert list(validator.iter_errors(front)) == []
    good = entries[0]
    for wrong in ({"validity": "永久"}, {"公开属性": "公开"}, {"标题": "两种写法"}, {"publisher": "没有的机构"},
                  {"date": "2025/01/01"}, {"index_no": "sxzf/2025-1"}, {"draft": "是"},
                  {"privacy_allow": [{"value": "13812345678"}]}, {"titel": "拼错"}):
        assert list(validator.iter_errors({**good, **wrong})), wrong
    missing = {k: v for k, v in good.items() if k != "title"}
    assert list(validator.iter_errors(missing))
    chinese = {("标题" if k == "title" else k): v for k, v in good.items()}
    assert list(validator.iter_errors(chinese)) == []


# Rules the schema cannot express: they compare two fields.
CROSS_FIELD = {"expires-before-date"}


def _rule_cases():
    from test_check_fields import RULES
    return [pytest.param(bad, good, id=name) for name, bad, code, _, good in RULES if code not in CROSS_FIELD]


@pytest.mark.parametrize("bad, good", _rule_cases())
def test_schema_rejects_what_the_checks_reject_and_accepts_what_they_accept(site, bad, good):
    from jsonschema import FormatChecker
    validator = Draft202012Validator(front_matter_schema(load_config(site.root)), format_checker=FormatChecker())
    for fields, rejected in ((bad, True), ({k: v for k, v in good.items() if k != "body"}, False)):
        path = site.entry("probe", **fields)
        front = _front(path)
        path.unlink()
        assert bool(list(validator.iter_errors(front))) is rejected, fields
