"""Relative links between output files."""
import pytest

from gksite.urls import relative


@pytest.mark.parametrize("from_url, to_url, link", [
    ("index.html", "assets/gksite.css", "assets/gksite.css"),
    ("doc/org/2024-0001/index.html", "assets/gksite.css", "../../../assets/gksite.css"),
    ("doc/org/2024-0001/index.html", "doc/org/2024-0001/fj1.pdf", "fj1.pdf"),
    ("doc/org/2024-0001/index.html", "doc/org/2024-0002/index.html", "../2024-0002/index.html"),
    ("zh-hant/doc/a/index.html", "doc/a/index.html", "../../../doc/a/index.html"),
    ("catalog/zcwj/index.html", "catalog/zcwjx/index.html", "../zcwjx/index.html"),   # a prefix is not a folder
    ("catalog/zcwj/index.html", "catalog/zcwj/index.html#main", "index.html#main"),
    ("catalog/zcwj/index.html", "#main", "index.html#main"),
])
def test_relative_link(from_url, to_url, link):
    assert relative(from_url, to_url) == link
