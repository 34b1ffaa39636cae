"""LTI 1.3 as a use case: platform registrations with the tool's keys, logins in flight,
who a launch plays as, and the deep-linking answer.

The web door validates the launch message with pylti1p3 (its Starlette adapter is in
``web/lti``) and hands the validated claims here. A launched person becomes a trainee
with a random code they never see (issuer + ``sub`` -> trainee); an instructor also gets a
leader account, and the LMS course (the context) becomes a cohort. Each registration has
its own RSA key pair: the private key is a ``0600`` file in a ``0700`` folder (never in the
database, never printed), the public key is in the database so every worker serves it
from the tool's JWKS URL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from frontlijn_game.i18n import _
from frontlijn_game.service.lti_keys import KEYS_ENV, keys_dir
from frontlijn_game.store.lti import RegistrationRecord

if TYPE_CHECKING:
    from pylti1p3.registration import Registration

    from frontlijn_game.scenario.content import Library
    from frontlijn_game.store.service import Store
    from frontlijn_game.store.web_sessions import WebSessionRecord

LOGIN_AGE = timedelta(minutes=10)
"""How long a started OIDC login may take to come back as a launch."""
LAUNCH_AGE = timedelta(hours=1)
"""How long an instructor may take to pick a case in the deep-linking picker."""
ENTRY_AGE = timedelta(minutes=5)
"""How long the launch page's "open in a new window" link stays good (once)."""
ENTRY_KINDS = frozenset({"enter", "lead"})
"""The keys that mark a saved launch as a one-time entry link (a trainee's, a leader's)
rather than a deep-linking launch, so one kind of token never opens another's door."""
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
INSTRUCTOR_ROLES = (
    "membership#Instructor",
    "membership#Administrator",
    "membership#ContentDeveloper",
    "institution/person#Administrator",
    "system/person#Administrator",
)


class LtiError(Exception):
    """A refused registration or launch; the message is meant for the person."""


@dataclass(frozen=True)
class Entry:
    """What a validated launch became: who plays, in which cohort, and where they go."""

    trainee_code: str
    leader_name: str | None
    cohort: str | None
    path: str
    """Where the browser goes: a case's intro, the first open case of a module, home."""
    instructor: bool
    course: int | None = None
    """The course's row (for a roster sync), None without a context."""
    leader_id: int | None = None
    """The instructor's leader account (``service.lti_leader`` signs it in)."""
    curriculum: str | None = None
    """The curriculum of the link's module (its progress shows that curriculum)."""


def is_instructor(roles: Sequence[str]) -> bool:
    return any(role.endswith(suffix) for role in roles for suffix in INSTRUCTOR_ROLES)


def _check_url(name: str, url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise LtiError(_("{name} is geen http(s)-adres: {url}").format(name=name, url=url))
    return url.strip()


class Lti:
    """The LTI use cases over one store; ``keys`` is the private keys' folder."""

    def __init__(self, store: Store, keys: Path | None = None) -> None:
        self.store = store
        self.keys = keys or keys_dir()

    # -- registrations ------------------------------------------------------------------

    def add(
        self,
        issuer: str,
        client_id: str,
        auth_login_url: str,
        auth_token_url: str,
        key_set_url: str,
        deployment_ids: Sequence[str],
        auth_audience: str | None = None,
    ) -> RegistrationRecord:
        """Register a platform and make the tool's key pair for it."""
        from frontlijn_game.service.lti_keys import new_key
        from frontlijn_game.store import lti as rows
        from frontlijn_game.store.errors import StoreError

        if not issuer.strip() or not client_id.strip():
            raise LtiError(_("Een registratie heeft een issuer en een client-id nodig."))
        deployments = tuple(d.strip() for d in deployment_ids if d.strip())
        if not deployments:
            raise LtiError(_("Geef minstens één deployment-id (--deployment)."))
        urls = {
            "auth_login_url": _check_url("--auth-url", auth_login_url),
            "auth_token_url": _check_url("--token-url", auth_token_url),
            "key_set_url": _check_url("--jwks-url", key_set_url),
        }
        path, jwk = new_key(self.keys)
        kid = str(jwk["kid"])
        try:
            return self.store.db.write(
                lambda s: rows.add_registration(
                    s,
                    issuer=issuer.strip(),
                    client_id=client_id.strip(),
                    deployment_ids=list(deployments),
                    auth_audience=(auth_audience or "").strip() or None,
                    kid=kid,
                    public_jwk=jwk,
                    **urls,
                )
            )
        except StoreError as exc:
            path.unlink(missing_ok=True)
            raise LtiError(str(exc)) from None

    def registrations(self) -> list[RegistrationRecord]:
        from frontlijn_game.store import lti as rows

        return self.store.db.read(rows.list_registrations)

    def find(self, issuer: str, client_id: str | None = None) -> RegistrationRecord | None:
        from frontlijn_game.store import lti as rows

        return self.store.db.read(lambda s: rows.find_registration(s, issuer, client_id))

    def registration(self, registration_id: int) -> RegistrationRecord:
        from frontlijn_game.store import lti as rows

        return self.store.db.read(lambda s: rows.registration_by_id(s, registration_id))

    def add_deployments(
        self, issuer: str, client_id: str | None, deployment_ids: Sequence[str]
    ) -> RegistrationRecord:
        """Let the registration launch with more deployment ids (a new course placement
        or a second installation of the same key)."""
        from frontlijn_game.store import lti as rows

        found = self.find(issuer, client_id)
        if found is None:
            raise LtiError(
                _("Geen (eenduidige) registratie voor issuer {issuer}.").format(issuer=issuer)
            )
        ids = tuple(d.strip() for d in deployment_ids if d.strip())
        if not ids:
            raise LtiError(_("Geef minstens één deployment-id (--deployment)."))
        return self.store.db.write(lambda s: rows.add_deployments(s, found.id, ids))

    def remove(self, issuer: str, client_id: str | None = None) -> RegistrationRecord:
        """Remove a registration with its key. Its trainees, cohorts and attempts stay;
        its courses' and links' LTI rows and unsent grades go."""
        from frontlijn_game.store import lti as rows

        found = self.find(issuer, client_id)
        if found is None:
            raise LtiError(
                _("Geen (eenduidige) registratie voor issuer {issuer}.").format(issuer=issuer)
            )
        self.store.db.write(lambda s: rows.remove_registration(s, found.id))
        self._key_path(found.kid).unlink(missing_ok=True)
        return found

    def _key_path(self, kid: str) -> Path:
        return self.keys / f"{kid}.pem"

    def key_path(self, registration: RegistrationRecord) -> Path:
        return self._key_path(registration.kid)

    def jwks(self) -> dict[str, Any]:
        """The tool's public keys, one per registration (the tool's JWKS URL)."""
        return {"keys": [r.public_jwk for r in self.registrations()]}

    def tool_registration(self, record: RegistrationRecord) -> Registration:
        """pylti1p3's view of a registration, with the tool's private key for signing."""
        from frontlijn_game.service.lti_keys import tool_registration

        return tool_registration(record, self.key_path(record))

    def grades(self) -> list[tuple[str, str, float, str, int, str | None]]:
        """The outbox: (user, resource link, score, status, tries, last error)."""
        from frontlijn_game.store import lti_grades as outbox

        return self.store.db.read(outbox.grades)

    # -- logins -------------------------------------------------------------------------

    def begin_login(self, registration_id: int, state: str, nonce: str) -> None:
        from frontlijn_game.store import lti as rows

        def work(s: Any) -> None:
            rows.purge(s, LAUNCH_AGE)
            rows.start_login(s, registration_id, state, nonce)

        self.store.db.write(work)

    def use_login(self, state: str, nonce: str) -> int | None:
        """Consume a started login: its registration id, or None when the state and
        nonce do not belong together, were used already or are too old."""
        from frontlijn_game.store import lti as rows

        return self.store.db.write(lambda s: rows.use_login(s, state, nonce, LOGIN_AGE))

    # -- launches -----------------------------------------------------------------------

    def enter(self, record: RegistrationRecord, body: Mapping[str, Any], library: Library) -> Entry:
        """Map a validated resource-link launch to a trainee (and leader), its course to
        a cohort and its link to a case or module whose grades go back."""
        from frontlijn_game.store import lti as rows

        roles = [str(r) for r in body.get(CLAIM + "roles", []) or []]
        instructor = is_instructor(roles)
        target = self.target(body.get(CLAIM + "custom") or {}, library)
        sub = str(body.get("sub") or "")
        if not sub:
            raise LtiError(_("De leeromgeving stuurde geen gebruiker mee (anonieme start)."))
        context = body.get(CLAIM + "context") or {}
        link_claim = body.get(CLAIM + "resource_link") or {}
        nrps = body.get(NRPS_CLAIM) or {}
        ags = dict(body.get(AGS_CLAIM) or {})
        name = body.get("name") or " ".join(
            str(body.get(k, "")) for k in ("given_name", "family_name") if body.get(k)
        )

        def work(s: Any) -> tuple[rows.Person, str | None, int | None]:
            person = rows.person(s, record.issuer, sub, str(name).strip() or None, instructor)
            cohort = context_row = None
            if context.get("id"):
                context_row, cohort = rows.course(
                    s,
                    record.id,
                    record.issuer,
                    str(context["id"]),
                    context.get("title") or context.get("label"),
                    nrps.get("context_memberships_url"),
                )
                if not instructor:
                    rows.join_cohort(s, cohort, person.trainee_code)
                elif person.leader_name is not None:
                    rows.lead(s, person.leader_name, cohort)
            if link_claim.get("id") and target is not None:
                rows.link(
                    s,
                    record.id,
                    str(link_claim["id"]),
                    context_row,
                    target,
                    ags if _takes_scores(ags) else {},
                    None if instructor else person.lti_user_id,
                )
            return person, cohort, context_row

        from frontlijn_game.store.errors import AlreadyExists

        try:
            person, cohort, context_row = self.store.db.write(work)
        except AlreadyExists:  # the same person's first launch in another tab: use theirs
            person, cohort, context_row = self.store.db.write(work)
        path = self._path(target, person.trainee_code, library)
        return Entry(
            person.trainee_code,
            person.leader_name,
            cohort,
            path,
            instructor,
            context_row,
            person.leader_id,
            None if target is None else target.get("curriculum"),
        )

    @staticmethod
    def target(custom: Mapping[str, Any], library: Library) -> dict[str, str] | None:
        """The case or module a link names in its custom parameters (None: none named;
        an unknown one is refused)."""
        case = str(custom.get("case") or "").strip()
        curriculum = str(custom.get("curriculum") or "").strip()
        module = str(custom.get("module") or "").strip()
        if case:
            if case not in library.scenarios:
                raise LtiError(_("Casus '{ref}' niet gevonden.").format(ref=case))
            return {"case": case}
        if curriculum:
            found = library.curricula.get(curriculum)
            if found is None or module not in {m.id for m in found.modules}:
                raise LtiError(
                    _("Module '{module}' van leerlijn '{curriculum}' niet gevonden.").format(
                        module=module, curriculum=curriculum
                    )
                )
            return {"curriculum": curriculum, "module": module}
        return None

    def _path(self, target: dict[str, str] | None, code: str, library: Library) -> str:
        if target is None:
            return "/home"
        if "case" in target:
            return f"/case/{target['case']}"
        from frontlijn_game.service.lti_grades import module_cases

        cases = module_cases(library, target)
        finished = {a.scenario_id for a in self.store.attempts(code, status="finished")}
        for case in cases:
            if case not in finished:
                return f"/case/{case}"
        return f"/case/{cases[0]}" if cases else "/home"

    def sign_in(self, old_token: str | None, code: str, lang: str) -> WebSessionRecord:
        """A browser session for the launched trainee: the LMS vouched for them."""
        session = self.store.sign_in_web_session(old_token, code)
        self.store.update_web_session(session.token, lang)
        return session

    def entry_token(self, record: RegistrationRecord, code: str, path: str, lang: str) -> str:
        """A one-time link (a few minutes) that signs the trainee in where it is opened."""
        from frontlijn_game.store import lti as rows

        body = {"enter": code, "path": path, "lang": lang}
        return self.store.db.write(lambda s: rows.save_launch(s, record.id, body))

    def use_entry_token(self, token: str) -> tuple[str, str, str] | None:
        """(trainee code, path, language) of an unused, fresh entry link; used up."""
        from frontlijn_game.store import lti as rows

        def work(s: Any) -> tuple[str, str, str] | None:
            found = rows.load_launch(s, token, ENTRY_AGE)
            if found is None or set(found[1]) & ENTRY_KINDS != {"enter"}:
                return None
            rows.drop_launch(s, token)
            body = found[1]
            return str(body["enter"]), str(body["path"]), str(body.get("lang", "nl"))

        return self.store.db.write(work)

    # -- deep linking -------------------------------------------------------------------

    def save_deep_launch(self, record: RegistrationRecord, body: Mapping[str, Any]) -> str:
        from frontlijn_game.store import lti as rows

        return self.store.db.write(lambda s: rows.save_launch(s, record.id, dict(body)))

    def deep_launch(self, token: str) -> tuple[RegistrationRecord, dict[str, Any]] | None:
        from frontlijn_game.store import lti as rows

        found = self.store.db.read(lambda s: rows.load_launch(s, token, LAUNCH_AGE))
        if found is None or set(found[1]) & ENTRY_KINDS:
            return None
        return self.registration(found[0]), found[1]

    def deep_link_answer(
        self, token: str, pick: str, library: Library, launch_url: str
    ) -> tuple[str, str]:
        """(the platform's return URL, the signed deep-linking response) for the picked
        ``case:ID`` or ``module:CURRICULUM/MODULE``; the picker's launch is used up."""
        from pylti1p3.deep_link import DeepLink, TDeepLinkData
        from pylti1p3.deep_link_resource import DeepLinkResource
        from pylti1p3.lineitem import LineItem

        from frontlijn_game.store import lti as rows

        found = self.deep_launch(token)
        if found is None:
            raise LtiError(_("Deze keuzelijst is verlopen. Start opnieuw vanuit de leeromgeving."))
        record, body = found
        kind, _sep, ref = pick.partition(":")
        if kind == "case" and ref in library.scenarios:
            custom = {"case": ref}
            title = library.scenarios[ref].title
        elif kind == "module" and "/" in ref:
            curriculum_id, module_id = ref.split("/", 1)
            self.target({"curriculum": curriculum_id, "module": module_id}, library)
            curriculum = library.curricula[curriculum_id]
            module = next(m for m in curriculum.modules if m.id == module_id)
            custom = {"curriculum": curriculum_id, "module": module_id}
            title = f"{curriculum.title}: {module.title or module.id}"
        else:
            raise LtiError(_("Kies een casus of een module uit de lijst."))
        settings = body.get(DL_CLAIM) or {}
        registration = self.tool_registration(record)
        if registration.get_tool_private_key() is None:
            raise LtiError(_("De sleutel van deze registratie ontbreekt op deze server."))
        resource = (
            DeepLinkResource()
            .set_url(launch_url)
            .set_title(title)
            .set_custom_params(custom)
            .set_lineitem(LineItem().set_label(title).set_score_maximum(100).set_resource_id(pick))
        )
        deployment = str(body.get(CLAIM + "deployment_id", ""))
        jwt = DeepLink(registration, deployment, cast("TDeepLinkData", settings)).get_response_jwt(
            [resource]
        )
        self.store.db.write(lambda s: rows.drop_launch(s, token))
        return str(settings.get("deep_link_return_url", "")), jwt


def _takes_scores(ags: Mapping[str, Any]) -> bool:
    return "https://purl.imsglobal.org/spec/lti-ags/scope/score" in (ags.get("scope") or [])


__all__ = [
    "KEYS_ENV",
    "Entry",
    "Lti",
    "LtiError",
    "RegistrationRecord",
    "is_instructor",
    "keys_dir",
]
