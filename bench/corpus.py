"""Benchmark corpus: a complete, deterministic gksite site of N generated disclosure entries.

    .venv/bin/python bench/corpus.py OUT_DIR --entries 10000 [--seed 1]

or, from Python (the benchmark driver):

    from bench.corpus import generate
    generate(Path("/tmp/site"), entries=10000, seed=1)

writes `OUT_DIR/site.yaml` and `OUT_DIR/content/<catalog code path>/<publisher code>-<year>-<serial>.md`
(plus a few attachment files next to their entries). The same N and seed give byte-identical
files: one `random.Random(seed)`, no clock, no set or hash order. The site is a fictitious county
(青梧县) with a 4-level catalog of 64 nodes, 40 publishers (18-char unified social credit codes,
9-char organisation codes and custom codes) and 20 topics; every front-matter key of the SPEC is
used somewhere: ~2% 删减后公开, ~1% 依申请公开, ~1% 不予公开, ~1% drafts, ~5% with attachments,
policy entries with 有效/失效/废止 and `expires`, 政策解读 entries that point at an earlier published
policy document (`interprets`, plus a `索引号:` link in the body), ~15% categories written as Chinese
name paths and ~2% of entries written with the Chinese key spellings. Dates run 2015-01-01 …
2026-11-01. The site itself (catalog, publishers, topics, site.yaml) is fixed, in `corpus_site.py`;
the text is assembled from phrase banks in `corpus_prose.py`.

OUT_DIR/content is replaced on every run, but only in a folder this script made (it leaves a
`.bench-corpus` marker); any other existing content/ folder is refused.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import struct
import sys
import time
import zlib
from bisect import bisect
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_prose import TOPIC_LIST, Doc, Policy, Topic, Writer  # noqa: E402
from corpus_site import (CANDIDATES, NODES, SERIAL_WIDTH, Node, Publisher, scalar,  # noqa: E402
                         site_yaml)

MARKER = ".bench-corpus"
FIRST_DAY, LAST_DAY = date(2015, 1, 1), date(2026, 11, 1)
TOPICS = {topic.code: topic for topic in TOPIC_LIST}
CHINESE_KEYS = {"title": "标题", "index_no": "索引号", "publisher": "发布机构", "category": "公开目录",
                "date": "发布日期", "written": "成文日期", "doc_no": "文号", "topic": "主题分类",
                "keywords": "主题词", "validity": "有效性", "expires": "失效日期", "disclosure": "公开属性",
                "interprets": "解读文件", "attachments": "附件", "draft": "草稿"}


# -- entries ------------------------------------------------------------------------------------------
@dataclass
class Entry:
    """One generated file: where it goes, its front matter (ordered), body and attachments."""

    path: str
    front: list[tuple[str, object]]
    body: str
    files: list[tuple[str, bytes]] = field(default_factory=list)
    status: str = "published"


class CorpusBuilder:
    """Plans N entries (node, publisher, date), then writes each one in date order."""

    def __init__(self, seed: int):
        self.rng = Random(seed)
        self.writer = Writer(self.rng)
        self.serials: dict[tuple[str, int], int] = {}
        self.doc_numbers: dict[tuple[str, int], int] = {}
        self.policies: list[Policy] = []      # published policy documents, in date order
        self.policy_owner: dict[str, Publisher] = {}
        self.node_cum = list(accumulate(n.weight for n in NODES))
        years = range(FIRST_DAY.year, LAST_DAY.year + 1)
        self.year_cum = list(accumulate(1 + 0.25 * (y - FIRST_DAY.year) for y in years))
        self.years = list(years)

    def build(self, count: int) -> list[Entry]:
        plans = sorted((self.draw_date(), number, self.draw_node()) for number in range(count))
        return [self.entry(day, node) for day, _, node in plans]

    # -- drawing ----------------------------------------------------------------------------------
    def draw_node(self) -> Node:
        return NODES[bisect(self.node_cum, self.rng.random() * self.node_cum[-1])]

    def draw_date(self) -> date:
        year = self.years[bisect(self.year_cum, self.rng.random() * self.year_cum[-1])]
        first = date(year, 1, 1)
        last = min(date(year, 12, 31), LAST_DAY)
        return first + timedelta(days=self.rng.randrange((last - first).days + 1))

    def draw_publisher(self, node: Node) -> Publisher:
        return self.writer.pick(CANDIDATES[node.path])

    def draw_topic(self, node: Node, publisher: Publisher) -> Topic:
        if node.topic:
            return TOPICS[node.topic]
        if self.rng.random() < 0.75:
            return TOPICS[publisher.topic]
        return self.writer.pick(TOPIC_LIST)

    def next_serial(self, publisher: Publisher, year: int) -> int:
        key = (publisher.code, year)
        self.serials[key] = self.serials.get(key, 0) + 1
        return self.serials[key]

    def doc_no(self, prefix: str, year: int) -> str:
        key = (prefix, year)
        self.doc_numbers[key] = self.doc_numbers.get(key, 0) + 1
        return f"{prefix}〔{year}〕{self.doc_numbers[key]}号"

    # -- one entry --------------------------------------------------------------------------------
    def entry(self, day: date, node: Node) -> Entry:
        r = self.rng
        publisher = self.draw_publisher(node)
        target = self.interpreted(node)
        if target and r.random() < 0.7:
            publisher = self.policy_owner[target.index_no]
        topic = self.draw_topic(node, publisher)
        serial = self.next_serial(publisher, day.year)
        index_no = f"{publisher.code}/{day.year}-{serial:0{SERIAL_WIDTH}d}"
        stem = f"{publisher.code.lower()}-{day.year}-{serial:0{SERIAL_WIDTH}d}"
        disclosure, draft = self.disclosure(), r.random() < 0.01
        validity, expires = self.validity(node, day)
        doc = Doc(node.style, node.titles, topic, publisher.name, day, self.maybe_doc_no(node, publisher, day),
                  self.body_limit(), target, expires, validity, disclosure == "删减后公开")
        title, core = self.writer.title(doc)
        front = self.front(node, doc, title, index_no, disclosure, draft)
        entry = Entry(f"{'/'.join(node.path)}/{stem}.md", front, self.writer.body(doc, title))
        if r.random() < 0.05:
            self.attach(entry, stem, topic)
        published = not draft and disclosure in ("主动公开", "删减后公开")
        entry.status = "draft" if draft else disclosure
        if node.policy and published:
            self.policies.append(Policy(title, core, doc.doc_no, index_no))
            self.policy_owner[index_no] = publisher
        return entry

    def interpreted(self, node: Node) -> Policy | None:
        """For a 政策解读: a recent published policy document, most often one of the last few."""
        if node.style != "interp" or not self.policies or self.rng.random() < 0.12:
            return None
        reach = min(300, len(self.policies))
        return self.policies[-1 - int(self.rng.random() ** 2 * reach)]

    def disclosure(self) -> str:
        roll = self.rng.random()
        if roll < 0.02:
            return "删减后公开"
        if roll < 0.03:
            return "依申请公开"
        if roll < 0.04:
            return "不予公开"
        return "主动公开"

    def validity(self, node: Node, day: date) -> tuple[str, date | None]:
        if not node.policy:
            return "", None
        roll = self.rng.random()
        validity = "有效" if roll < 0.70 else "失效" if roll < 0.82 else "废止" if roll < 0.90 else ""
        expires = None
        if validity == "有效" and self.rng.random() < 0.25:
            expires = day + timedelta(days=self.writer.num(365, 5 * 365))
        return validity, expires

    def maybe_doc_no(self, node: Node, publisher: Publisher, day: date) -> str:
        share = {"policy": 0.9, "plan": 0.5, "reply": 0.6, "notice": 0.25, "hire": 0.2}.get(node.style, 0.0)
        if self.rng.random() >= share:
            return ""
        prefix = publisher.doc_prefix
        if node.style in ("reply", "notice") and prefix.endswith("发"):
            prefix = prefix[:-1] + "函"
        return self.doc_no(prefix, day.year)

    def body_limit(self) -> int:
        return int(min(1900, max(320, self.rng.lognormvariate(6.6, 0.45))))

    def front(self, node: Node, doc: Doc, title: str, index_no: str, disclosure: str, draft: bool) -> list:
        r = self.rng
        category = "/".join(node.names) if r.random() < 0.15 else "/".join(node.path)
        front = [("title", title), ("index_no", index_no), ("publisher", doc.publisher), ("category", category),
                 ("date", doc.date.isoformat())]
        if r.random() < 0.75:
            front.append(("written", (doc.date - timedelta(days=self.writer.num(0, 20))).isoformat()))
        if doc.doc_no:
            front.append(("doc_no", doc.doc_no))
        if r.random() < 0.85:
            front.append(("topic", doc.topic.name))
        if r.random() < 0.8:
            front.append(("keywords", self.writer.keywords(doc, title)))
        if doc.validity:
            front.append(("validity", doc.validity))
        if doc.expires:
            front.append(("expires", doc.expires.isoformat()))
        if disclosure != "主动公开" or r.random() < 0.4:
            front.append(("disclosure", disclosure))
        if doc.policy:
            front.append(("interprets", doc.policy.index_no))
        if draft or r.random() < 0.03:
            front.append(("draft", draft))
        return front

    def attach(self, entry: Entry, stem: str, topic: Topic) -> None:
        items = []
        for number in range(1, self.writer.num(1, 3) + 1):
            ext = self.rng.choices(("pdf", "csv", "txt", "png"), (55, 15, 10, 10))[0]
            name = f"{stem}-fj{number}.{ext}"
            what = {"pdf": ("申请表", "实施细则", "项目清单", "评分标准", "办事指南"),
                    "csv": ("资金分配表", "名单", "统计表"), "txt": ("说明", "填报须知"),
                    "png": ("流程图", "示意图")}[ext]
            title = f"附件{number}：{self.writer.pick(topic.nouns)}{self.writer.pick(what)}"
            items.append({"file": name, "title": title})
            entry.files.append((name, attachment_bytes(ext, name, title, self.rng, self.writer, topic)))
        entry.front.insert(next((i for i, (k, _) in enumerate(entry.front) if k == "draft"), len(entry.front)),
                           ("attachments", items))


# -- attachment files ---------------------------------------------------------------------------------
def attachment_bytes(ext: str, name: str, title: str, rng: Random, writer: Writer, topic: Topic) -> bytes:
    """A small but valid file of the given type."""
    if ext == "pdf":
        return tiny_pdf(f"gksite benchmark attachment {name}", rng.randint(2, 40))
    if ext == "csv":
        rows = [(writer.pick(topic.nouns), str(rng.randint(1, 900)), writer.money()) for _ in range(rng.randint(3, 30))]
        lines = ["序号,项目,数量,金额（万元）"] + [f"{n},{a},{b},{c}" for n, (a, b, c) in enumerate(rows, 1)]
        return ("\n".join(lines) + "\n").encode("utf-8")
    if ext == "txt":
        return (title + "\n\n" + writer.paragraph(topic, (2, 6)) + "\n").encode("utf-8")
    return tiny_png(rng.randint(8, 64), rng.randint(8, 64), rng.randrange(256))


def tiny_pdf(text: str, lines: int) -> bytes:
    """A one-page PDF 1.4 with `lines` lines of ASCII text and a correct xref table."""
    ops = "".join(f"BT /F1 11 Tf 56 {780 - 16 * i} Td ({text} - line {i + 1}) Tj ET\n" for i in range(lines))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
               b"/Contents 5 0 R >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d >>\nstream\n" % len(ops) + ops.encode("ascii") + b"endstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def tiny_png(width: int, height: int, shade: int) -> bytes:
    """A grey-scale PNG with a simple diagonal pattern."""
    rows = b"".join(b"\x00" + bytes((shade + x + y) % 256 for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


# -- YAML text ----------------------------------------------------------------------------------------
def flow_word(word: str) -> str:
    return json.dumps(word, ensure_ascii=False) if re.search(r"[,\[\]{}:#]", word) else scalar(word)


def front_matter(entry: Entry, chinese: bool) -> str:
    lines = ["---"]
    for key, value in entry.front:
        name = CHINESE_KEYS[key] if chinese else key
        if key == "keywords":
            lines.append(f"{name}: [{', '.join(flow_word(w) for w in value)}]")
        elif key == "attachments":
            lines.append(f"{name}:")
            for item in value:
                lines.append(f"  - file: {scalar(item['file'])}")
                lines.append(f"    title: {scalar(item['title'])}")
        elif key in ("date", "written", "expires"):
            lines.append(f"{name}: {value}")
        else:
            lines.append(f"{name}: {scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


# -- writing ------------------------------------------------------------------------------------------
def build_corpus(entries: int, seed: int = 1) -> list[Entry]:
    """The N entries of the corpus for `seed`, in date order (nothing written yet)."""
    return CorpusBuilder(seed).build(entries)


def write_corpus(out_dir: Path, corpus: list[Entry], seed: int = 1) -> None:
    """Write site.yaml and content/ under `out_dir` (content/ is replaced; see the module docstring)."""
    out_dir = Path(out_dir)
    content = out_dir / "content"
    if content.exists():
        if not (out_dir / MARKER).exists():
            raise SystemExit(f"{content} exists and was not made by bench/corpus.py; refusing to replace it")
        shutil.rmtree(content)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MARKER).write_text("made by bench/corpus.py; content/ is replaced on every run\n", encoding="utf-8")
    (out_dir / "site.yaml").write_text(site_yaml(), encoding="utf-8")
    chooser = Random(seed * 7919 + 17)   # a separate stream: which entries use Chinese key spellings
    made = set()
    for entry in corpus:
        path = content / entry.path
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        text = front_matter(entry, chooser.random() < 0.02) + entry.body
        path.write_bytes(text.encode("utf-8"))
        for name, data in entry.files:
            (path.parent / name).write_bytes(data)


def generate(out_dir: Path, entries: int, seed: int = 1) -> None:
    """Write a complete site of `entries` generated entries into `out_dir`."""
    write_corpus(Path(out_dir), build_corpus(entries, seed), seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a deterministic benchmark site for gksite.")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--entries", type=int, default=1000, help="number of entries (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if args.entries < 0:
        parser.error("--entries must be >= 0")
    started = time.perf_counter()
    corpus = build_corpus(args.entries, args.seed)
    write_corpus(args.out_dir, corpus, args.seed)
    counts: dict[str, int] = {}
    for entry in corpus:
        counts[entry.status] = counts.get(entry.status, 0) + 1
    files = sum(len(e.files) for e in corpus)
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    print(f"{args.out_dir}: {len(corpus)} entries ({summary}), {files} attachment files, "
          f"{time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
