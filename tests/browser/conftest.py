import pytest
from playwright.sync_api import sync_playwright

from sitekit import build_sample

from .harness import Guard, axe_script, launch, serve
from .portal import SUB_PATH, build_portal, web_root


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser):
    """Open a page in a fresh context; fails the test if anything but the local site is requested."""
    contexts = []

    def opener(url: str, origin: str | None = None, init_script: str | None = None, **context_options):
        context = browser.new_context(**context_options)
        guard = Guard(origin)
        guard.attach(context)
        contexts.append((context, guard))
        if init_script:
            context.add_init_script(init_script)
        page = context.new_page()
        page.goto(url)
        return page

    yield opener
    for context, guard in contexts:
        context.close()
        assert guard.foreign == [], f"requests left the site: {guard.foreign}"


@pytest.fixture(scope="session")
def portal(tmp_path_factory):
    """The portal with every page type, built once (see portal.py)."""
    return build_portal(tmp_path_factory.mktemp("portal") / "site")


@pytest.fixture(scope="session")
def sample(tmp_path_factory):
    """The repository's own sample site (青梧县), built into a temporary folder."""
    return build_sample(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def portal_server(portal):
    """(origin, base): the server's origin, and the portal's address under its sub-path."""
    with serve(web_root(portal)) as origin:
        yield origin, f"{origin}{SUB_PATH}/"


@pytest.fixture(scope="session")
def axe():
    """axe.min.js from the npm registry, installed into tests/browser/.npm once."""
    return axe_script()
