"""The HTML report rendered by a real browser (headless Chromium), offline.

Text checks cannot tell whether plotly actually drew the charts or threw in the browser; this
does. Skipped where Chromium is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from streamline.report.html import write_html
from tests.test_report import make_result

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium)")
CHARTS = 5


def _chromium(page: Path, tmp_path: Path, *mode: str) -> tuple[str, str]:
    """Run Chromium on a file URL with the network unusable; returns (stdout, log)."""
    args = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr",
        "--v=0", "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=10000",
        "--window-size=1280,4000", *mode, page.as_uri(),
    ]
    done = subprocess.run(args, capture_output=True, text=True, timeout=180)
    return done.stdout, done.stderr


def _browser_errors(log: str) -> list[str]:
    return [line for line in log.splitlines()
            if "Uncaught" in line or "ERROR:CONSOLE" in line or "net::ERR" in line]


class _Links(HTMLParser):
    """src/href attributes of elements (script bodies are not parsed as markup)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.urls += [v for k, v in attrs if k in ("src", "href") and v]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("render")
    page = write_html(make_result(n_staff=120), tmp / "bao_cao.html")
    dom, log = _chromium(page, tmp, "--dump-dom")
    return dom, log


def test_every_chart_is_drawn(rendered):
    dom, _ = rendered
    assert dom.count('class="plot-container plotly"') == CHARTS
    # plotly draws each chart into a "main-svg" root; bars mean the data got through.
    assert dom.count('class="main-svg"') >= CHARTS
    assert dom.count('class="trace bars"') >= CHARTS
    assert "Tháp tuổi theo giới tính" in dom  # Vietnamese text survives the round trip


def test_no_browser_errors(rendered):
    _, log = rendered
    assert _browser_errors(log) == []


def test_no_external_resources(rendered):
    dom, _ = rendered
    parser = _Links()
    parser.feed(dom)
    external = [u for u in parser.urls if not u.startswith(("#", "data:", "javascript:"))]
    assert external == []
    assert "<script>alert(1)" not in dom


def test_error_detection_works(tmp_path):
    """Guard for test_no_browser_errors: a page that throws must be noticed."""
    page = tmp_path / "broken.html"
    page.write_text("<html><body><script>undefinedFunction()</script></body></html>")
    _, log = _chromium(page, tmp_path, "--dump-dom")
    assert _browser_errors(log)


def test_screenshot(tmp_path):
    page = write_html(make_result(n_staff=120, lang="en"), tmp_path / "report.html")
    shot = tmp_path / "report.png"
    _, log = _chromium(page, tmp_path, f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 50_000  # a blank page is a few kilobytes
    assert _browser_errors(log) == []
