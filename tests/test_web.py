"""stc serve, endpoint by endpoint through Starlette's TestClient: the token, CSRF, Host and
read-only guards, path traversal, coding through the API with version checks, steps 3–4."""

from __future__ import annotations

import hashlib
import json
import re
import socket
import warnings
from pathlib import Path

import pytest
import yaml

from stc import api
from tests.conftest import write_transcript

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)
starlette_testclient = pytest.importorskip("starlette.testclient")

from stc.web import Server, create_app  # noqa: E402

TOKEN = "k9JcTq2pYw-test-session"  # noqa: S105 - a test token
EMOJI_TURN = "Hun sa 😀 at læringskurven er bratt, og at øvelsene på kontoret hjalp ærlig talt mye."

POSTS = [
    "/api/unit/add",
    "/api/unit/recode",
    "/api/unit/reanchor",
    "/api/unit/note",
    "/api/unit/remove",
    "/api/undo",
    "/api/group/move",
    "/api/group/condensate",
    "/api/group/golden",
    "/api/group/synthesis",
]


def client(root: Path, read_only: bool = False, researcher: str | None = "tl", login: bool = True):
    server = Server(root, TOKEN, read_only=read_only, researcher=researcher)
    c = starlette_testclient.TestClient(create_app(server), base_url="http://127.0.0.1:8765")
    if login:
        r = c.get(f"/?token={TOKEN}", follow_redirects=False)
        assert r.status_code == 303
    c.headers["X-STC-CSRF"] = server.csrf
    return c


def tree(root: Path) -> dict[str, str]:
    """Every study file and its hash (the .stc/ caches aside)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".stc" not in p.relative_to(root).parts
    }


def version_in(html: str) -> str:
    m = re.search(r'data-version="([^"]*)"', html)
    assert m
    return m.group(1)


# ---- the guards ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/", "/t/ag-01", "/g/kompetanse", "/fingerprint", "/static/stc.js", "/api/first-person"],
)
def test_without_the_token_every_page_is_refused(demo, path):
    c = client(demo.root, login=False)
    r = c.get(path)
    assert r.status_code == 403
    assert "token" in r.text
    assert c.get(path, params={"token": "wrong-" + TOKEN}).status_code == 403
    c.cookies.set(Server(demo.root, TOKEN).cookie, TOKEN[:-1])
    assert c.get(path).status_code == 403


@pytest.mark.parametrize("path", POSTS)
def test_without_the_token_every_change_is_refused(demo, path):
    before = tree(demo.root)
    c = client(demo.root, login=False)
    assert c.post(path, json={"transcript": "ag-01"}).status_code == 403
    assert tree(demo.root) == before


def test_the_token_moves_into_a_strict_httponly_cookie_and_out_of_the_address(demo):
    c = client(demo.root, login=False)
    r = c.get(f"/t/ag-01?token={TOKEN}&x=1", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/t/ag-01?x=1"
    cookie = r.headers["set-cookie"]
    assert f"{Server(demo.root, TOKEN).cookie}={TOKEN}" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    page = c.get("/t/ag-01")
    assert page.status_code == 200
    assert TOKEN not in page.text  # the page itself never shows the token


def test_two_servers_side_by_side_keep_their_own_cookies(demo, ws):
    a, b = Server(demo.root, TOKEN), Server(ws.root, TOKEN + "-other")
    assert a.cookie != b.cookie


def test_a_foreign_host_header_is_refused_even_with_the_token(demo):
    # a DNS-rebinding page reaches 127.0.0.1 under its own name
    c = client(demo.root)
    assert c.get("/", headers={"host": "evil.example:8765"}).status_code == 403


@pytest.mark.parametrize("path", POSTS)
def test_a_change_without_the_csrf_header_or_from_another_origin_is_refused(demo, path):
    before = tree(demo.root)
    c = client(demo.root)
    del c.headers["X-STC-CSRF"]
    assert c.post(path, json={"transcript": "ag-01"}).status_code == 403
    c.headers["X-STC-CSRF"] = "0" * 32
    assert c.post(path, json={"transcript": "ag-01"}).status_code == 403
    c2 = client(demo.root)
    r = c2.post(path, json={"transcript": "ag-01"}, headers={"origin": "http://evil.example"})
    assert r.status_code == 403
    assert tree(demo.root) == before


@pytest.mark.parametrize("path", POSTS)
def test_read_only_refuses_every_change(demo, path):
    before = tree(demo.root)
    c = client(demo.root, read_only=True)
    r = c.post(path, json={"transcript": "ag-01", "turn": 2, "start": 0, "end": 10, "codes": ["x"]})
    assert r.status_code == 403
    assert "read-only" in r.json()["error"]
    assert tree(demo.root) == before
    assert "read-only" in c.get("/t/ag-01").text


@pytest.mark.parametrize(
    "path",
    [
        "/t/..%2Fstc",
        "/t/..%2F..%2Fetc%2Fpasswd",
        "/t/%2E%2E",
        "/t/../stc.yaml",
        "/g/..%2F..%2Fstc",
        "/static/..%2Fapp.py",
        "/static/%2E%2E/app.py",
        "/static/../views.py",
        "/t/ag-01%00",
    ],
)
def test_nothing_outside_the_workspace_or_the_static_folder_can_be_read(demo, path):
    c = client(demo.root)
    r = c.get(path)
    assert r.status_code in (400, 404)
    assert "def create_app" not in r.text
    assert "schema_version" not in r.text
    assert "root:" not in r.text


def test_a_unit_for_a_transcript_id_that_leaves_the_workspace_is_refused(demo):
    before = tree(demo.root)
    c = client(demo.root)
    for tid in ("../../outside", "ag-01/../../x", "/etc/passwd"):
        r = c.post(
            "/api/unit/add",
            json={
                "transcript": tid,
                "turn": 2,
                "start": 0,
                "end": 5,
                "codes": ["x"],
                "version": "",
            },
        )
        assert r.status_code in (400, 404)
    assert tree(demo.root) == before
    assert not (demo.root.parent / "outside").exists()


# ---- pages -----------------------------------------------------------------------------------


def test_the_home_page_lists_the_transcripts_and_the_four_steps(demo):
    html = client(demo.root).get("/").text
    for tid in demo.transcript_ids():
        assert f'href="/t/{tid}"' in html
    st = api.status(demo, "tl")
    for s in st.steps:
        assert f"{s.step} {s.name}" in html
    assert 'href="/g/kompetanse"' in html
    assert "Transkripsjoner" in html  # the demo study is in Norwegian
    assert '<html lang="nb">' in html


def test_the_transcript_view_shows_turns_roles_units_and_stripes_per_coder(demo):
    html = client(demo.root).get("/t/ag-01").text
    t = demo.transcript("ag-01")
    assert len(re.findall(r'class="turn (?:interviewer|informant)"', html)) == len(t.turns)
    assert 'class="turn interviewer"' in html
    assert "Arbeidsgiver" in html  # the informant group at the top
    assert "2025-09-18" in html  # the front matter
    units = demo.unit_file("ag-01", "tl").units
    for u in units:
        assert f'data-unit="{u.id}"' in html  # its stripe in the margin
        assert re.search(rf'data-units="[^"]*\b{re.escape(u.id)}\b', html)  # its highlight
    assert 'class="coder-toggle" value="tl"' in html


def test_a_unit_highlight_covers_exactly_its_text(demo):
    html = client(demo.root).get("/t/ag-01").text
    u = demo.unit_file("ag-01", "tl").units[0]
    spans = re.findall(
        rf'<span class="seg u[^"]*" data-units="[^"]*\b{u.id}\b[^"]*">([^<]*)</span>', html
    )
    import html as h

    assert h.unescape("".join(spans)) == u.text


def _marked_in_turn(page: str, n: int) -> tuple[list[tuple[str, str]], list[str]]:
    """Turn ``n`` as the page shows it: (unit ids, highlighted text) and the stripes' units."""
    import html as h

    block = page.split(f'id="turn-{n}"')[1].split('<div class="turn', maxsplit=1)[0]
    text = re.search(r'<div class="text"[^>]*>(.*?)</div>', block, re.S)
    assert text
    marked = re.findall(r'<span class="seg u" data-units="([^"]*)">([^<]*)</span>', text[1])
    stripes = re.findall(r'<div class="stripe" data-unit="([^"]*)"', block)
    return [(ids, h.unescape(s)) for ids, s in marked], stripes


def test_a_unit_across_question_and_answer_is_highlighted_on_every_turn_it_covers(ws):
    # from the second sentence of an answer, over the next question, into the next answer
    across = api.add_unit(ws, "vei-01", "ms", ["bratt"], turn=2, start=25, end=23, to_turn=4).unit
    assert across.text.endswith("Hvordan prioriterer du?\n\nR: Vi har for mange saker.")
    within = api.add_unit(ws, "vei-01", "ms", ["frister"], quote="ringe alle før fristen").unit
    page = client(ws.root, researcher="ms").get("/t/vei-01").text
    assert _marked_in_turn(page, 1) == ([], [])
    assert _marked_in_turn(page, 2) == (
        [(across.id, "Læringskurven er bratt hvis man ikke har jobbet i NAV før.")],
        [across.id],
    )
    assert _marked_in_turn(page, 3) == ([(across.id, "Hvordan prioriterer du?")], [across.id])
    assert _marked_in_turn(page, 4) == (
        [(across.id, "Vi har for mange saker."), (within.id, "ringe alle før fristen")],
        [across.id, within.id],
    )
    unit_data = json.loads(re.search(r'id="unit-data"[^>]*>(.*?)</script>', page, re.S)[1])
    assert unit_data[across.id]["text"] == across.text  # the whole unit, for its panel
    assert (unit_data[across.id]["turn"], unit_data[across.id]["last_turn"]) == (
        across.turn,
        across.last_turn,
    )


def test_identifiers_flagged_by_the_scan_are_marked_in_the_text(ws):
    body = (
        "I: Hvem hjalp deg?\n\n"
        "R: Jeg ringte Kari Nordmann på kontoret i Tromsø, og hun svarte med en gang.\n"
    )
    path = ws.root / "vei-09.txt"
    path.write_text(body, encoding="utf-8")
    api.import_transcripts(ws, [path], group="veileder", transcript_id="vei-09", force=True)
    html = client(ws.root, researcher="ms").get("/t/vei-09").text
    marked = re.findall(r'<span class="seg anon"[^>]*>([^<]*)</span>', html)
    assert any("Kari" in m for m in marked)


def test_the_code_group_view_shows_subgroups_condensates_and_golden_quotes(demo):
    c = api.open_workspace(demo.root).condensation("kompetanse")
    html = client(demo.root).get("/g/kompetanse").text
    for sg in c.subgroups:
        assert sg.label in html
        if sg.golden:
            assert re.search(rf'class="card golden"[^>]*data-unit="{sg.golden}"', html)
    assert "Step 4" in html
    # the demo's condensates are in the first person: no warning shows
    assert html.count('<p class="fp-warn" hidden>') == len(c.subgroups)


def test_a_quote_across_question_and_answer_is_shown_between_its_own_context(ws):
    import html as h

    api.add_code_group(ws, "press", "Arbeidspress")
    api.add_code(ws, "frister", "press")
    u = api.add_unit(ws, "vei-01", "ms", ["frister"], turn=2, start=25, end=23, to_turn=4).unit
    assert u.text.startswith("Læringskurven") and u.text.endswith("Vi har for mange saker.")
    api.add_subgroup(ws, "press", "mange", "For mange saker", [u.id])
    api.choose_golden(ws, "press", "mange", u.id)
    page = client(ws.root, researcher="ms").get("/g/press").text
    assert f"<b>[[{u.id}]]</b>" in page
    context = [h.unescape(x) for x in re.findall(r'<span class="ctx">(.*?)</span>', page, re.S)]
    # before it, the words of its first turn; after it, the rest of the answer it ends in
    assert context == ["…Jeg jobber som veileder. ", " Jeg rekker ikke å ringe alle før fristen.…"]


def test_an_unknown_transcript_or_code_group_is_a_404_page(demo):
    c = client(demo.root)
    assert c.get("/t/nobody-99").status_code == 404
    assert c.get("/g/nothing").status_code == 404


# ---- coding ----------------------------------------------------------------------------------


@pytest.fixture
def emoji_ws(ws):
    write_transcript(ws, "vei-07", "veileder", f"I: Hvordan var starten?\n\nR: {EMOJI_TURN}\n")
    return ws


def test_a_selection_with_emoji_and_aeoeaa_becomes_the_exact_unit_in_the_yaml(emoji_ws):
    c = client(emoji_ws.root, researcher="ms")
    page = c.get("/t/vei-07").text
    quote = "læringskurven er bratt, og at øvelsene"
    start = EMOJI_TURN.index(quote)  # Python counts code points, as the page's script does
    r = c.post(
        "/api/unit/add",
        json={
            "transcript": "vei-07",
            "turn": 2,
            "start": start,
            "end": start + len(quote),
            "codes": ["Bratt læringskurve", "kompetansebehov"],
            "version": version_in(page),
        },
    )
    assert r.status_code == 200, r.text
    data = yaml.safe_load((emoji_ws.root / "analyses/step2/vei-07/ms.yaml").read_text("utf-8"))
    [unit] = data["units"]
    assert unit["text"] == quote
    assert unit["turn"] == 2
    assert set(unit["codes"]) == {"bratt-læringskurve", "kompetansebehov"}
    labels = {c.label for c in api.open_workspace(emoji_ws.root).codebook().codes}
    assert "Bratt læringskurve" in labels
    assert r.json()["version"] != version_in(page)


def test_a_new_code_goes_into_the_chosen_code_group(demo):
    c = client(demo.root)
    page = c.get("/t/ag-01").text
    r = c.post(
        "/api/unit/add",
        json={
            "transcript": "ag-01", "turn": 2, "start": 0, "end": 20, "codes": ["Egen HR mangler"],
            "code_group": "kompetanse", "version": version_in(page),
        },
    )  # fmt: skip
    assert r.status_code == 200, r.text
    code = next(x for x in demo.codebook().codes if x.label == "Egen HR mangler")
    assert code.code_group == "kompetanse"


def test_a_stale_version_is_refused_with_the_current_state_and_nothing_is_lost(demo):
    tab1, tab2 = client(demo.root), client(demo.root)
    seen = version_in(tab1.get("/t/ag-01").text)
    assert version_in(tab2.get("/t/ag-01").text) == seen
    first = {"transcript": "ag-01", "turn": 4, "start": 0, "end": 20, "codes": ["a-kode"]}
    r1 = tab1.post("/api/unit/add", json={**first, "version": seen})
    assert r1.status_code == 200
    saved = (demo.root / "analyses/step2/ag-01/tl.yaml").read_bytes()
    second = {"transcript": "ag-01", "turn": 6, "start": 0, "end": 12, "codes": ["b-kode"]}
    r2 = tab2.post("/api/unit/add", json={**second, "version": seen})
    assert r2.status_code == 409
    assert r2.json()["version"] == r1.json()["version"]  # the state now, to retry from
    assert "changed elsewhere" in r2.json()["error"]
    assert (demo.root / "analyses/step2/ag-01/tl.yaml").read_bytes() == saved
    r3 = tab2.post("/api/unit/add", json={**second, "version": r2.json()["version"]})
    assert r3.status_code == 200
    codes = {c for u in demo.unit_file("ag-01", "tl").units for c in u.codes}
    assert {"a-kode", "b-kode"} <= codes  # both tabs' work is in the file


def test_a_change_from_the_terminal_makes_the_browser_version_stale(demo):
    c = client(demo.root)
    seen = version_in(c.get("/t/ag-01").text)
    fp = c.get("/fingerprint").json()["fingerprint"]
    api.add_unit(demo, "ag-01", "tl", ["fra-terminalen"], turn=2, start=0, end=10)
    assert c.get("/fingerprint").json()["fingerprint"] != fp
    u = demo.unit_file("ag-01", "tl").units[0]
    r = c.post("/api/unit/remove", json={"unit": u.id, "version": seen})
    assert r.status_code == 409
    assert any(x.id == u.id for x in demo.unit_file("ag-01", "tl").units)


def test_recode_note_reanchor_remove_and_undo_through_the_api(demo):
    c = client(demo.root)
    version = version_in(c.get("/t/ag-01").text)
    u = demo.unit_file("ag-01", "tl").units[0]
    r = c.post("/api/unit/recode", json={"unit": u.id, "add": ["Ny kode"], "version": version})
    assert r.status_code == 200, r.text
    assert "ny-kode" in next(x for x in demo.unit_file("ag-01", "tl").units if x.id == u.id).codes
    r = c.post(
        "/api/unit/note",
        json={"unit": u.id, "note": "sjekk med ib", "version": r.json()["version"]},
    )
    assert (
        next(x for x in demo.unit_file("ag-01", "tl").units if x.id == u.id).note == "sjekk med ib"
    )
    r = c.post(
        "/api/unit/reanchor",
        json={
            "unit": u.id,
            "turn": u.turn,
            "start": u.start,
            "end": u.end - 1,
            "version": r.json()["version"],
        },
    )
    assert r.status_code == 200, r.text
    narrowed = next(x for x in demo.unit_file("ag-01", "tl").units if x.id == u.id)
    assert narrowed.end == u.end - 1
    r = c.post("/api/unit/remove", json={"unit": u.id, "version": r.json()["version"]})
    assert r.status_code == 200
    assert all(x.id != u.id for x in demo.unit_file("ag-01", "tl").units)
    r = c.post("/api/undo", json={})
    assert r.status_code == 200
    assert "remove" in r.json()["summary"]
    assert any(x.id == u.id for x in demo.unit_file("ag-01", "tl").units)


def test_coding_needs_a_researcher(demo, monkeypatch):
    monkeypatch.delenv("STC_RESEARCHER", raising=False)
    c = client(demo.root, researcher=None)
    r = c.post(
        "/api/unit/add",
        json={"transcript": "ag-01", "turn": 2, "start": 0, "end": 5, "codes": ["x"]},
    )
    assert r.status_code == 400
    assert "--researcher" in r.json()["hint"]


def test_a_selection_outside_the_turn_is_refused_with_the_reason(demo):
    c = client(demo.root)
    r = c.post(
        "/api/unit/add",
        json={"transcript": "ag-01", "turn": 2, "start": 0, "end": 99999, "codes": ["x"]},
    )
    assert r.status_code == 400
    assert "do not fit turn 2" in r.json()["error"]
    r = c.post(
        "/api/unit/add",
        json={"transcript": "ag-01", "turn": "2", "start": 0, "end": 5, "codes": ["x"]},
    )
    assert r.status_code == 400
    assert c.post("/api/unit/add", content=b"not json").status_code == 400


# ---- steps 3 and 4 ---------------------------------------------------------------------------


def test_sort_condense_choose_golden_and_write_the_analytic_text(demo):
    c = client(demo.root)
    version = version_in(c.get("/g/kompetanse").text)
    unit = api.condense_units(demo.study(), "kompetanse")[0].id
    r = c.post(
        "/api/group/move",
        json={
            "code_group": "kompetanse",
            "units": [unit],
            "subgroup": "+",
            "label": "Å lære av kolleger",
            "version": version,
        },
    )
    assert r.status_code == 200, r.text
    sg = r.json()["subgroup"]
    assert unit in next(s for s in demo.condensation("kompetanse").subgroups if s.id == sg).units
    r = c.post(
        "/api/group/condensate",
        json={
            "code_group": "kompetanse",
            "subgroup": sg,
            "text": "Han lærte av de erfarne.",
            "version": r.json()["version"],
        },
    )
    assert r.status_code == 200
    assert r.json()["first_person"] is False  # the page warns: not in the first person
    assert c.get("/api/first-person", params={"text": "Jeg lærte av de erfarne."}).json()[
        "first_person"
    ]
    r = c.post(
        "/api/group/golden",
        json={
            "code_group": "kompetanse",
            "subgroup": sg,
            "unit": unit,
            "version": r.json()["version"],
        },
    )
    assert next(s for s in demo.condensation("kompetanse").subgroups if s.id == sg).golden == unit
    r = c.post(
        "/api/group/synthesis",
        json={
            "code_group": "kompetanse",
            "text": f"# Å lære\n\nDe lærte av kolleger [[{unit}]].",
            "version": r.json()["version"],
        },
    )
    assert r.status_code == 200, r.text
    assert f"[[{unit}]]" in (demo.root / "analyses/step4/kompetanse.md").read_text("utf-8")
    html = c.get("/g/kompetanse").text
    assert f"<b>[[{unit}]]</b>" in html  # the reference shown in its context
    r = c.post(
        "/api/group/move",
        json={
            "code_group": "kompetanse",
            "units": [unit],
            "subgroup": "",
            "version": r.json()["version"],
        },
    )
    assert r.status_code == 200
    assert all(unit not in s.units for s in demo.condensation("kompetanse").subgroups)


def test_a_stale_code_group_edit_gets_409_and_keeps_the_other_edit(demo):
    tab1, tab2 = client(demo.root), client(demo.root)
    seen = version_in(tab1.get("/g/kompetanse").text)
    sg = demo.condensation("kompetanse").subgroups[0].id
    r1 = tab1.post(
        "/api/group/condensate",
        json={
            "code_group": "kompetanse",
            "subgroup": sg,
            "text": "Jeg lærte mye.",
            "version": seen,
        },
    )
    assert r1.status_code == 200
    r2 = tab2.post(
        "/api/group/condensate",
        json={"code_group": "kompetanse", "subgroup": sg, "text": "Jeg ga opp.", "version": seen},
    )
    assert r2.status_code == 409
    assert r2.json()["version"] == r1.json()["version"]
    assert demo.condensation("kompetanse").subgroups[0].condensate == "Jeg lærte mye."


# ---- the command -----------------------------------------------------------------------------


def test_serve_reports_a_port_in_use(demo, cli):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = cli(demo.root, "serve", "--port", str(port), "--no-browser", "-r", "tl")
    assert r.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in r.output


def test_serve_help_names_its_options(cli):
    out = cli(None, "serve", "--help").output
    for opt in ("--port", "--no-browser", "--read-only", "--researcher"):
        assert opt in out


def test_an_edit_of_another_coders_unit_is_undone_by_whoever_made_it(demo):
    # tl removes one of ib's units in the browser: tl's undo takes it back, ib's journal is untouched
    c = client(demo.root, researcher="tl")
    page = c.get("/t/ag-02").text
    versions = json.loads(re.search(r'<script id="versions"[^>]*>(.*?)</script>', page).group(1))
    version = versions["ib"]  # the page knows each coder's file version
    u = demo.unit_file("ag-02", "ib").units[0]
    r = c.post("/api/unit/remove", json={"unit": u.id, "version": version})
    assert r.status_code == 200, r.text
    assert r.json()["version"] == api.unit_file_version(demo, "ag-02", "ib")
    assert api.last_change(demo, "ib") is None
    assert c.post("/api/undo", json={}).status_code == 200
    assert any(x.id == u.id for x in demo.unit_file("ag-02", "ib").units)


def test_the_pages_script_and_style_are_served_with_the_token(demo):
    c = client(demo.root)
    js = c.get("/static/stc.js")
    assert js.status_code == 200
    assert "javascript" in js.headers["content-type"]
    assert "X-STC-CSRF" in js.text
    assert c.get("/static/stc.css").status_code == 200
