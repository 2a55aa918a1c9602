"""索引号: unique across the site, canonical `{publisher code}/{year}-{serial}`, or the legacy pattern."""
import pytest

from sitekit import line_of, with_code

ORG = "11990000MB0000001A"


def test_duplicate_index_number_names_both_files(site):
    first = site.entry("first", index_no=f"{ORG}/2025-0001")
    second = site.entry("second", index_no=f"{ORG}/2025-0001", draft=True)
    found = with_code(site.check(), "index-duplicate")
    assert [(p.path, p.line) for p in found] == [("content/first.md", line_of(first, "index_no:")),
                                                 ("content/second.md", line_of(second, "index_no:"))]
    assert "content/second.md" in found[0].message
    assert "content/first.md" in found[1].message


def test_distinct_index_numbers_pass(site):
    site.entry("first", index_no=f"{ORG}/2025-0001")
    site.entry("second", index_no=f"{ORG}/2025-0002")
    assert site.check() == []


@pytest.mark.parametrize("number, part", [
    (f"{ORG}-2025-0001", "缺少 “/”"),
    ("cszj/2025-0001", "机构代码 “cszj”"),
    (f"{ORG}/2024-0001", "年份 “2024”"),
    (f"{ORG}/20250001", "缺少 “-”"),
    (f"{ORG}/2025-001", "应当是 4 位"),
    (f"{ORG}/2025-00012", "应当是 4 位"),
    (f"{ORG}/2025-00a1", "应当只有数字"),
    (f"{ORG}/2025-００１２", "应当只有数字"),
])
def test_malformed_index_number_says_which_part_is_wrong(site, number, part):
    path = site.entry("bad", index_no=number)
    [problem] = site.check()
    assert (problem.code, problem.path, problem.line) == ("index-format", "content/bad.md",
                                                          line_of(path, "index_no:"))
    assert part in problem.message
    assert f"{ORG}/2025-0001" in problem.hint


def test_serial_width_comes_from_site_yaml(site):
    site.config["index_number"] = {"serial_width": 7}
    site.write_config()
    site.entry("seven", index_no=f"{ORG}/2025-0000001")
    assert site.check() == []


def test_legacy_pattern_admits_numbers_from_the_old_portal(site):
    site.config["index_number"] = {"serial_width": 4, "legacy_pattern": r"\d{9}/\d{4}-\d{5}"}
    site.write_config()
    site.entry("old", index_no="011346509/2020-14757", date="2020-09-24")
    assert site.check() == []
    path = site.entry("other", index_no="011346509/2020-1475", date="2020-09-25")
    [problem] = site.check()
    assert (problem.code, problem.path, problem.line) == ("index-format", "content/other.md",
                                                          line_of(path, "index_no:"))
