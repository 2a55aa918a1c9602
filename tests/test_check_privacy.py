"""个人隐私保护: ID, mobile and bank card numbers in what an entry publishes are errors, masked."""
from datetime import date

import pytest

from gksite.privacy import find_personal_data, is_id_number, mask
from sitekit import line_of, with_code

ID = "510104199001011230"          # valid check digit, born 1990-01-01
ID_X = "11010519491231002X"
MOBILE = "13812345678"
CARD = "6222021234567890128"      # Luhn-valid UnionPay-like number


def _privacy(problems):
    return [p for p in problems if p.code.startswith("privacy-")]


@pytest.mark.parametrize("body, code, needle", [
    (f"申请人：张三，身份证号{ID}。", "privacy-id-number", ID),
    (f"申请人身份证号码 {ID_X}", "privacy-id-number", ID_X),
    (f"联系人手机{MOBILE}", "privacy-mobile", MOBILE),
    ("联系人手机 139-1234-5678", "privacy-mobile", "139-1234-5678"),
    ("联系人手机 +86 139 1234 5678", "privacy-mobile", "139 1234 5678"),
    (f"收款账号{CARD}", "privacy-bank-card", CARD),
    ("卡号 4111 1111 1111 1111", "privacy-bank-card", "4111 1111"),
    ("全角：１３８１２３４５６７８", "privacy-mobile", "１３８"),
])
def test_personal_number_in_the_body_is_an_error_at_its_line(site, body, code, needle):
    path = site.entry("bad", body=f"第一段。\n\n{body}\n")
    [problem] = _privacy(site.check())
    text = path.read_text(encoding="utf-8").splitlines()[line_of(path, needle) - 1]
    assert (problem.code, problem.path, problem.line, problem.col) == (
        code, "content/bad.md", line_of(path, needle), text.index(needle) + 1)


@pytest.mark.parametrize("body", [
    "办公电话：0839-6200000，010-12345678，热线 12345，传真 (0839)6200001。",
    "发布日期 20240315，统计截至 2024年3月15日，编号 2024031500000001。",
    "索引号 11990000MB0000001A/2025-0001，文号 葫政办公开〔2024〕10号。",
    "统一社会信用代码 11990000MB0000001A，账户余额 1234567.89 元。",
    f"身份证号校验位不对：{ID[:-1]}9；出生日期不存在：510104199002301234。",
    f"较长的数字串里的号码不算：9{MOBILE}1，订单 00{CARD}。",
    "不通过 Luhn 校验的卡号 6222021234567890123。",
])
def test_ordinary_numbers_do_not_trip_the_check(site, body):
    site.entry("good", body=body, doc_no="测政办发〔2024〕13号")
    assert site.check() == []


@pytest.mark.parametrize("field, value, key", [
    ("title", f"关于{MOBILE}的说明", "title:"),
    ("doc_no", f"编号{ID}", "doc_no:"),
    ("keywords", ["救助", CARD], "keywords:"),
])
def test_personal_number_in_front_matter_is_reported_at_its_key(site, field, value, key):
    path = site.entry("bad", **{field: value})
    [problem] = _privacy(site.check())
    assert (problem.path, problem.line) == ("content/bad.md", line_of(path, key))


def test_attachment_name_and_title_are_checked(site):
    (site.root / "content").mkdir(parents=True)
    (site.root / "content" / f"{ID}.pdf").write_bytes(b"%PDF")
    path = site.entry("bad", attachments=[{"file": f"{ID}.pdf", "title": f"联系 {MOBILE}"}])
    found = _privacy(site.check())
    assert sorted((p.code, p.line) for p in found) == [("privacy-id-number", line_of(path, "attachments:")),
                                                      ("privacy-mobile", line_of(path, "attachments:"))]


def test_message_masks_the_value(site):
    site.entry("bad", body=f"身份证号{ID}，手机{MOBILE}，卡号{CARD}")
    text = "\n".join(p.format() for p in site.check())
    for value in (ID, MOBILE, CARD):
        assert value not in text
    assert "5101**********1230" in text and "138****5678" in text and "6222***********0128" in text


def test_privacy_allow_with_a_reason_lets_the_exact_value_through(site):
    site.entry("ok", body=f"值班手机 {MOBILE}，身份证号{ID}",
               privacy_allow=[{"value": MOBILE, "reason": "单位公开的值班电话"}])
    [problem] = _privacy(site.check())
    assert problem.code == "privacy-id-number"


def test_privacy_allow_without_reason_is_an_error(site):
    path = site.entry("bad", body=f"值班手机 {MOBILE}", privacy_allow=[{"value": MOBILE}])
    found = with_code(site.check(), "privacy-allow")
    assert [(p.path, p.line) for p in found] == [("content/bad.md", line_of(path, "privacy_allow:"))]


def test_unused_privacy_allow_is_a_warning(site):
    site.entry("ok", privacy_allow=[{"value": MOBILE, "reason": "旧号码"}])
    [problem] = site.check()
    assert (problem.code, problem.severity) == ("privacy-allow-unused", "warning")
    assert MOBILE not in problem.format()


@pytest.mark.parametrize("withheld", [dict(draft=True), dict(disclosure="依申请公开"), dict(disclosure="不予公开")])
def test_entry_that_is_never_published_is_not_checked_for_privacy(site, withheld):
    site.entry("kept", body=f"申请人身份证号{ID}", **withheld)
    assert site.check() == []


def test_future_entry_is_checked_because_it_publishes_itself(site):
    site.entry("later", body=f"手机{MOBILE}", date="2027-01-05")
    assert [p.code for p in site.check()] == ["privacy-mobile"]


def test_id_number_needs_a_plausible_birth_date():
    assert is_id_number(ID, date(2026, 1, 1))
    assert not is_id_number(ID, date(1989, 12, 31))          # born after "today"
    assert not is_id_number("990104199001011234", date(2026, 1, 1))   # no such province


def test_mask_keeps_only_the_ends():
    assert mask(ID) == "5101**********1230"
    assert mask("139-1234-5678") == "139****5678"


def test_publisher_codes_are_ignored():
    code = "510104199001011230"
    assert find_personal_data(f"机构代码 {code}", ignore=[code]) == []


def test_an_entry_with_front_matter_errors_still_has_its_body_checked(site):
    path = site.entry("a", publisher="不存在的机构", body="联系人手机 13912345678。\n\n<script>alert(1)</script>")
    codes = {(p.code, p.line) for p in site.check() if p.path == "content/a.md"}
    assert codes == {("unknown-publisher", line_of(path, "publisher:")),
                     ("privacy-mobile", line_of(path, "13912345678")), ("unsafe-html", line_of(path, "<script>"))}


def test_a_withheld_entry_with_front_matter_errors_is_not_held_to_the_privacy_rule(site):
    site.entry("a", publisher="不存在的机构", draft=True, body="联系人手机 13912345678。")
    assert {p.code for p in site.check()} == {"unknown-publisher"}
