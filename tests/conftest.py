import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sitekit import Site  # noqa: E402


@pytest.fixture
def site(tmp_path) -> Site:
    """An empty fixture site; tests add entries to it."""
    return Site(tmp_path / "site")
