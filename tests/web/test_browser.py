"""The web page in a real browser: Debian's chromium driven by Playwright, against `mfc-docs serve` itself.

The flows of issue 14 end to end (front page, report a child missing, log three steps, record the
return, open the pack), with JavaScript on and off and with the keyboard only. A screenshot of each
page is saved (in MFC_SCREENSHOTS when set, as `make screenshots` does for the README).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..conftest import REPO, require_tool

# expect() waits for the page; is_visible() does not, and a busy machine renders a page late.
expect.set_options(timeout=20_000)

LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def chromium():
    executable = require_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        yield browser
        browser.close()


class Server:
    def __init__(self, home: Path):
        self.home = home
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mfc_docs", "serve", str(home), "--port", "0", "--no-browser"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=home)
        line = self.process.stdout.readline().strip()
        assert line.startswith("mfc-docs is at http://127.0.0.1:") and "/?token=" in line, line
        self.url = line.split(" is at ", 1)[1]
        self.base = self.url.split("/?", 1)[0]

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # Ctrl-C
            self.process.wait(timeout=15)
        return self.process.stdout.read()


@pytest.fixture
def served(sample_home):
    server = Server(sample_home)
    yield server
    server.stop()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("MFC_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def snap(page, folder: Path, name: str) -> None:
    """A screenshot of the whole page; for the README (MFC_SCREENSHOTS set) made small: 900 px, 64 colours."""
    path = folder / name
    page.screenshot(path=path, full_page=True)
    if os.environ.get("MFC_SCREENSHOTS"):
        from PIL import Image

        with Image.open(path) as image:
            image = image.convert("RGB")
            image = image.resize((900, round(image.height * 900 / image.width)), Image.LANCZOS)
            image.quantize(64).save(path, optimize=True)


def open_page(chromium, served, **options):
    context = chromium.new_context(viewport={"width": 1100, "height": 900}, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(served.url)
    return context, page, requests


def clock(minutes_ago: int) -> str:
    return (datetime.now() - timedelta(minutes=minutes_ago)).strftime("%H:%M")


def test_report_log_return_and_pack_end_to_end(chromium, served, shots) -> None:
    context, page, requests = open_page(chromium, served)
    assert page.url == served.base + "/"  # the token is swapped for the cookie and leaves the address bar
    assert page.get_by_role("heading", level=1).inner_text() == "Larkspur House"
    expect(page.get_by_text("Nhung is missing")).to_be_visible()
    snap(page, shots, "serve-front.png")

    # Report Nhung missing
    page.get_by_role("link", name="Nhung is missing").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Nhung is missing"
    page.get_by_label("When did staff find them gone?").fill(clock(20))
    page.get_by_label("When last seen?").fill(clock(45))
    page.get_by_label("Where last seen?").fill("Garden gate, heading for the bus stop")
    page.get_by_label("Who they were with, or may be with?").fill("Two older teenagers, silver car")
    page.get_by_label("What they were wearing and carrying?").fill("Black puffer coat, grey tracksuit, white trainers")
    page.get_by_label("Why are staff worried now?").fill("A message about meeting someone new")
    page.get_by_label("Yes").check()
    page.get_by_label("What did they take?").fill("Phone, £20, no inhaler")
    page.get_by_label("Your name and role").fill("Sam Carter, shift lead")
    snap(page, shots, "serve-missing.png")
    page.get_by_role("button", name="Record and make the police pack").click()

    # The pack to print, with the numbers and the words
    assert page.get_by_role("heading", level=1).inner_text() == "Nhung's episode is recorded"
    expect(page.get_by_text("Looked After Child - missing").first).to_be_visible()
    snap(page, shots, "serve-pack.png")
    href = page.get_by_role("link", name="Open the police pack to print (PDF)").get_attribute("href")
    pdf = page.request.get(served.base + href)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    first_page = PdfReader(BytesIO(pdf.body())).pages[0].extract_text()
    assert "Garden gate, heading for the bus stop" in first_page and "Black puffer coat" in first_page

    # The live log: three steps, the name remembered
    page.get_by_role("link", name="Next: the live log for Nhung").click()
    assert page.get_by_label("Your name").input_value() == "Sam Carter, shift lead"
    page.get_by_role("button", name="Search of the home and grounds done").click()
    page.get_by_label("Details").fill("WP-20261124-0099")
    page.get_by_role("button", name="Police called").click()
    page.get_by_label("Time it was done").fill(clock(5))
    page.get_by_role("button", name="Manager told").click()
    timeline = page.locator("ol.timeline").inner_text()
    for step in ("Search of the home and grounds done", "Police called", "WP-20261124-0099", "Manager told"):
        assert step in timeline
    snap(page, shots, "serve-log.png")

    # The return
    page.get_by_role("link", name="Nhung is back").first.click()
    page.get_by_label("When did Nhung come back?").fill("now")
    page.get_by_label("How did they come back?").fill("Brought back by police")
    page.get_by_label("Where were they, or where were they found?").fill("Harrowfield bus station")
    page.get_by_label("Your name and role").fill("Sam Carter, shift lead")
    snap(page, shots, "serve-return.png")
    page.get_by_role("button", name="Record the return").click()
    expect(page.get_by_text("Nhung's return is recorded")).to_be_visible()
    snap(page, shots, "serve-returned.png")

    # The front page shows Nhung back, with what is due; the files say the same
    page.get_by_role("link", name="Children").click()
    assert "Back since" in page.locator(".state-back").first.inner_text()
    page.get_by_role("link", name="Documents").click()
    snap(page, shots, "serve-documents.png")
    text = (served.home / "young_people" / "nhung" / "episodes.yaml").read_text()
    assert "where_found: Harrowfield bus station" in text and "reference: WP-20261124-0099" in text
    assert "# Nhung's missing episodes at Larkspur House" in text  # the comments are still there

    # Nothing was loaded from anywhere but this server
    assert requests and all(url.startswith(served.base + "/") for url in requests), requests
    context.close()


def test_it_works_with_javascript_off(chromium, served) -> None:
    context, page, requests = open_page(chromium, served, java_script_enabled=False)
    page.get_by_role("link", name="Ștefan is missing").click()
    page.get_by_role("button", name="Record and make the police pack").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()  # found gone is needed
    page.get_by_label("When did staff find them gone?").fill(clock(10))
    page.get_by_role("button", name="Record and make the police pack").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ștefan's episode is recorded"
    assert (served.home / "young_people" / "stefan" / "episodes.yaml").exists()
    context.close()


def test_keyboard_only(chromium, served) -> None:
    context, page, _ = open_page(chromium, served)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.goto(served.base + "/children/oisin/missing")
    button = page.get_by_role("button", name="Record and make the police pack")
    for _ in range(60):  # Tab through every field to the button, as a keyboard user does
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "BUTTON":
            break
    assert page.evaluate("document.activeElement.textContent").strip() == "Record and make the police pack"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # The error summary takes the focus and its link takes the keyboard to the field
    assert page.evaluate("document.activeElement.className").startswith("error-summary")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "found_gone_at"
    page.keyboard.type(clock(15))
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in a field sends the form
    assert page.get_by_role("heading", level=1).inner_text() == "Oisín's episode is recorded"
    context.close()


def test_enter_in_the_live_logs_details_adds_a_note_and_never_logs_a_step_not_done(chromium, served) -> None:
    context, page, _ = open_page(chromium, served)
    page.goto(served.base + "/children/oisin/missing")
    page.get_by_label("When did staff find them gone?").fill(clock(15))
    page.get_by_role("button", name="Record and make the police pack").click()
    page.goto(served.base + "/children/oisin/episode")
    page.get_by_label("Your name").fill("Sam Carter, shift lead")
    page.get_by_label("Details").fill("Rang his mum, no answer")
    with page.expect_navigation():
        page.get_by_label("Details").press("Enter")  # as a night worker ends a line
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text("Rang his mum, no answer")
    assert "Search of the home and grounds done" not in timeline.inner_text()
    assert "Search of the home" not in (served.home / "young_people" / "oisin" / "episodes.yaml").read_text()
    context.close()


def test_text_is_at_least_16_pixels(chromium, served) -> None:
    context, page, _ = open_page(chromium, served)
    for path in ("/", "/children/zofia/missing", "/check", "/documents", "/dashboard"):
        page.goto(served.base + path)
        smallest = page.evaluate("""() => {
            let min = 1000;
            for (const el of document.querySelectorAll('body *')) {
                const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
                if (own && el.offsetParent !== null) min = Math.min(min, parseFloat(getComputedStyle(el).fontSize));
            }
            return min; }""")
        assert smallest >= 16, (path, smallest)
    context.close()


def test_ctrl_c_stops_the_server_cleanly(sample_home) -> None:
    import http.client
    import http.cookiejar
    import urllib.request

    server = Server(sample_home)
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(server.url) as response:  # the page answers (after the token is swapped for the cookie)
        assert response.status == 200 and b"Larkspur House" in response.read()
    port = int(server.base.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/", headers={"Host": f"rebound.example:{port}"})  # the real server checks Host too
    assert connection.getresponse().status == 403
    connection.close()
    output = server.stop()
    assert server.process.returncode == 0
    assert "mfc-docs serve stopped." in output and "Traceback" not in output


def test_serve_opens_the_browser_at_the_printed_link_unless_told_not_to(sample_home, tmp_path) -> None:
    opened = tmp_path / "opened.txt"
    fake = tmp_path / "fake_browser.py"
    fake.write_text(f"import sys\nopen({str(opened)!r}, 'w').write(sys.argv[1])\n")
    import socket

    with socket.socket() as probe:  # a free port, to check --port is used as given
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "BROWSER": f"{sys.executable} {fake} %s"}
    process = subprocess.Popen([sys.executable, "-m", "mfc_docs", "serve", str(sample_home), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        line = process.stdout.readline().strip()
        assert line.startswith(f"mfc-docs is at http://127.0.0.1:{port}/?token=")
        import time

        for _ in range(100):
            if opened.exists() and opened.read_text():
                break
            time.sleep(0.1)
        assert opened.read_text() == line.split(" is at ", 1)[1]
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=15)


def test_a_port_in_use_is_said_plainly(sample_home) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "mfc_docs", "serve", str(sample_home), "--port", str(port),
                                 "--no-browser"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert f"Cannot start: port {port} is already in use" in result.stdout and "Traceback" not in result.stderr


def test_serve_in_a_folder_without_a_home_says_so(tmp_path) -> None:
    result = subprocess.run([sys.executable, "-m", "mfc_docs", "serve", str(tmp_path), "--no-browser"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 1 and "There is no home_config.yaml in" in result.stdout


def test_serve_in_a_childs_folder_says_where_the_home_is(sample_home) -> None:
    folder = sample_home / "young_people" / "nhung"
    result = subprocess.run([sys.executable, "-m", "mfc_docs", "serve", "--no-browser"], cwd=folder,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert (f"There is no home_config.yaml in {folder.resolve()}: this folder is inside the home at "
            f"{sample_home.resolve()}. Run the command there (cd {sample_home.resolve()}), or give it: "
            f"'mfc-docs serve {sample_home.resolve()}'.") in result.stdout


def test_two_tabs_lose_nothing_and_a_hand_edit_is_shown(chromium, served, shots) -> None:
    context, first, _ = open_page(chromium, served)
    first.get_by_role("link", name="Zosia is missing").click()
    first.get_by_label("When did staff find them gone?").fill(clock(10))
    first.get_by_label("Your name and role").fill("Sam")
    first.get_by_role("button", name="Record and make the police pack").click()
    first.goto(served.base + "/children/zofia/episode")
    second = context.new_page()  # a second tab on the same episode, loaded before either records anything
    second.goto(served.base + "/children/zofia/episode")
    first.get_by_label("Details").fill("Tab one: the park")
    first.get_by_role("button", name="Places checked").click()
    second.get_by_label("Details").fill("Tab two: the station")
    second.get_by_role("button", name="Places checked").click()  # merged, not refused: nothing was lost
    timeline = second.locator("ol.timeline").inner_text()
    assert "Tab one: the park" in timeline and "Tab two: the station" in timeline
    path = served.home / "young_people" / "zofia" / "episodes.yaml"
    text = path.read_text()
    assert "note: 'Tab one: the park'" in text and "note: 'Tab two: the station'" in text

    # The manager corrects the file by hand while the first tab is still open on the old version
    edited = text.replace("recorded_by: Sam\n", "recorded_by: Sam Carter, shift lead\n")
    path.write_text(edited)
    first.get_by_label("Details").fill("CCTV shows her at the gate")
    first.get_by_role("button", name="CCTV checked").click()
    expect(first.get_by_text("was changed since this page was loaded (by hand or by another program)")).to_be_visible()
    assert "+    recorded_by: Sam Carter, shift lead" in first.locator("pre.diff").inner_text()
    assert first.get_by_label("Details").input_value() == "CCTV shows her at the gate"  # what was typed is kept
    snap(first, shots, "serve-hand-edit.png")
    assert path.read_text() == edited
    context.close()
