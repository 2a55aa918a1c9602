"""Search recall on real disclosure text: do random runs of characters find their paragraph?

    .venv/bin/python bench/recall.py [--paragraphs 80] [--queries 300] [--seeds ../shared/seeds]

Each paragraph of the seed pages becomes an entry; the site is built; then headless
Chromium searches for random runs of 2–6 consecutive Han characters taken from a
paragraph, once through gksite's own search page (`window.gksiteSearch`, the code a
citizen's query runs) and once in a plain Pagefind index of the same entry pages (the
extended build, default settings), and counts how often the paragraph's own entry is
among the results.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from sitekit import Site  # noqa: E402
from tests.browser.harness import launch, serve  # noqa: E402

HAN_RUN = re.compile(r"[\u4e00-\u9fff]{6,}")


def paragraphs(seeds: Path, count: int) -> list[str]:
    """Long simplified-Chinese paragraphs of the seed pages, in a stable order."""
    found = []
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if "為" in text and "为" not in text:       # the traditional seed
            continue
        found += [p.strip() for p in text.split("\n") if len(p.strip()) >= 60]
    return found[:count]


def queries(texts: list[str], count: int, rng: random.Random) -> list[tuple[int, str]]:
    """(paragraph number, a run of 2–6 consecutive Han characters from it)."""
    chosen = []
    while len(chosen) < count:
        number = rng.randrange(len(texts))
        runs = HAN_RUN.findall(texts[number])
        if not runs:
            continue
        run = rng.choice(runs)
        size = rng.randint(2, 6)
        start = rng.randrange(len(run) - size + 1)
        chosen.append((number, run[start:start + size]))
    return chosen


OURS = """async (cases) => {
  let found = 0;
  for (const [url, query] of cases) {
    if ((await window.gksiteSearch(query)).includes(url)) found++;
  }
  return found;
}"""

PLAIN = """async (cases) => {
  const pf = await import(new URL('plain-pagefind/pagefind.js', location.href).href);
  await pf.init();
  let found = 0;
  for (const [url, query] of cases) {
    const result = await pf.search(query);
    const urls = await Promise.all(result.results.map(r => r.data().then(d => d.url.replace(/^\\/+/, ''))));
    if (urls.includes(url)) found++;
  }
  return found;
}"""


def plain_index(public: Path) -> None:
    """Pagefind alone over the built entry pages, as a site would use it out of the box."""
    import asyncio
    from pagefind.index import IndexConfig, PagefindIndex

    async def run():
        config = IndexConfig(output_path=str(public / "plain-pagefind"), keep_index_url=True)
        async with PagefindIndex(config=config) as index:
            await index.add_directory(path=str(public), glob="doc/**/*.html")
    asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=80)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    texts = paragraphs(args.seeds, args.paragraphs)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        site = Site(Path(folder) / "site", mirror=False)
        urls = []
        for number, text in enumerate(texts):
            site.entry(f"p{number:03d}", title=f"段落{number}", body=text, date="2025-01-01")
            urls.append(site.entry_url(f"11990000MB0000001A/2025-{number + 1:04d}"))
        site.build()
        plain_index(site.public)
        cases = [(urls[n], q) for n, q in queries(texts, args.queries, rng)]
        from playwright.sync_api import sync_playwright
        with serve(site.public) as base, sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_page()
            page.goto(base + "search.html")
            page.focus("#search-q")
            page.wait_for_function("document.getElementById('search-filters').hidden === false")
            ours = page.evaluate(OURS, cases)
            plain = page.evaluate(PLAIN, cases)
            browser.close()
    print(json.dumps({"paragraphs": len(texts), "queries": len(cases),
                      "recall_gksite_tokens": round(ours / len(cases), 4),
                      "recall_plain_pagefind": round(plain / len(cases), 4)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
