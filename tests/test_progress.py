"""The progress display: a bar on a terminal, plain lines in a log."""
import io

from gksite.progress import Progress


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_plain_lines_every_tenth_when_not_a_terminal():
    log = io.StringIO()
    progress = Progress("生成页面", stream=log)
    for done in range(1, 101):
        progress(done, 100)
    progress.close()
    lines = log.getvalue().splitlines()
    assert len(lines) == 11                     # 0%, 10%, … 100%
    assert lines[-1].startswith("生成页面：100/100（100%")
    assert "\r" not in log.getvalue()


def test_bar_redraws_one_line_on_a_terminal():
    screen = _Terminal()
    progress = Progress("生成页面", stream=screen, width=10)
    for done in range(1, 5):
        progress(done, 4)
    progress.close()
    text = screen.getvalue()
    assert text.count("\r") == 4 and text.endswith("██████████ 4/4\n")


def test_build_reports_progress_up_to_the_total(site):
    site.entry("a")
    seen = []
    site.build(progress=lambda stage, done, total: seen.append((stage, done, total)))
    pages = [(done, total) for stage, done, total in seen if stage == "pages"]
    bundles = [(done, total) for stage, done, total in seen if stage == "search"]
    assert pages and pages[-1][0] == pages[-1][1]
    assert bundles and bundles[-1][0] == bundles[-1][1]      # the runtime and one shard a script


def test_short_work_shows_nothing():
    log = io.StringIO()
    progress = Progress("生成页面", stream=log, minimum=20)
    for done in range(1, 6):
        progress(done, 5)
    progress.close()
    assert log.getvalue() == ""
