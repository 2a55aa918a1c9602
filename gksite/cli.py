"""The `gksite` command: parses arguments and calls the stage functions; nothing more."""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
from datetime import date
from pathlib import Path

from . import __version__, report
from .build import build
from .bundles import SearchIndexError
from .config import CONFIG_NAME, load_config
from .problems import ContentError
from .progress import Progress
from .scaffold import ScaffoldError, init_site, new_entry
from .schema import front_matter_schema
from .starter import DEFAULT_NAME


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
    _site_option(build_cmd)
    build_cmd.add_argument("--output", type=Path, help="输出目录（默认取 site.yaml 的 output_dir）")
    build_cmd.add_argument("--no-search", action="store_true",
                           help="不生成 Pagefind 搜索索引（搜索页改用按标题、文号、索引号的离线查找）")
    _day_options(build_cmd, "预览：发布日期在未来的条目也生成")
    serve_cmd = commands.add_parser("serve", help="本机预览：改动后自动重新生成并刷新打开的页面")
    _site_option(serve_cmd)
    serve_cmd.add_argument("--port", type=int, default=8000, help="端口（默认 8000；0 表示任取一个空闲端口）")
    serve_cmd.add_argument("--today", type=_date, help="把这一天当作今天（YYYY-MM-DD）")
    check_cmd = commands.add_parser("check", help="检查全部条目，不生成网站；有错误时退出码为 1")
    _site_option(check_cmd)
    _day_options(check_cmd, "把发布日期在未来的条目当作公开的来统计")
    check_cmd.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    new_cmd = commands.add_parser("new", help="新建一篇条目（草稿），自动取得下一个索引号")
    new_cmd.add_argument("title", help="标题")
    new_cmd.add_argument("--publisher", required=True, help="发布机构的名称或代码")
    new_cmd.add_argument("--category", required=True, help="公开目录，如 fdzdgknr/zcwj/gfxwj")
    new_cmd.add_argument("--date", type=_date, help="发布日期（默认今天）")
    _site_option(new_cmd)
    init_cmd = commands.add_parser("init", help="在一个新目录里建立站点（site.yaml 和示例条目）")
    init_cmd.add_argument("dir", type=Path, help="新站点的目录（不存在或为空）")
    init_cmd.add_argument("--name", default=DEFAULT_NAME, help="网站名称")
    init_cmd.add_argument("--with-pilot-domains", action="store_true",
                          help="公开目录加上基层政务公开标准化的 26 个试点领域")
    schema_cmd = commands.add_parser("schema", help="输出条目 front matter 的 JSON Schema，供编辑器补全")
    _site_option(schema_cmd)
    return top


def _site_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--site", type=Path, default=Path("."), help="站点目录（默认当前目录）")


def _day_options(command: argparse.ArgumentParser, future_help: str) -> None:
    command.add_argument("--future", action="store_true", help=future_help)
    command.add_argument("--today", type=_date, help="把这一天当作今天（YYYY-MM-DD）")


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the process exit code."""
    args = parser().parse_args(argv)
    try:
        with _terminated_as_interrupt():
            return _run(args)
    except BrokenPipeError:
        # Whoever read our output has gone (`gksite check | head`): stop quietly, no traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt as stop:
        # Ctrl-C, or SIGTERM (`kill`, a CI job's timeout, systemd): what a build staged is gone
        # or going (`Staging`), its output untouched.
        print("\n已中断" + ("；上一次的输出保持不变。" if args.command == "build" else "。"), file=sys.stderr)
        return 128 + signal.SIGTERM if isinstance(stop, Terminated) else 130


class Terminated(KeyboardInterrupt):
    """SIGTERM, stopping a command as Ctrl-C does."""


def _raise_terminated(signum, frame):
    raise Terminated()


@contextlib.contextmanager
def _terminated_as_interrupt():
    """SIGTERM raises `Terminated` in the command, as Ctrl-C raises KeyboardInterrupt, so that
    the same clean-up runs (without it the process died at once, its page workers printing
    tracebacks, its staging folder left for the next build to remove)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def _run(args) -> int:
    """One command, its content errors printed one a line, sorted."""
    try:
        return COMMANDS[args.command](args)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        if args.command == "build":
            print(f"发现 {errors} 个错误，没有生成网站；上一次的输出保持不变。", file=sys.stderr)
        else:
            print(f"发现 {errors} 个错误。", file=sys.stderr)
        return 1
    except ScaffoldError as exc:
        print(exc.format(), file=sys.stderr)
        return 1
    except SearchIndexError as exc:
        print(f"错误：{exc} — {exc.hint}", file=sys.stderr)
        print("没有生成网站；上一次的输出保持不变。" if args.command == "build" else "没有更新搜索索引。", file=sys.stderr)
        return 1
    except BrokenPipeError:
        raise
    except OSError as exc:
        # The disk, not the content: a folder that does not exist or cannot be written, a full disk.
        if exc.filename:
            print(f"错误：{exc.filename}：{exc.strerror or exc} — 检查这个目录是否存在、是否有写入权限、磁盘是否还有空间",
                  file=sys.stderr)
        else:
            print(f"错误：{exc.strerror or exc}" + (" — 换一个端口，例如 --port 8001" if args.command == "serve" else ""),
                  file=sys.stderr)
        return 1


def _build(args) -> int:
    # Shown for about a thousand pages (20 slices) and more, or a search index of several shards.
    stages = {"pages": Progress("生成页面", minimum=20), "search": Progress("生成搜索索引", minimum=6)}
    try:
        result = build(args.site, today=args.today, future=args.future, output_dir=args.output,
                       search=not args.no_search,
                       progress=lambda stage, done, total: stages[stage](done, total))
    finally:
        for progress in stages.values():
            progress.close()
    for warning in result.warnings:
        print(warning.format(), file=sys.stderr)
    rate = result.pages / result.seconds if result.seconds else 0
    print(f"已生成 {result.pages} 个页面、共 {result.files} 个文件到 {result.output_dir}"
          f"（公开 {result.published} 篇，不公开 {result.withheld} 篇），用时 {result.seconds:.2f} 秒，"
          f"{rate:.0f} 页/秒。")
    return 0


def _serve(args) -> int:
    from .serve import serve
    serve(args.site, port=args.port, today=args.today)
    return 0


def _check(args) -> int:
    result = report.check(args.site, today=args.today, future=args.future)
    print(report.as_json(result) if args.format == "json" else report.as_text(result))
    return 1 if result.errors else 0


def _new(args) -> int:
    path = new_entry(args.site, args.title, args.publisher, args.category, args.date)
    print(_shown(path))
    return 0


def _init(args) -> int:
    init_site(args.dir, name=args.name, pilot=args.with_pilot_domains)
    print(f"已在 {args.dir} 建立新站点。接着：cd {args.dir} && gksite build")
    return 0


def _schema(args) -> int:
    config = load_config(args.site) if (args.site / CONFIG_NAME).is_file() else None
    print(json.dumps(front_matter_schema(config), ensure_ascii=False, indent=2))
    return 0


def _shown(path: Path) -> str:
    """`path` relative to the working folder when it lies inside it, so it can be pasted."""
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


COMMANDS = {"build": _build, "serve": _serve, "check": _check, "new": _new, "init": _init, "schema": _schema}
