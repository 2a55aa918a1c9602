"""`gksite schema`: a JSON Schema (draft 2020-12) of an entry's front matter.

Editors' YAML tooling uses it to complete keys and values. It is built from the same
vocabulary the checks use (`entry.KEYS`, `VALIDITY`, `DISCLOSURE`) and, inside a site,
from site.yaml's publishers, catalog and topics, so it cannot drift from them.
"""
from __future__ import annotations

from itertools import combinations

from .config import SiteConfig
from .entry import DISCLOSURE, KEYS, REQUIRED, VALIDITY

DRAFT = "https://json-schema.org/draft/2020-12/schema"

DESCRIPTIONS = {
    "title": "标题：文件的标题",
    "index_no": "索引号：{机构代码}/{发布年份}-{流水号}，全站唯一",
    "publisher": "发布机构：site.yaml 的 publishers 之一",
    "category": "公开目录（信息分类）：目录代码路径，如 fdzdgknr/zcwj/gfxwj，或中文名称路径",
    "date": "发布日期：YYYY-MM-DD；日期在未来的条目到那一天才发布",
    "written": "成文日期：YYYY-MM-DD",
    "doc_no": "文号：如 示政发〔2024〕10号",
    "topic": "主题分类：site.yaml 的 topics 之一",
    "keywords": "主题词：一组词",
    "validity": "有效性：有效、失效或废止",
    "expires": "失效日期：YYYY-MM-DD，须晚于发布日期；过了这一天显示为失效",
    "disclosure": "公开属性：主动公开（默认）、删减后公开；依申请公开和不予公开的条目不发布",
    "interprets": "解读文件：被解读的政策文件的索引号",
    "attachments": "附件：放在条目旁边的文件，每项 file（文件名）和 title（标题）",
    "draft": "草稿：true 时不发布",
    "privacy_allow": "隐私例外：允许公开的号码，每项写明 value 和 reason",
}

_TEXT = {"type": ["string", "number"]}
_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}


def front_matter_schema(config: SiteConfig | None = None) -> dict:
    """The schema of one entry's front matter; with `config`, names and codes from site.yaml."""
    properties = {name: {"$ref": f"#/$defs/{key}"} for key, aliases in KEYS.items() for name in (key, *aliases)}
    rules = [{"anyOf": [{"required": [name]} for name in (key, *KEYS[key])]} for key in REQUIRED]
    rules += [{"not": {"required": list(pair)}} for key, aliases in KEYS.items()
              for pair in combinations((key, *aliases), 2)]
    return {
        "$schema": DRAFT,
        "title": "gksite 条目的 front matter",
        "description": "每个键可以写英文或中文名称，但同一个键只能写一次；不认识的键 gksite check 会警告。",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "allOf": rules,
        "$defs": {key: {"description": DESCRIPTIONS[key], **_definition(key, config)} for key in KEYS},
    }


def _definition(key: str, config: SiteConfig | None) -> dict:
    if key in ("date", "written", "expires"):
        return dict(_DATE)
    if key in ("index_no", "interprets"):
        return _index_number(config)
    if key == "validity":
        return {"enum": list(VALIDITY)}
    if key == "disclosure":
        return {"enum": list(DISCLOSURE)}
    if key == "draft":
        return {"type": "boolean"}
    if key == "keywords":
        return {"anyOf": [{"type": "string"}, {"type": "array", "items": _TEXT}]}
    if key == "attachments":
        return {"type": "array", "items": {"anyOf": [{"type": "string", "minLength": 1}, _ATTACHMENT]}}
    if key == "privacy_allow":
        return {"type": "array", "items": _PRIVACY_ALLOW}
    names = _site_names(key, config)
    if names:
        return {"enum": names}
    return {**_TEXT, "minLength": 1} if key in REQUIRED else dict(_TEXT)


def _site_names(key: str, config: SiteConfig | None) -> list[str]:
    """The values site.yaml allows for publisher, category or topic (names and codes)."""
    if config is None:
        return []
    if key == "publisher":
        return [p.name for p in config.publishers] + [p.code for p in config.publishers]
    if key == "category":
        return [n.slug for n in config.nodes()] + ["/".join(n.names) for n in config.nodes()]
    if key == "topic":
        return [t.name for t in config.topics] + [t.code for t in config.topics]
    return []


def _index_number(config: SiteConfig | None) -> dict:
    if config is None:
        return {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9_-]*/\d{4}-\d+$"}
    codes = "|".join(p.code for p in config.publishers) or "[A-Za-z0-9][A-Za-z0-9_-]*"
    canonical = {"type": "string", "pattern": rf"^(?:{codes})/\d{{4}}-\d{{{config.serial_width}}}$"}
    if not config.legacy_index_pattern:
        return canonical
    return {"anyOf": [canonical, {"type": "string", "pattern": f"^(?:{config.legacy_index_pattern})$"}]}


_ATTACHMENT = {
    "type": "object",
    "properties": {"file": {"type": "string", "minLength": 1, "description": "文件名，相对于条目所在目录"},
                   "title": {"type": "string", "description": "附件标题"}},
    "required": ["file"],
}
_PRIVACY_ALLOW = {
    "type": "object",
    "properties": {"value": {**_TEXT, "minLength": 1, "description": "完整的号码"},
                   "reason": {"type": "string", "minLength": 1, "description": "为什么可以公开"}},
    "required": ["value", "reason"],
}
