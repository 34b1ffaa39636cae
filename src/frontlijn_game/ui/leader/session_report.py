"""After a live session: the group debrief and the nabespreking form.

The debrief is computed in a worker (path analysis is slow on big cases) and shown as
text: the group's score, every decision with how it was taken, the votes, where the
group split and what the best continuation would have done; balance per role; each
participant's votes against the best. The nabespreking (what went well, gaps,
agreements) is saved with Ctrl+S and exported with the session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Header, Label, Static, TextArea

from frontlijn_game.i18n import _
from frontlijn_game.service import format as fmt
from frontlijn_game.ui.kit.session_text import how_text
from frontlijn_game.ui.leader.base import LeaderScreen, session_store

if TYPE_CHECKING:
    from frontlijn_game.service.session_debrief import GroupDebrief
    from frontlijn_game.service.session_views import Review


def _share(value: float | None) -> str:
    return fmt.percent(value)


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def debrief_renderable(report: GroupDebrief) -> Group:
    score = report.score
    head = Text()
    head.append(report.title + "\n", "bold")
    if report.ending:
        head.append(_("Einde: {label} ({kind})").format(label=report.ending,
                                                        kind=fmt.ending_kind(report.ending_kind)) + "\n")  # fmt: skip
    else:
        head.append(_("De groep heeft de casus niet afgemaakt.") + "\n")
    total = score.get("total")
    verdict = score.get("verdict")
    head.append(
        _("Score: {total} · balans {balance} ({verdict}) · hulp {help}, sanctie {sanction}").format(
            total=fmt.number(total) if isinstance(total, (int, float)) else "–",
            balance=_share(score.get("balance")),  # type: ignore[arg-type]
            verdict=fmt.verdict_name(verdict if isinstance(verdict, str) else None),
            help=score.get("help"),
            sanction=score.get("sanction"),
        )
    )
    decisions = Table(title=_("Beslissingen"), expand=True, show_lines=True)
    for column in (_("nr"), _("scène"), _("de groep koos"), _("stemmen"), _("beste vervolg")):
        decisions.add_column(column)
    for d in report.decisions:

        def words(counts: dict[str, int], texts: dict[str, str] = d.option_texts) -> str:
            return "\n".join(
                f"{n} × {_short(texts.get(c, c))}"
                for c, n in sorted(counts.items(), key=lambda x: -x[1])
            )

        votes = words(d.votes)
        if d.advice:
            votes += "\n" + _("advies") + ":\n" + words(d.advice)
        if d.split:
            votes += "\n" + _("⚡ de groep was verdeeld")
        best = "–" if d.best_text is None else d.best_text
        if d.best is not None and d.best == d.choice:
            best = "✔ " + _("dezelfde keuze")
        elif d.cost:
            best += "\n" + _("kostte {n} punten").format(n=fmt.number(d.cost))
        chose = f"{d.choice_text}\n({how_text(d.how)})"
        if d.feedback:
            chose += f"\n{d.feedback}"
        decisions.add_row(str(d.number), d.scene_title, chose, votes or "–", best)
    roles = Table(title=_("Balans per rol"), expand=True)
    for column in (
        _("rol"),
        _("besloten: hulp / sanctie"),
        _("balans"),
        _("gestemd: hulp / sanctie"),
    ):
        roles.add_column(column)
    for r in report.roles:
        roles.add_row(r.title, f"{r.help} / {r.sanction}", _share(r.balance),
                      f"{r.voted_help} / {r.voted_sanction}")  # fmt: skip
    people = Table(title=_("Stemmen tegen het beste vervolg"), expand=True)
    people.add_column(_("deelnemer"))
    people.add_column(_("rol"))
    for d in report.decisions:
        people.add_column(str(d.number), justify="center")
    people.add_column(_("gelijk aan beste"))
    for p in report.participants:
        marks = ["·" if v.vote is None else ("✔" if v.same else "✗") for v in p.votes]
        people.add_row(p.name, p.role_title or "–", *marks, f"{p.matched}/{p.voted}")
    return Group(head, Text(""), decisions, roles, people)


class GroupDebriefScreen(LeaderScreen):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", _("Terug"))]

    class Ready(Message):
        def __init__(self, report: GroupDebrief) -> None:
            super().__init__()
            self.report = report

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code

    def section(self) -> str:
        return _("Groepsdebrief {code}").format(code=self.code)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="report-body"):
            yield Static(_("Groepsdebrief berekenen…"), id="report-text")
        yield Footer()

    def loaded(self) -> None:
        self.build()

    @work(thread=True, exclusive=True, group="group-debrief")
    def build(self) -> None:
        from frontlijn_game.service.session_debrief import group_debrief

        try:
            assert self.session is not None
            report = group_debrief(session_store(self.app), self.code, self.session.leader.name)
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Ready(report))

    def on_group_debrief_screen_ready(self, message: Ready) -> None:
        self.query_one("#report-text", Static).update(debrief_renderable(message.report))


class ReviewScreen(LeaderScreen):
    """The nabespreking: three free texts, saved with the session."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", _("Bewaren"), priority=True),
        Binding("escape", "back", _("Terug")),
    ]
    AUTO_FOCUS = "#review-went-well"

    class Saved(Message):
        pass

    def __init__(self, code: str, review: Review | None) -> None:
        super().__init__()
        self.code = code
        self.review = review

    def section(self) -> str:
        return _("Nabespreking {code}").format(code=self.code)

    def compose(self) -> ComposeResult:
        r = self.review
        yield Header()
        with VerticalScroll(id="review-form"):
            yield Label(_("Wat ging goed?"))
            yield TextArea(r.went_well if r else "", id="review-went-well")
            yield Label(_("Waar zaten de hiaten?"))
            yield TextArea(r.gaps if r else "", id="review-gaps")
            yield Label(_("Welke afspraken maken we?"))
            yield TextArea(r.agreements if r else "", id="review-agreements")
            yield Static(_("Ctrl+S bewaart de nabespreking bij de sessie."), classes="leader-hint")
        yield Footer()

    def action_save(self) -> None:
        texts = [
            self.query_one(f"#review-{part}", TextArea).text
            for part in ("went-well", "gaps", "agreements")
        ]
        self.store_review(*texts)

    @work(thread=True, exclusive=True, group="review")
    def store_review(self, went_well: str, gaps: str, agreements: str) -> None:
        from frontlijn_game.service import sessions

        try:
            assert self.session is not None
            sessions.save_review(session_store(self.app), self.code, self.session.leader.name,
                                 went_well, gaps, agreements)  # fmt: skip
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Saved())

    def on_review_screen_saved(self, message: Saved) -> None:
        self.notify(_("Nabespreking bewaard."))
