import pytest
from playwright.sync_api import sync_playwright

from .harness import Guard, launch


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

    def opener(url: str, origin: str | None = None, **context_options):
        context = browser.new_context(**context_options)
        guard = Guard(origin)
        guard.attach(context)
        contexts.append((context, guard))
        page = context.new_page()
        page.goto(url)
        return page

    yield opener
    for context, guard in contexts:
        context.close()
        assert guard.foreign == [], f"requests left the site: {guard.foreign}"
