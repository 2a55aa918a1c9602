"""个人隐私保护: find resident ID numbers, mobile numbers and bank card numbers in text.

Each kind is matched strictly enough that office phones (0839-6200000, 12345), dates
(20240315), index numbers and 文号 do not look like one: an ID number must carry a valid
GB 11643 check digit, a real province and a plausible birth date; a bank card must pass
the Luhn check and start like a card; none may be part of a longer run of digits.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

ID_NUMBER, MOBILE, BANK_CARD = "id-number", "mobile", "bank-card"
KIND_NAMES = {ID_NUMBER: "居民身份证号码", MOBILE: "手机号码", BANK_CARD: "银行卡号"}

# Full-width digits and X read as their ASCII twins; the text keeps its length.
_HALF_WIDTH = {0xFF10 + i: 0x30 + i for i in range(10)} | {0xFF38: ord("X"), 0xFF58: ord("x")}
_ID = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")
_MOBILE = re.compile(r"(?:(?<![0-9])|(?<=\+86)|(?<=\+86[- ]))1[3-9][0-9](?:([- ]?)[0-9]{4}\1[0-9]{4})(?![0-9])")
_CARD = re.compile(r"(?<![0-9])(?:[0-9]{16,19}|[0-9]{4}(?:([- ])[0-9]{4}){3}(?:\1[0-9]{1,3})?)(?![0-9])")
_INDEX_ORG = re.compile(r"/\d{4}-")
_NOT_DIGIT = re.compile(r"[^0-9X]")
_LONG_RUN = re.compile(r"[0-9０-９](?:[- ]?[0-9０-９]){10}")     # 11 digits: the shortest kind
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
              50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91}


@dataclass(frozen=True)
class PersonalData:
    """One value that identifies a person, where it starts in the scanned text."""

    kind: str
    value: str
    offset: int

    @property
    def digits(self) -> str:
        """The value without separators, upper-case X: what `privacy_allow` is compared with."""
        return normalized(self.value)

    @property
    def masked(self) -> str:
        """The value with its middle hidden, safe to print: 5101**********1234, 138****5678."""
        return mask(self.value)


def normalized(value: str) -> str:
    """A number as digits only (full-width read as ASCII), for comparing two spellings."""
    return _NOT_DIGIT.sub("", str(value).translate(_HALF_WIDTH).upper())


@functools.lru_cache(maxsize=16)
def _normalized_all(values: tuple) -> frozenset:
    """`normalized` of each value: a site's publisher codes, asked for by every text scanned."""
    return frozenset(normalized(v) for v in values)


def mask(value: str) -> str:
    """Keep the first and last few digits, replace the rest with `*`."""
    digits = normalized(value)
    head = 3 if len(digits) == 11 else 4
    return digits[:head] + "*" * max(len(digits) - head - 4, 0) + digits[-4:]


def find_personal_data(text: str, today: date | None = None, ignore=()) -> list[PersonalData]:
    """Every ID number, mobile number and bank card number in `text`, in order.

    `ignore` holds values that are known not to be personal (publisher codes)."""
    text = str(text)
    if not _LONG_RUN.search(text):
        return []
    plain = text.translate(_HALF_WIDTH) if re.search("[０-９]", text) else text
    today = today or date.today()
    skip = _normalized_all(tuple(ignore))
    found, taken = [], set()
    for kind, pattern, valid in ((ID_NUMBER, _ID, lambda v: is_id_number(v, today)),
                                 (MOBILE, _MOBILE, lambda v: True), (BANK_CARD, _CARD, is_bank_card)):
        for match in pattern.finditer(plain):
            span = range(match.start(), match.end())
            if taken.intersection(span) or normalized(match.group(0)) in skip:
                continue
            if _INDEX_ORG.match(plain, match.end()) or not valid(match.group(0)):
                continue
            found.append(PersonalData(kind, text[match.start():match.end()], match.start()))
            taken.update(span)
    return sorted(found, key=lambda item: item.offset)


def is_id_number(value: str, today: date) -> bool:
    """An 18-character 居民身份证号码: province, birth date and GB 11643 check digit all valid."""
    value = normalized(value)
    if len(value) != 18 or int(value[:2]) not in _PROVINCES:
        return False
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if not date(1900, 1, 1) <= born <= today:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == value[17]


def is_bank_card(value: str) -> bool:
    """16–19 digits that pass the Luhn check and start as a card does (3–6, 9, or 2221–2720)."""
    digits = normalized(value)
    if not 16 <= len(digits) <= 19 or "X" in digits:
        return False
    if digits[0] not in "34569" and not 2221 <= int(digits[:4]) <= 2720:
        return False
    total = 0
    for position, digit in enumerate(reversed(digits)):
        number = int(digit) * (2 if position % 2 else 1)
        total += number - 9 if number > 9 else number
    return total % 10 == 0
