"""site.yaml → `SiteConfig`: every setting checked in one place.

Each option is read by a small validator that names the key path
(`catalog[2].children[0].code`) and the line when something is wrong; all problems
are collected and raised together as one `ContentError`.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import yamldoc
from .problems import ERROR, ContentError, Problem
from .yamlcheck import KeyChecker, empty_mapping, item_line
from .sourcefile import Unreadable, read_text

CONFIG_NAME = "site.yaml"
CACHE_DIR = ".gksite-cache"          # the build cache, beside site.yaml
MAX_CONFIG_BYTES = 1024 * 1024
MIRROR_VARIANTS = ("s2t", "s2tw", "s2hk", "s2twp")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Identity:
    """Who runs the site; shown in the header and the footer of every page."""

    name: str
    owner: str = ""          # 主办单位
    site_code: str = ""      # 网站标识码
    icp: str = ""            # ICP 备案号
    psb: str = ""            # 公安备案号
    contact: tuple[tuple[str, str], ...] = ()
    description: str = ""


# 公开事项 elements (基层政务公开标准目录): each key in English or its Chinese name.
ITEM_ELEMENTS = (("name", "名称"), ("content", "内容"), ("basis", "依据"), ("deadline", "时限"),
                 ("agency", "主体"), ("method", "方式"), ("channel", "渠道"), ("audience", "对象"))


@dataclass(frozen=True)
class DisclosureItem:
    """One 公开事项 of a catalog node: what is disclosed, on what basis, when, by whom, how, to whom."""

    name: str
    content: str = ""         # 公开内容（要素）
    basis: str = ""           # 公开依据
    deadline: str = ""        # 公开时限
    agency: str = ""          # 公开主体
    method: str = ""          # 公开方式
    channel: str = ""         # 公开渠道
    audience: str = ""        # 公开对象


@dataclass(frozen=True)
class CatalogNode:
    """One node of the 公开目录 tree, as site.yaml declares it."""

    code: str
    name: str
    path: tuple[str, ...]             # codes from the root down to this node
    names: tuple[str, ...]            # names from the root down to this node
    children: tuple["CatalogNode", ...] = ()
    policy: bool = False              # 政策文件 node: entries count as policy documents
    description: str = ""
    items: tuple[DisclosureItem, ...] = ()   # 公开事项, shown on the node's index page

    @property
    def slug(self) -> str:
        """The code path, `fdzdgknr/zcwj/gfxwj`."""
        return "/".join(self.path)

    def walk(self):
        """This node and every descendant, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Publisher:
    """An issuing body (发布机构) and the org code its index numbers start with."""

    name: str
    code: str


@dataclass(frozen=True)
class Topic:
    """A 主题分类."""

    code: str
    name: str


@dataclass(frozen=True)
class MirrorSettings:
    """The traditional-Chinese mirror: OpenCC variant, URL prefix, phrase file."""

    variant: str = "s2t"
    prefix: str = "zh-hant"
    phrases: Path | None = None
    enabled: bool = True


@dataclass(frozen=True)
class SiteConfig:
    """Everything site.yaml says, checked."""

    root: Path
    identity: Identity
    catalog: tuple[CatalogNode, ...]
    publishers: tuple[Publisher, ...]
    topics: tuple[Topic, ...] = ()
    base_url: str = ""
    output_dir: Path = Path("public")
    content_dir: Path = Path("content")
    page_size: int = 20
    latest_count: int = 10
    serial_width: int = 7
    legacy_index_pattern: str = ""
    allowed_tags: tuple[str, ...] = ()   # raw HTML tags the site allows in bodies, e.g. iframe
    mirror: MirrorSettings = field(default_factory=MirrorSettings)

    def nodes(self):
        """Every catalog node, depth first."""
        for top in self.catalog:
            yield from top.walk()

    def find_node(self, text: str) -> CatalogNode | None:
        """The node named by a code path or a Chinese name path."""
        wanted = tuple(part.strip() for part in str(text).strip().strip("/").split("/"))
        return self._nodes_by_path.get(wanted)

    @functools.cached_property
    def _nodes_by_path(self) -> dict:
        """Code path and name path → node, the first in tree order winning: built once, not
        walked again for each of thousands of entries."""
        found = {}
        for node in self.nodes():
            found.setdefault(node.path, node)
            found.setdefault(node.names, node)
        return found

    def find_publisher(self, text: str) -> Publisher | None:
        """The publisher with this name (or code)."""
        return next((p for p in self.publishers if text in (p.name, p.code)), None)

    def find_topic(self, text: str) -> Topic | None:
        """The topic with this name (or code)."""
        return next((t for t in self.topics if text in (t.name, t.code)), None)


OUTPUT_HINT = "用一个单独的目录，例如 public（站点目录里）或 ../www/xxgk（站点目录旁边）"


def site_folders(root: Path, content: Path, output: Path | None = None) -> list[tuple[str, Path]]:
    """The folders of the site at `root` that its builds read (content, layouts, assets) or
    keep (the cache), with the output folder they replace when `output` is given."""
    folders = [("content", content), ("layouts", root / "layouts"), ("assets", root / "assets"),
               (CACHE_DIR, root / CACHE_DIR)]
    return folders + ([("output_dir", output)] if output is not None else [])


def output_conflict(config: SiteConfig, output: Path) -> str:
    """Why `output` cannot be the site's output folder, or "" when it can. A full build
    replaces that folder whole, so it must hold none of the site's own files (nor be the
    site itself), and must not lie in a folder the build reads from."""
    root = config.root
    if output == root or output in root.parents:
        return f"“{output}” 是站点目录本身或它的上级，生成时会被整个替换"
    own = [(CONFIG_NAME, root / CONFIG_NAME)] + site_folders(root, config.content_dir)
    if config.mirror.phrases:
        own.append(("词组文件", config.mirror.phrases))
    for name, path in own:
        if output == path or output in path.parents:
            return f"“{output}” {'就是' if output == path else '装着'}站点的 {name}，生成时会被整个替换"
        if path in output.parents:
            return f"“{output}” 在站点的 {name} 里面，生成的文件会被当作站点的文件读取"
    return ""


def load_config(root: Path) -> SiteConfig:
    """Read and check `root/site.yaml`; raise `ContentError` with every problem."""
    root = Path(root).resolve()
    path = root / CONFIG_NAME
    if not path.is_file():
        raise ContentError([Problem(CONFIG_NAME, 1, 1, ERROR, "config-missing",
                                    f"找不到 {CONFIG_NAME}", "在站点目录里运行，或用 gksite init 新建一个站点")])
    text = read_text(path, MAX_CONFIG_BYTES)
    if isinstance(text, Unreadable):
        raise ContentError([Problem(CONFIG_NAME, 1, 1, ERROR, f"config-{text.code}", text.message, text.hint)])
    try:
        data = yamldoc.load(text)
    except yamldoc.YamlError as exc:
        raise ContentError([Problem(CONFIG_NAME, exc.line, exc.col, ERROR, "config-yaml",
                                    exc.message, exc.hint)]) from None
    reader = _Reader()
    config = reader.site(root, data)
    if reader.problems:
        raise ContentError(reader.problems)
    return config


class _Reader(KeyChecker):
    """Validators for each part of site.yaml; they record problems and go on."""

    def __init__(self):
        super().__init__(CONFIG_NAME, "config")

    def site(self, root: Path, data) -> SiteConfig:
        if not isinstance(data, yamldoc.Mapping):
            self.fail(None, "", "site.yaml", "应当是一组“键: 值”", "参考 gksite init 生成的 site.yaml")
            data = empty_mapping()
        known = {"site", "base_url", "output_dir", "content_dir", "page_size", "latest", "index_number",
                 "catalog", "publishers", "topics", "mirror", "allow_html_tags"}
        for key in data:
            if key not in known:
                self.fail(data, key, key, "不认识这一项", "可用的项：" + "、".join(sorted(known)))
        numbering = self.mapping(data, "index_number", "index_number")
        config = SiteConfig(
            root=root,
            identity=self.identity(data),
            catalog=self.catalog(data),
            publishers=self.publishers(data),
            topics=self.topics(data),
            base_url=self.base_url(data),
            output_dir=self.folder(data, "output_dir", root, "public"),
            content_dir=self.folder(data, "content_dir", root, "content"),
            page_size=self.integer(data, "page_size", "page_size", 20, 1, 1000),
            latest_count=self.integer(data, "latest", "latest", 10, 1, 100),
            serial_width=self.integer(numbering, "serial_width", "index_number.serial_width", 7, 1, 12),
            legacy_index_pattern=self.pattern(numbering),
            allowed_tags=self.tag_names(data),
            mirror=self.mirror(data, root),
        )
        conflict = output_conflict(config, config.output_dir)
        if conflict:
            self.fail(data, "output_dir", "output_dir", conflict, OUTPUT_HINT)
        return config

    def identity(self, data) -> Identity:
        site = self.mapping(data, "site", "site", required=True)
        contact = self.mapping(site, "contact", "site.contact")
        return Identity(
            name=self.text(site, "name", "site.name", required=True, default="政府信息公开"),
            owner=self.text(site, "owner", "site.owner"),
            site_code=self.text(site, "site_code", "site.site_code"),
            icp=self.text(site, "icp", "site.icp"),
            psb=self.text(site, "psb", "site.psb"),
            contact=tuple((str(k), self.text(contact, k, f"site.contact.{k}")) for k in contact),
            description=self.text(site, "description", "site.description"),
        )

    def catalog(self, data) -> tuple[CatalogNode, ...]:
        nodes = self.nodes(data, "catalog", "catalog", (), ())
        if data.get("catalog") is None:
            self.fail(data, "catalog", "catalog", "缺少公开目录", "至少写一个目录节点：- {code: ..., name: ...}")
        return nodes

    def nodes(self, parent, key: str, keypath: str, path: tuple, names: tuple) -> tuple[CatalogNode, ...]:
        result, seen = [], set()
        listed = self.items(parent, key, keypath)
        for i, raw in enumerate(listed):
            where = f"{keypath}[{i}]"
            if not isinstance(raw, yamldoc.Mapping):
                self.fail(parent, key, where, "应当写成 {code: 代码, name: 名称}", line=item_line(listed, i))
                continue
            code = self.text(raw, "code", f"{where}.code", required=True)
            name = self.text(raw, "name", f"{where}.name", required=True, default=code)
            if code and not _CODE.match(code):
                self.fail(raw, "code", f"{where}.code", f"“{code}” 不能用作网址",
                          "只用英文字母、数字、- 和 _，例如 zcwj")
            if code in seen:
                self.fail(raw, "code", f"{where}.code", f"同一层里已有代码 “{code}”", "换一个代码")
            seen.add(code)
            here, here_names = path + (code,), names + (name,)
            result.append(CatalogNode(
                code=code, name=name, path=here, names=here_names,
                children=self.nodes(raw, "children", f"{where}.children", here, here_names),
                policy=self.flag(raw, "policy", f"{where}.policy"),
                description=self.text(raw, "description", f"{where}.description"),
                items=self.disclosure_items(raw, f"{where}.items"),
            ))
        return tuple(result)

    def disclosure_items(self, node, keypath: str) -> tuple[DisclosureItem, ...]:
        """`items:` of a catalog node: 公开事项, each with 名称 and the other elements."""
        names = {alias: key for key, chinese in ITEM_ELEMENTS for alias in (key, chinese)}
        result = []
        listed = self.items(node, "items", keypath)
        for i, raw in enumerate(listed):
            where = f"{keypath}[{i}]"
            if not isinstance(raw, yamldoc.Mapping):
                self.fail(node, "items", where, "应当写成 {名称: …, 内容: …, 依据: …} 这样的一组要素",
                          line=item_line(listed, i))
                continue
            values = {}
            for key in raw:
                if key not in names:
                    self.fail(raw, key, f"{where}.{key}", "不认识这一项",
                              "可用的要素：" + "、".join(chinese for _, chinese in ITEM_ELEMENTS))
                elif names[key] in values:
                    self.fail(raw, key, f"{where}.{key}", "同一要素写了两次（中文名和英文名是同一项）", "删去其中一个")
                else:
                    values[names[key]] = self.text(raw, key, f"{where}.{key}")
            if not values.get("name"):
                self.fail(raw, "名称", f"{where}.名称", "缺少公开事项的名称", "写成 名称: 招生入学政策")
                continue
            result.append(DisclosureItem(**values))
        return tuple(result)

    def publishers(self, data) -> tuple[Publisher, ...]:
        result, names, codes = [], set(), set()
        listed = self.items(data, "publishers", "publishers", required=True)
        for i, raw in enumerate(listed):
            where = f"publishers[{i}]"
            if not isinstance(raw, yamldoc.Mapping):
                self.fail(data, "publishers", where, "应当写成 {name: 机构名称, code: 机构代码}",
                          line=item_line(listed, i))
                continue
            name = self.text(raw, "name", f"{where}.name", required=True)
            code = self.text(raw, "code", f"{where}.code", required=True)
            if code and not _CODE.match(code):
                self.fail(raw, "code", f"{where}.code", f"机构代码 “{code}” 含有不能用在索引号里的字符",
                          "用 9 位组织机构代码、18 位统一社会信用代码或自定的字母数字代码")
            if name in names or code in codes:
                self.fail(raw, "name", where, "与前面的发布机构重名或同代码")
            names.add(name), codes.add(code)
            result.append(Publisher(name=name, code=code))
        return tuple(result)

    def topics(self, data) -> tuple[Topic, ...]:
        result = []
        listed = self.items(data, "topics", "topics")
        for i, raw in enumerate(listed):
            where = f"topics[{i}]"
            if not isinstance(raw, yamldoc.Mapping):
                self.fail(data, "topics", where, "应当写成 {code: 代码, name: 名称}", line=item_line(listed, i))
                continue
            code = self.text(raw, "code", f"{where}.code", required=True)
            if code and not _CODE.match(code):
                self.fail(raw, "code", f"{where}.code", f"“{code}” 不能用作网址", "只用英文字母、数字、- 和 _")
            result.append(Topic(code=code, name=self.text(raw, "name", f"{where}.name", required=True)))
        return tuple(result)

    def base_url(self, data) -> str:
        url = self.text(data, "base_url", "base_url")
        if url and not re.match(r"^https?://[^/\s]+(/\S*)?$", url):
            self.fail(data, "base_url", "base_url", f"“{url}” 不是网址", "例如 https://www.example.gov.cn/xxgk/")
            return ""
        return url if not url or url.endswith("/") else url + "/"

    def folder(self, data, key: str, root: Path, default: str) -> Path:
        name = self.text(data, key, key, default=default)
        path = (root / name).resolve()
        if key == "content_dir" and root not in path.parents:
            self.fail(data, key, key, f"“{name}” 应当是站点目录下的一个子目录")
        return path

    def pattern(self, numbering) -> str:
        pattern = self.text(numbering, "legacy_pattern", "index_number.legacy_pattern")
        try:
            re.compile(pattern)
        except re.error as exc:
            self.fail(numbering, "legacy_pattern", "index_number.legacy_pattern", f"正则表达式有误：{exc}")
            return ""
        return pattern

    def tag_names(self, data) -> tuple[str, ...]:
        names = self.items(data, "allow_html_tags", "allow_html_tags")
        if not all(isinstance(n, str) and re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", n) for n in names):
            self.fail(data, "allow_html_tags", "allow_html_tags", "应当是一组 HTML 标签名",
                      "例如 allow_html_tags: [iframe]")
            return ()
        return tuple(n.lower() for n in names)

    def mirror(self, data, root: Path) -> MirrorSettings:
        raw = data.get("mirror")
        if raw is False:
            return MirrorSettings(enabled=False)
        raw = self.mapping(data, "mirror", "mirror")
        variant = self.text(raw, "variant", "mirror.variant", default="s2t")
        if variant not in MIRROR_VARIANTS:
            self.fail(raw, "variant", "mirror.variant", f"不认识的转换方式 “{variant}”",
                      "可选：" + "、".join(MIRROR_VARIANTS))
            variant = "s2t"
        prefix = self.text(raw, "prefix", "mirror.prefix", default="zh-hant").strip("/")
        if not _CODE.match(prefix):
            self.fail(raw, "prefix", "mirror.prefix", f"“{prefix}” 不能用作目录名", "例如 zh-hant")
            prefix = "zh-hant"
        phrases = self.text(raw, "phrases", "mirror.phrases")
        phrase_path = (root / phrases) if phrases else None
        if phrase_path and not phrase_path.is_file():
            self.fail(raw, "phrases", "mirror.phrases", f"找不到词组文件 “{phrases}”")
            phrase_path = None
        return MirrorSettings(variant=variant, prefix=prefix, phrases=phrase_path)
