"""The `gksite` command: parses arguments and calls the stage functions; nothing more."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from . import __version__
from .build import build
from .problems import ContentError


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” 不是 YYYY-MM-DD 形式的日期") from None


def parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    top = argparse.ArgumentParser(prog="gksite", description="政府信息公开网站生成器")
    top.add_argument("--version", action="version", version=f"gksite {__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build_cmd = commands.add_parser("build", help="生成整个网站到输出目录（失败时保留上一次的输出）")
    build_cmd.add_argument("--site", type=Path, default=Path("."), help="站点目录（默认当前目录）")
    build_cmd.add_argument("--output", type=Path, help="输出目录（默认取 site.yaml 的 output_dir）")
    build_cmd.add_argument("--future", action="store_true", help="预览：发布日期在未来的条目也生成")
    build_cmd.add_argument("--today", type=_date, help="把这一天当作今天（YYYY-MM-DD）")
    return top


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the process exit code."""
    args = parser().parse_args(argv)
    try:
        if args.command == "build":
            return _build(args)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        print(f"发现 {errors} 个错误，没有生成网站；上一次的输出保持不变。", file=sys.stderr)
        return 1
    return 2


def _build(args) -> int:
    result = build(args.site, today=args.today, future=args.future, output_dir=args.output)
    for warning in result.warnings:
        print(warning.format(), file=sys.stderr)
    rate = result.pages / result.seconds if result.seconds else 0
    print(f"已生成 {result.pages} 个页面、共 {result.files} 个文件到 {result.output_dir}"
          f"（公开 {result.published} 篇，不公开 {result.withheld} 篇），用时 {result.seconds:.2f} 秒，"
          f"{rate:.0f} 页/秒。")
    return 0
