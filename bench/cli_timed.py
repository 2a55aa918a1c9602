"""`gksite build` exactly as the command line runs it, plus what the build reported, in a JSON file.

    .venv/bin/python bench/cli_timed.py REPORT.json build --site DIR [--no-search]

bench/run.py measures every build through this rather than `python -m gksite`, so that it learns
how long Pagefind took inside the very build whose wall time and memory it measures (the
`timings` of `gksite.build.BuildResult`). Everything else is gksite's own `cli.main()`: the same
argument parsing, progress output and exit code; the only addition is one small file written
after the build.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from gksite import cli


def reporting_build(report: Path):
    """`gksite.build.build`, wrapped to write its `BuildResult` (numbers only) to `report`."""
    real_build = cli.build

    def build(*args, **kwargs):
        result = real_build(*args, **kwargs)
        report.write_text(json.dumps({
            "pages": result.pages, "files": result.files, "published": result.published,
            "withheld": result.withheld, "rendered": result.rendered, "seconds": result.seconds,
            "timings": dict(getattr(result, "timings", {}) or {}),
        }), encoding="utf-8")
        return result

    return build


def main(argv: list[str]) -> int:
    """Run `gksite ARGS…` with the build's report going to the file named first."""
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cli.build = reporting_build(Path(argv[0]))
    return cli.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
