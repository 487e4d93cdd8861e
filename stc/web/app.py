"""The web application of `stc serve`: pages rendered on the server, a small JSON API for changes.

Every request needs the session token (from ``?token=…`` once, then an HttpOnly, SameSite=Strict
cookie); every change also needs the page's CSRF header and a same-origin ``Origin``; the Host
header must name this machine (a DNS-rebinding page gets nothing). Changes go through the same
API functions as the CLI, under the workspace lock, after a version check of the files they
touch, so two tabs (or a tab and the terminal) never overwrite each other.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse
from starlette.responses import Response as StarletteResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from stc import api
from stc.errors import AnchorError, Conflict, InvalidValue, LockTimeout, NotFound, StcError
from stc.web import views

HERE = Path(__file__).resolve().parent
CSRF_HEADER = "x-stc-csrf"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


@dataclass
class Server:
    """What every request shares: the workspace root, the secrets, the mode."""

    root: Path
    token: str
    read_only: bool = False
    researcher: str | None = None
    hosts: tuple[str, ...] = LOCAL_HOSTS
    # one request at a time uses the workspace (its parse cache is shared between requests)
    busy: threading.RLock = field(default_factory=threading.RLock)
    _ws: api.Workspace | None = None

    @property
    def cookie(self) -> str:
        """The cookie's name, one per server: cookies ignore ports, and two studies served
        side by side must not log each other out."""
        return "stc_" + hashlib.sha256(self.token.encode()).hexdigest()[:10]

    @property
    def csrf(self) -> str:
        return hmac.new(self.token.encode(), b"csrf", hashlib.sha256).hexdigest()[:32]

    def workspace(self) -> api.Workspace:
        """A fresh view per request (files change underneath: git pull, the terminal) that
        reuses the files parsed for earlier requests while they are unchanged."""
        if self._ws is None:
            self._ws = api.open_workspace(self.root, exact=True)
        return self._ws.fresh()

    def coder(self, ws: api.Workspace) -> str | None:
        return api.current_researcher(ws, self.researcher)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _same(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a.encode(), b.encode())


class Guard:
    """ASGI middleware: token, Host, CSRF and read-only checks before any route runs."""

    def __init__(self, app: Any, server: Server) -> None:
        self.app = app
        self.server = server

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        refused = self.refusal(request)
        if refused is not None:
            await refused(scope, receive, send)
            return
        query_token = request.query_params.get("token")
        if query_token is not None:
            # the token moves into a cookie and out of the address bar (and history)
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(
                self.server.cookie, self.server.token, httponly=True, samesite="strict", path="/"
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def refusal(self, request: Request) -> StarletteResponse | None:
        s = self.server
        host = (request.headers.get("host") or "").rsplit(":", 1)[0]
        if host not in s.hosts:
            return PlainTextResponse("stc serve answers on this machine only", status_code=403)
        token = request.query_params.get("token") or request.cookies.get(s.cookie)
        if not _same(token, s.token):
            return PlainTextResponse(
                "stc serve: open the address with ?token=… that stc serve printed",
                status_code=403,
            )
        if request.method in ("GET", "HEAD"):
            return None
        origin = request.headers.get("origin")
        if origin is not None and urlsplit(origin).netloc != request.headers.get("host"):
            return JSONResponse({"error": "cross-origin request refused"}, status_code=403)
        if not _same(request.headers.get(CSRF_HEADER), s.csrf):
            return JSONResponse({"error": "missing or wrong CSRF header"}, status_code=403)
        if s.read_only:
            return JSONResponse(
                {"error": "this server is read-only (stc serve --read-only)"}, status_code=403
            )
        return None


def _error(exc: StcError, extra: dict[str, Any] | None = None) -> JSONResponse:
    status = 400
    if isinstance(exc, NotFound):
        status = 404
    elif isinstance(exc, Conflict):
        status = 409
    elif isinstance(exc, LockTimeout):
        status = 503
    return JSONResponse({"error": exc.message, "hint": exc.hint, **(extra or {})}, status)


Handler = Callable[[Request], Awaitable[StarletteResponse]]
Action = Callable[[api.Workspace, dict[str, Any]], dict[str, Any]]


def create_app(server: Server) -> Starlette:
    """The application; ``server`` says where the workspace is and holds the secrets."""
    pages = views.Pages(server)

    def page(render: Callable[[api.Workspace, Request], str]) -> Handler:
        def run(request: Request) -> StarletteResponse:
            with server.busy:
                try:
                    return HTMLResponse(render(server.workspace(), request))
                except NotFound as exc:
                    return HTMLResponse(pages.error(str(exc)), status_code=404)
                except StcError as exc:
                    return HTMLResponse(pages.error(str(exc)), status_code=400)

        async def handler(request: Request) -> StarletteResponse:
            return await run_in_threadpool(run, request)

        return handler

    def change(act: Action, state: Action) -> Handler:
        """A POST with a JSON body, run under the lock; a conflict answers with the state now."""

        async def handler(request: Request) -> StarletteResponse:
            try:
                body = await request.json()
            except ValueError:
                return JSONResponse({"error": "the request body is not JSON"}, 400)
            if not isinstance(body, dict):
                return JSONResponse({"error": "the request body must be a JSON object"}, 400)
            return await run_in_threadpool(run, body)

        def run(body: dict[str, Any]) -> StarletteResponse:
            with server.busy:
                ws = server.workspace()
                try:
                    with ws.lock():  # the check and the change, with no other stc in between
                        result = act(ws, body)
                        return JSONResponse({"ok": True, **result, **state(ws, body)})
                except Conflict as exc:
                    try:
                        now = state(server.workspace(), body)
                    except StcError:
                        now = {}
                    return _error(exc, now)
                except StcError as exc:
                    return _error(exc)
                except (KeyError, TypeError, ValueError) as exc:
                    return JSONResponse({"error": f"bad request: {exc}"}, 400)

        return handler

    async def fingerprint(request: Request) -> StarletteResponse:
        def run() -> str:
            with server.busy:
                return api.fingerprint(server.workspace())

        return JSONResponse({"fingerprint": await run_in_threadpool(run)})

    async def first_person(request: Request) -> StarletteResponse:
        text = request.query_params.get("text", "")

        def run() -> bool:
            with server.busy:
                return api.first_person(text, server.workspace().project().language)

        return JSONResponse({"first_person": await run_in_threadpool(run)})

    routes = [
        Route("/", page(pages.home)),
        Route("/t/{tid}", page(pages.transcript)),
        Route("/g/{cg}", page(pages.code_group)),
        Route("/fingerprint", fingerprint),
        Route("/api/first-person", first_person),
        *[
            Route(f"/api/{name}", change(act, state), methods=["POST"])
            for name, (act, state) in actions(server).items()
        ],
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(Guard, server=server)
    return app


# ---------------------------------------------------------------------------------------------
# the changes


def _text(body: dict[str, Any], key: str) -> str:
    value = body[key]
    if not isinstance(value, str):
        raise InvalidValue(f"{key} must be text")
    return value


def _int(body: dict[str, Any], key: str) -> int:
    value = body[key]
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidValue(f"{key} must be a whole number")
    return value


def _texts(body: dict[str, Any], key: str) -> list[str]:
    value = body.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidValue(f"{key} must be a list of texts")
    return [v.strip() for v in value if v.strip()]


def _version(body: dict[str, Any]) -> str | None:
    v = body.get("version")
    return v if isinstance(v, str) else None


def _owner(ws: api.Workspace, unit_id: str) -> tuple[str, str]:
    """The transcript and coder of a unit (whose file a unit edit changes)."""
    for u in ws.study().units:
        if u.id == unit_id:
            return u.transcript, u.coder
    raise NotFound(f"no meaning unit {unit_id!r}")


def actions(server: Server) -> dict[str, tuple[Action, Action]]:
    """The changes a page can ask for: each a step and the state to answer with."""

    def me(ws: api.Workspace) -> str:
        who = server.coder(ws)
        if not who:
            raise InvalidValue(
                "stc serve does not know who is coding",
                hint="start it with --researcher ID, or run `stc config researcher ID` first",
            )
        return who

    def unit_state(ws: api.Workspace, body: dict[str, Any]) -> dict[str, Any]:
        tid = body.get("transcript")
        coder = body.get("coder") or server.coder(ws)
        if isinstance(tid, str) and isinstance(coder, str):
            return {"version": api.unit_file_version(ws, tid, coder)}
        return {}

    def add(ws: api.Workspace, body: dict[str, Any]) -> dict[str, Any]:
        tid, coder = _text(body, "transcript"), me(ws)
        api.expect_version(
            _version(body), api.unit_file_version(ws, tid, coder), f"{coder}'s units for {tid}"
        )
        codes = _texts(body, "codes")
        added = api.add_unit(
            ws, tid, coder, codes, turn=_int(body, "turn"), start=_int(body, "start"),
            end=_int(body, "end"),
        )  # fmt: skip
        group = body.get("code_group")
        for code in added.new_codes:
            if isinstance(group, str) and group:
                api.move_code(ws, code, group)
        body["coder"] = coder
        return {"unit": added.unit.id, "merged": added.merged, "new_codes": list(added.new_codes)}

    def edited(ws: api.Workspace, body: dict[str, Any]) -> tuple[str, str]:
        tid, coder = _owner(ws, _text(body, "unit"))
        body["transcript"], body["coder"] = tid, coder
        api.expect_version(
            _version(body), api.unit_file_version(ws, tid, coder), f"{coder}'s units for {tid}"
        )
        return tid, coder

    def recode(ws: api.Workspace, body: dict[str, Any]) -> dict[str, Any]:
        edited(ws, body)
        done = api.recode_unit(
            ws, _text(body, "unit"), _texts(body, "add"), _texts(body, "drop"), by=me(ws)
        )
        return {"summary": done.summary}

    def reanchor(ws: api.Workspace, body: dict[str, Any]) -> dict[str, Any]:
        edited(ws, body)
        done = api.edit_unit(
            ws, _text(body, "unit"), turn=_int(body, "turn"), start=_int(body, "start"),
            end=_int(body, "end"), by=me(ws),
        )  # fmt: skip
        return {"summary": done.summary}

    def note(ws: api.Workspace, body: dict[str, Any]) -> dict[str, Any]:
        edited(ws, body)
        done = api.note_unit(ws, _text(body, "unit"), _text(body, "note"), by=me(ws))
        return {"summary": done.summary}

    def remove(ws: api.Workspace, body: dict[str, Any]) -> dict[str, Any]:
        edited(ws, body)
        return {"summary": api.remove_unit(ws, _text(body, "unit"), by=me(ws)).summary}

    def undo(ws: api.Workspace, body: dict[str, Any]) -> dict[str, Any]:
        done = api.undo(ws, me(ws))
        return {"summary": done.summary, "files": list(done.files)}

    return {
        "unit/add": (add, unit_state),
        "unit/recode": (recode, unit_state),
        "unit/reanchor": (reanchor, unit_state),
        "unit/note": (note, unit_state),
        "unit/remove": (remove, unit_state),
        "undo": (undo, lambda ws, body: {}),
        **group_actions(),
    }


def group_actions() -> dict[str, tuple[Action, Action]]:
    """Steps 3 and 4: sorting into subgroups, condensates, golden quotes, the analytic text."""

    def group_state(ws: api.Workspace, body: dict[str, Any]) -> dict[str, Any]:
        cg = body.get("code_group")
        return {"version": api.code_group_version(ws, cg)} if isinstance(cg, str) else {}

    def in_group(ws: api.Workspace, body: dict[str, Any]) -> str:
        cg = _text(body, "code_group")
        api.expect_version(_version(body), api.code_group_version(ws, cg), f"code group {cg}")
        return cg

    def move(ws: api.Workspace, body: dict[str, Any]) -> dict[str, Any]:
        cg = in_group(ws, body)
        target = _text(body, "subgroup")
        label = str(body.get("label") or "")
        if target == "":
            api.unsort_units(ws, cg, _texts(body, "units"))
            return {}
        if target == "+":
            if not label.strip():
                raise InvalidValue("a new subgroup needs a label")
            target = api.code_id(label)
        api.move_units(ws, cg, _texts(body, "units"), target, label)
        return {"subgroup": target}

    def condensate(ws: api.Workspace, body: dict[str, Any]) -> dict[str, Any]:
        cg = in_group(ws, body)
        text = _text(body, "text")
        api.write_condensate(ws, cg, _text(body, "subgroup"), text)
        return {"first_person": api.first_person(text, ws.project().language)}

    def golden(ws: api.Workspace, body: dict[str, Any]) -> dict[str, Any]:
        cg = in_group(ws, body)
        api.choose_golden(ws, cg, _text(body, "subgroup"), _text(body, "unit"))
        return {}

    def synthesis(ws: api.Workspace, body: dict[str, Any]) -> dict[str, Any]:
        cg = in_group(ws, body)
        heading, text = api.synthesis_from_editor(_text(body, "text"))
        api.write_synthesis(ws, cg, text, heading)
        return {}

    return {
        "group/move": (move, group_state),
        "group/condensate": (condensate, group_state),
        "group/golden": (golden, group_state),
        "group/synthesis": (synthesis, group_state),
    }


__all__ = ["AnchorError", "Server", "create_app", "new_token"]
