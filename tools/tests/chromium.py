"""What the browser tests share: the installed Chromium, started headless by Playwright with the flags this project
relies on (no downloads of its own: Playwright's `playwright install` is not used)."""
import contextlib
import os
import shutil

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def executable():
    """The Chromium to drive: $CHROMIUM, or one on PATH."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if shutil.which(name):
            return shutil.which(name)
    pytest.fail("the browser test needs Chromium or Chrome, and none was found: install it (Debian/Ubuntu: "
                "apt install chromium; Fedora: dnf install chromium; macOS: brew install --cask chromium) or set "
                "CHROMIUM=/path/to/the/browser")


@contextlib.contextmanager
def browser():
    """A headless Chromium (Playwright's Browser), closed on exit. Playwright gives each launch a fresh profile."""
    from playwright.sync_api import sync_playwright

    path = executable()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=FLAGS, headless=True)
        try:
            yield b
        finally:
            b.close()
