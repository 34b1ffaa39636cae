"""The course leader's JSON door under ``/api/v1/leader``: ``frontlijn ... --server URL``.

A leader signs in with name and password (``POST /leader/signin``), through the same
:class:`~frontlijn_game.service.leader_auth.ClientLoginGate` and per-client limit as the
leader pages, so a wrong password waits 1, 2, 4 ... seconds here too, counted on the
account. The answer is the bearer token of a server-side leader session (the table keeps
only its hash; it ends after an idle hour, as the leader pages' does).

Every call then runs a :class:`~frontlijn_game.service.leader_desk.LocalDesk` for the
leader of that session, whose scope is read from the database at each call: the client
says nothing about who it is beyond its token, and a cursusleider gets their own
cohorts only, what lies outside answering as unknown (404). Every call is a ``POST``
with a JSON body, so trainee codes and cohort names never stand in a URL (nor in an
access log).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from frontlijn_game.i18n import _
from frontlijn_game.web.api_routes import PREFIX, ApiError, Call, api

if TYPE_CHECKING:
    from frontlijn_game.reporting.common import Selection
    from frontlijn_game.service.leader_desk import LocalDesk
    from frontlijn_game.service.scope import LeaderScope


def _signed_out() -> ApiError:
    return ApiError(401, "signed_out", _("Je bent niet (meer) aangemeld als cursusleider."))


@dataclass
class LeaderCall(Call):
    """A call that a leader's session must make (a trainee's token answers 401)."""

    _scope: LeaderScope | None = None

    def require(self) -> None:
        self.scope()

    def scope(self) -> LeaderScope:
        """The session's leader as the database holds them now (role, cohorts)."""
        if self._scope is None:
            from frontlijn_game.service.scope import scope_of
            from frontlijn_game.store.errors import NotFound

            session = self.session
            if session is None or session.leader_id is None or not session.leader_name:
                raise _signed_out()
            try:
                found = scope_of(self.layer.progress().store, session.leader_name)
            except NotFound:
                raise _signed_out() from None
            if found.leader_id != session.leader_id:
                raise _signed_out()
            self._scope = found
        return self._scope

    def desk(self) -> LocalDesk:
        from frontlijn_game.service.admin import leader_operator
        from frontlijn_game.service.leader_desk import LocalDesk

        store = self.layer.progress().store
        return LocalDesk(store, self.layer.library, leader_operator(store, self.scope()))

    def optional(self, key: str) -> str | None:
        return self.text(key) or None

    def flag(self, key: str) -> bool:
        return self.body.get(key) is True

    def selection(self) -> Selection:
        from frontlijn_game.service.reports import selection

        if self.flag("all_versions") and self.optional("version") is not None:
            raise ApiError(400, "bad_request", _("--all-versions en --version sluiten elkaar uit"))
        return selection(
            self.text("scenario"),
            self.optional("cohort"),
            self.flag("first_only"),
            self.flag("all_versions"),
            self.optional("version"),
        )


def _who(scope: LeaderScope) -> dict[str, Any]:
    return {"name": scope.name, "role": scope.role, "cohorts": list(scope.cohorts)}


# -- signing in -------------------------------------------------------------------------


def signin(call: LeaderCall) -> dict[str, Any]:
    """Name and password; a wrong pair waits (the growing delay) and answers 401."""
    from frontlijn_game.service.scope import scope_of_record

    state = call.request.app.state
    client = call.request.client.host if call.request.client else "?"
    if not state.leader_limit.allow(client):
        raise ApiError(
            429, "rate_limited", _("Te veel pogingen vanaf dit adres. Wacht een paar minuten.")
        )
    name = call.text("name")[:100]
    password = call.body.get("password")
    password = password[:1024] if isinstance(password, str) else ""
    store = call.layer.progress().store
    answer = state.leader_gate.login(store, name, password, client)
    if answer.leader is None:
        call.wait = answer.wait
        raise ApiError(
            401,
            "wrong_password",
            _("Naam of wachtwoord klopt niet."),
            seconds=round(answer.wait),
        )
    session = store.sign_in_leader_web_session(None, answer.leader.id)
    return {"token": session.token, "leader": _who(scope_of_record(store, answer.leader))}


def signout(call: LeaderCall) -> dict[str, Any]:
    if call.session is not None and call.session.leader_id is not None:
        call.layer.end_session(call.session.token)
    return {}


def me(call: LeaderCall) -> dict[str, Any]:
    return {"leader": _who(call.scope())}


# -- reading ----------------------------------------------------------------------------


def cohorts(call: LeaderCall) -> dict[str, Any]:
    return {"cohorts": [c.to_json() for c in call.desk().cohorts()]}


def trainees(call: LeaderCall) -> dict[str, Any]:
    found = call.desk().trainees(call.optional("cohort"))
    return {"trainees": [t.to_json() for t in found]}


def attempts(call: LeaderCall) -> dict[str, Any]:
    found = call.desk().attempts(
        call.optional("trainee"), call.optional("scenario"), call.optional("status")
    )
    return {"attempts": [a.to_json() for a in found]}


def report_options(call: LeaderCall) -> dict[str, Any]:
    report = call.desk().options(call.selection())
    return {"data": report.data, "text": report.text}


def report_items(call: LeaderCall) -> dict[str, Any]:
    report = call.desk().items(call.selection())
    return {"data": report.data, "text": report.text}


def report_progress(call: LeaderCall) -> dict[str, Any]:
    report = call.desk().progress(call.optional("cohort"), call.optional("curriculum"))
    return {"data": report.data, "text": report.text}


# -- out --------------------------------------------------------------------------------


def export_csv(call: LeaderCall) -> Response:
    """Both CSV files in one ZIP, made in a private temporary folder and gone once read."""
    import shutil

    from frontlijn_game.service.reports import export_csv_archive

    desk = call.desk()
    archive, _done = export_csv_archive(desk.store, desk.scope, excel=call.flag("excel"))
    try:
        data = archive.read_bytes()
    finally:
        shutil.rmtree(archive.parent, ignore_errors=True)
    return Response(data, media_type="application/zip")


def export_xapi(call: LeaderCall) -> dict[str, Any]:
    """The statements as a list: the client writes them, or sends them to its LRS with
    credentials that never reach this server."""
    from frontlijn_game.service.leader_desk import XapiOptions

    score = call.body.get("pass_score", 70.0)
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 100:
        raise ApiError(400, "bad_request", _("Dit verzoek klopt niet."))
    home_page = call.text("home_page")
    if not home_page:
        raise ApiError(400, "bad_request", _("Dit verzoek klopt niet."))
    options = XapiOptions(home_page, call.optional("activity_base"), float(score))
    with call.desk().xapi(options, call.optional("cohort"), call.optional("scenario")) as found:
        return {"statements": list(found)}


# -- writing people ---------------------------------------------------------------------


def trainee_add(call: LeaderCall) -> dict[str, Any]:
    from frontlijn_game.service.leader_desk import NewTrainee

    fields = ("code", "display_name", "pin", "note", "cohort")
    record = call.desk().add_trainee(NewTrainee(*(call.optional(f) for f in fields)))
    return {"trainee": record.to_json()}


def trainee_pin(call: LeaderCall) -> dict[str, Any]:
    pin = call.optional("pin")
    if pin is not None and not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise ApiError(400, "bad_request", _("een pincode is 4-12 cijfers"))
    call.desk().set_pin(call.text("code"), pin)
    return {}


def trainee_export(call: LeaderCall) -> dict[str, Any]:
    return {"trainee": call.desk().export_trainee(call.text("code"))}


def trainee_erase(call: LeaderCall) -> dict[str, Any]:
    return {"erased": call.desk().erase_trainee(call.text("code")).to_json()}


def cohort_create(call: LeaderCall) -> dict[str, Any]:
    record = call.desk().create_cohort(call.text("name"), call.optional("curriculum"))
    return {"cohort": record.to_json()}


def cohort_enrol(call: LeaderCall) -> dict[str, Any]:
    codes = call.body.get("codes") or []
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise ApiError(400, "bad_request", _("Dit verzoek klopt niet."))
    added, enrolled = call.desk().enrol(call.text("name"), call.optional("curriculum"), codes)
    return {"added": added, "enrolled": enrolled}


ROUTES = {
    "signout": signout,
    "me": me,
    "cohorts": cohorts,
    "cohorts/create": cohort_create,
    "cohorts/enrol": cohort_enrol,
    "trainees": trainees,
    "trainees/add": trainee_add,
    "trainees/pin": trainee_pin,
    "trainees/export": trainee_export,
    "trainees/erase": trainee_erase,
    "attempts": attempts,
    "reports/options": report_options,
    "reports/items": report_items,
    "reports/progress": report_progress,
    "export/csv": export_csv,
    "export/xapi": export_xapi,
}
"""Path under ``/api/v1/leader/`` -> handler; every one but sign-in needs the session."""


def routes() -> list[BaseRoute]:
    base = f"{PREFIX}/leader"
    found: list[BaseRoute] = [
        Route(f"{base}/signin", api(signin, signed_in=False, kind=LeaderCall), methods=["POST"])
    ]
    for path, handler in ROUTES.items():
        signed = handler is not signout
        found.append(
            Route(
                f"{base}/{path}", api(handler, signed_in=signed, kind=LeaderCall), methods=["POST"]
            )
        )
    return found


__all__ = ["LeaderCall", "routes"]
