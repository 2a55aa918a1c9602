"""The README's examples are true: its site.yaml and entry build, its error message is the real one."""
import re
from pathlib import Path

from gksite.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"


def _blocks(kind: str) -> list[str]:
    return [body for lang, body in re.findall(r"```(\w*)\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
            if lang == kind]


def _readme_site(root: Path) -> Path:
    site_yaml, *_ = _blocks("yaml")
    [entry] = _blocks("markdown")
    (root / "site.yaml").write_text(site_yaml, encoding="utf-8")
    folder = root / "content" / "fdzdgknr" / "zcwj" / "qtwj"
    folder.mkdir(parents=True)
    (folder / "fj1.pdf").write_bytes(b"%PDF-1.4")
    return folder / "gzyd.md", entry


def test_readme_site_and_entry_check_clean_and_build(tmp_path, capsys):
    path, entry = _readme_site(tmp_path)
    path.write_text(entry, encoding="utf-8")
    args = ["--site", str(tmp_path), "--today", "2026-11-22"]
    assert main(["check", *args]) == 0
    assert main(["build", *args, "--no-search"]) == 0
    assert (tmp_path / "public" / "doc" / "11519900MB0000002B" / "2026-0000004" / "index.html").is_file()
    assert "disclosure-items" in (tmp_path / "public/catalog/jcgk/ywjy/index.html").read_text(encoding="utf-8")


def test_readme_privacy_allow_example_lets_its_number_through(tmp_path, capsys):
    path, entry = _readme_site(tmp_path)
    allow = _blocks("yaml")[1]
    path.write_text(entry.replace("attachments:", allow + "attachments:") + "\n值班手机 13800000000\n",
                    encoding="utf-8")
    assert main(["check", "--site", str(tmp_path), "--today", "2026-11-22"]) == 0


def test_readme_site_yaml_error_is_the_one_check_prints(tmp_path, capsys):
    _readme_site(tmp_path)
    text = (tmp_path / "site.yaml").read_text(encoding="utf-8")
    (tmp_path / "site.yaml").write_text(text.replace(", code: 11519900MB0000002B}", "}"), encoding="utf-8")
    assert main(["check", "--site", str(tmp_path)]) == 1
    [quoted] = re.findall(r"`(site\.yaml:\d+:\d+: error \[config\][^`]*)`", README.read_text(encoding="utf-8"))
    assert capsys.readouterr().out.splitlines()[0] == quoted
