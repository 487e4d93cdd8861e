"""stc serve in a real browser: Debian's chromium driven through chromedriver by Selenium.

Text is selected by dragging the mouse over it, coded in the box that opens, and the unit is read
back from the YAML file. Skipped where chromium, chromedriver or selenium is absent. With
STC_SCREENSHOTS=DIR set, the run also saves the README's screenshots there.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from stc import api
from tests.conftest import write_transcript

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()),
        reason="chromium and chromium-driver are not installed",
    ),
]
webdriver = pytest.importorskip("selenium.webdriver")

from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.actions.action_builder import ActionBuilder  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from stc.web import Server, create_app  # noqa: E402

TURN = "Det tok tid 😅 før jeg skjønte hvor bratt læringskurven var, særlig på økonomi og søknader."


class Running:
    """stc serve on 127.0.0.1 and a free port, in a thread, for one test."""

    def __init__(self, root: Path, researcher: str | None, read_only: bool = False) -> None:
        import uvicorn

        self.server = Server(root, "browser-test-token", read_only=read_only, researcher=researcher)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        config = uvicorn.Config(create_app(self.server), log_level="warning", lifespan="off")
        self.uv = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.uv.run, kwargs={"sockets": [self.sock]})
        self.thread.start()
        for _ in range(500):  # bounded: at most ten seconds
            if self.uv.started:
                break
            time.sleep(0.02)
        assert self.uv.started

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def login(self) -> str:
        return self.url(f"/?token={self.server.token}")

    def stop(self) -> None:
        self.uv.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium fetch a browser or driver
    options = Options()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--lang=nb",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def wait(driver: object, condition: object, seconds: float = 10) -> object:
    # the page replaces its content when the files change: an element may go stale meanwhile
    return WebDriverWait(
        driver, seconds, poll_frequency=0.05, ignored_exceptions=[StaleElementReferenceException]
    ).until(condition)


def drag_select(driver, turn: int, start: int, end: int) -> None:
    """Press the mouse before character ``start`` of a turn and release it after ``end - 1``."""
    rects = driver.execute_script(
        """
        const el = document.querySelector('.text[data-turn="' + arguments[0] + '"]');
        // code-point offsets to a DOM position: walk the text nodes
        function at(cp) {
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          let n, seen = 0;
          while ((n = walker.nextNode())) {
            const chars = Array.from(n.data);
            if (seen + chars.length > cp) {
              return [n, chars.slice(0, cp - seen).join('').length, chars[cp - seen].length];
            }
            seen += chars.length;
          }
        }
        function rect(cp) {
          const [n, off, len] = at(cp);
          const r = document.createRange();
          r.setStart(n, off); r.setEnd(n, off + len);
          const b = r.getClientRects()[0];
          return [b.left, b.right, (b.top + b.bottom) / 2];
        }
        el.scrollIntoView({block: 'center'});
        return [rect(arguments[1]), rect(arguments[2] - 1)];
        """,
        turn,
        start,
        end,
    )
    (left, _, y0), (_, right, y1) = rects
    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(int(left) + 1, int(y0))
    actions.pointer_action.pointer_down()
    actions.pointer_action.move_to_location(int((left + right) / 2), int(y1))
    actions.pointer_action.move_to_location(int(right) - 1, int(y1))
    actions.pointer_action.pointer_up()
    actions.perform()


def units_of(root: Path, tid: str, coder: str) -> list[dict[str, object]]:
    path = root / f"analyses/step2/{tid}/{coder}.yaml"
    if not path.is_file():
        return []
    return list(yaml.safe_load(path.read_text("utf-8")).get("units") or [])


@pytest.fixture
def study(ws):
    write_transcript(ws, "vei-05", "veileder", f"I: Hvordan var det å begynne?\n\nR: {TURN}\n")
    return ws


def test_select_with_the_mouse_code_it_and_read_the_unit_from_the_yaml(browser, study):
    run = Running(study.root, "ms")
    try:
        browser.get(run.login())
        browser.get(run.url("/t/vei-05"))
        quote = "bratt læringskurven var, særlig på økonomi"
        start = TURN.index(quote)
        drag_select(browser, 2, start, start + len(quote))
        box = browser.find_element(By.ID, "coder-box")
        wait(browser, lambda d: box.is_displayed())
        assert browser.find_element(By.ID, "coder-box-quote").text == quote
        field = browser.find_element(By.ID, "code-input")
        field.send_keys("Bratt læringskurve", Keys.ENTER)  # a new code, from the type-ahead box
        field.send_keys("kompetansebehov", Keys.ENTER)
        browser.find_element(By.ID, "save-unit").click()
        wait(browser, lambda d: units_of(study.root, "vei-05", "ms"))
        [unit] = units_of(study.root, "vei-05", "ms")
        assert unit["text"] == quote
        assert unit["turn"] == 2
        assert set(unit["codes"]) == {"bratt-læringskurve", "kompetansebehov"}
        # the page shows the new unit: a highlight over its text and a stripe in the margin
        stripe = wait(
            browser,
            lambda d: d.find_elements(By.CSS_SELECTOR, f'.stripe[data-unit="{unit["id"]}"]'),
        )
        assert "Bratt læringskurve" in stripe[0].get_attribute("title")

        # pick it, drop a code with the keyboard-free chip button, then remove and undo by keys
        stripe[0].click()
        wait(browser, lambda d: d.find_element(By.ID, "unit-panel").is_displayed())
        ActionChains(browser).send_keys(Keys.DELETE).perform()
        wait(browser, lambda d: not units_of(study.root, "vei-05", "ms"))
        ActionChains(browser).send_keys("u").perform()
        wait(browser, lambda d: units_of(study.root, "vei-05", "ms"))
        assert units_of(study.root, "vei-05", "ms")[0]["text"] == quote
    finally:
        run.stop()


def test_widen_a_unit_and_add_a_code_by_keyboard(browser, study):
    added = api.add_unit(study, "vei-05", "ms", ["kompetansebehov"], quote="bratt læringskurven")
    run = Running(study.root, "ms")
    try:
        browser.get(run.login())
        browser.get(run.url("/t/vei-05"))
        browser.find_element(By.CSS_SELECTOR, f'.stripe[data-unit="{added.unit.id}"]').click()
        wait(browser, lambda d: d.find_element(By.ID, "unit-panel").is_displayed())
        wider = "hvor bratt læringskurven var"
        start = TURN.index(wider)
        drag_select(browser, 2, start, start + len(wider))
        ActionChains(browser).send_keys("w").perform()  # re-anchor the open unit to the selection
        wait(browser, lambda d: units_of(study.root, "vei-05", "ms")[0]["text"] == wider)
        # the page has reloaded the unit: its panel shows the wider text
        wait(browser, lambda d: d.find_element(By.ID, "unit-quote").text == wider)
        ActionChains(browser).send_keys("r").perform()  # recode: the code field takes the focus
        ActionChains(browser).send_keys("Usikkerhet", Keys.ENTER).perform()
        wait(browser, lambda d: "usikkerhet" in units_of(study.root, "vei-05", "ms")[0]["codes"])
        [unit] = units_of(study.root, "vei-05", "ms")
        assert unit["id"] == added.unit.id  # the same unit, wider and recoded
        assert set(unit["codes"]) == {"kompetansebehov", "usikkerhet"}
    finally:
        run.stop()


def test_a_conflict_with_the_terminal_is_shown_and_the_chosen_codes_are_kept(browser, study):
    run = Running(study.root, "ms")
    try:
        browser.get(run.login())
        browser.get(run.url("/t/vei-05"))
        quote = "særlig på økonomi og søknader"
        start = TURN.index(quote)
        drag_select(browser, 2, start, start + len(quote))
        field = wait(browser, lambda d: d.find_element(By.ID, "code-input"))
        wait(browser, lambda d: field.is_displayed())
        field.send_keys("Økonomi", Keys.ENTER)
        # meanwhile the same researcher codes another passage at the terminal
        api.add_unit(study, "vei-05", "ms", ["fra-terminalen"], quote="Det tok tid")
        browser.find_element(By.ID, "save-unit").click()
        notice = browser.find_element(By.ID, "notice")
        wait(browser, lambda d: "changed elsewhere" in notice.text)
        assert [u["text"] for u in units_of(study.root, "vei-05", "ms")] == ["Det tok tid"]
        # the page now shows the terminal's unit, and the box still holds the chosen code
        wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".stripe"))
        assert browser.find_element(By.ID, "coder-box").is_displayed()
        assert "Økonomi" in browser.find_element(By.ID, "chips").text
        browser.find_element(By.ID, "save-unit").click()
        wait(browser, lambda d: len(units_of(study.root, "vei-05", "ms")) == 2)
        texts = {u["text"] for u in units_of(study.root, "vei-05", "ms")}
        assert texts == {"Det tok tid", quote}
    finally:
        run.stop()


def test_a_selection_across_two_turns_is_refused_with_a_reason(browser, study):
    run = Running(study.root, "ms")
    try:
        browser.get(run.login())
        browser.get(run.url("/t/vei-05"))
        browser.execute_script(
            """
            const a = document.querySelector('.text[data-turn="1"]').firstChild;
            const b = document.querySelector('.text[data-turn="2"]').firstChild;
            const r = document.createRange(); r.setStart(a, 3); r.setEnd(b, 5);
            const s = getSelection(); s.removeAllRanges(); s.addRange(r);
            document.querySelector('.text[data-turn="2"]').dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
            """
        )
        notice = browser.find_element(By.ID, "notice")
        wait(browser, lambda d: "within one turn" in notice.text)
        assert not browser.find_element(By.ID, "coder-box").is_displayed()
        assert units_of(study.root, "vei-05", "ms") == []
    finally:
        run.stop()


def test_the_page_refreshes_when_the_terminal_adds_a_unit(browser, study):
    run = Running(study.root, "ms")
    try:
        browser.get(run.login())
        browser.get(run.url("/t/vei-05"))
        assert not browser.find_elements(By.CSS_SELECTOR, ".stripe")
        added = api.add_unit(study, "vei-05", "ak", ["fra-terminalen"], quote="bratt læringskurven")
        wait(
            browser,
            lambda d: d.find_elements(By.CSS_SELECTOR, f'.stripe[data-unit="{added.unit.id}"]'),
        )
        # the other coder's stripes can be hidden, as in a consensus discussion
        browser.find_element(By.CSS_SELECTOR, '.coder-toggle[value="ak"]').click()
        stripe = browser.find_element(By.CSS_SELECTOR, f'.stripe[data-unit="{added.unit.id}"]')
        assert not stripe.is_displayed()
    finally:
        run.stop()


def test_sort_a_unit_by_keyboard_and_choose_the_golden_quote(browser, demo):
    run = Running(demo.root, "tl")
    try:
        browser.get(run.login())
        browser.get(run.url("/g/kompetanse"))
        c = demo.condensation("kompetanse")
        first, second = c.subgroups[0], c.subgroups[1]
        unit = first.units[0]
        card = browser.find_element(By.CSS_SELECTOR, f'.card[data-unit="{unit}"]')
        card.send_keys("2")  # into subgroup 2
        wait(
            browser,
            lambda d: (
                unit in api.open_workspace(demo.root).condensation("kompetanse").subgroups[1].units
            ),
        )
        golden = f'.golden-btn[data-unit="{unit}"][data-subgroup="{second.id}"]'
        wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, golden).click() or True)
        wait(
            browser,
            lambda d: (
                api.open_workspace(demo.root).condensation("kompetanse").subgroups[1].golden == unit
            ),
        )
        # the page shows it once refreshed: a star on the card
        wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, golden).text == "★")
        area = browser.find_element(
            By.CSS_SELECTOR, f'textarea.condensate[data-subgroup="{second.id}"]'
        )
        warning = area.find_element(By.XPATH, "following-sibling::p[@class='fp-warn']")
        assert not warning.is_displayed()  # the demo's condensates speak in the first person
        area.clear()
        area.send_keys("De erfarne kollegene lærte ham opp.")
        wait(browser, lambda d: warning.is_displayed())  # not written in the first person
        area.send_keys(Keys.CONTROL, "a")
        area.send_keys("Jeg lærte av de erfarne.")
        wait(browser, lambda d: not warning.is_displayed())
    finally:
        run.stop()


def test_screenshots_for_the_readme(browser, demo):
    out = os.environ.get("STC_SCREENSHOTS")
    if not out:
        pytest.skip("set STC_SCREENSHOTS=DIR to save the README's screenshots")
    # a second coder's units beside the first's, as before a consensus discussion
    api.add_unit(
        demo, "ark-01", "ib", ["tidlig-kontakt"], quote="Jeg fikk brev om rettigheter og plikter"
    )
    api.add_unit(
        demo,
        "ark-01",
        "ib",
        ["bli-sett"],
        quote="Det var første gang jeg følte at noen så hele situasjonen",
    )
    run = Running(demo.root, "tl")
    try:
        browser.set_window_size(1280, 860)
        browser.get(run.login())
        browser.get(run.url("/t/ark-01"))
        browser.save_screenshot(str(Path(out) / "serve-transcript.png"))
        browser.get(run.url("/g/kompetanse"))
        browser.save_screenshot(str(Path(out) / "serve-code-group.png"))
    finally:
        run.stop()
