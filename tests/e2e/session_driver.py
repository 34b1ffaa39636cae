"""A facilitator or a participant of a live session as a process of its own (the e2e test).

    python session_driver.py facilitator DB_URL CODE N      # lead until the group debrief
    python session_driver.py participant DB_URL CODE TRAINEE [--revote]

Both talk to the database only through ``service.sessions``, as the terminal and web doors
do, and print one line per thing done (``JOINED``, ``VOTED n choice``, ``ADVANCED n``,
``DEBRIEF {json}``) so the test can kill them at a chosen moment. The facilitator reads
everything it needs from the database, so a restarted one carries on where the killed
one was.
"""

from __future__ import annotations

import json
import sys
import time

from frontlijn_game.service import sessions as live
from frontlijn_game.service.session_debrief import group_debrief
from frontlijn_game.service.session_views import NeedsPick, StaleDecision
from frontlijn_game.store.service import Store

LEADER = "anna"
ROLES = {"P1": "wijkagent", "P2": "leerplicht", "P3": "reclassering"}
CHOICES = {
    "overleg": ["deel_verzuim", "zwijg", "deel_alles"],
    "besluit": ["gesprek", "proces_verbaal", "afwachten"],
}
"""Per scene, what participant i (by trainee number) votes: rotates through the list."""


def say(*parts: object) -> None:
    print(*parts, flush=True)


def facilitator(url: str, code: str, expected: int) -> None:
    store = Store.open(url)
    while True:
        view = live.console(store, code, LEADER)
        head = view.header
        if head.status == "lobby":
            if len(view.seats) < expected:
                time.sleep(0.2)
                continue
            for seat in view.seats:
                trainee = next((c for c, r in ROLES.items() if seat.name == f"Naam{c}"), None)
                if trainee is not None and seat.role is None:
                    live.assign_role(store, code, LEADER, seat.seat_id, ROLES[trainee])
            live.start(store, code, LEADER)
            say("STARTED")
            continue
        if head.status == "ended":
            report = group_debrief(store, code, LEADER)
            say("DEBRIEF", json.dumps({"total": report.score["total"], "ending": report.ending,
                                       "decisions": [d.votes for d in report.decisions]}))  # fmt: skip
            return
        if head.finished:
            live.end(store, code, LEADER)
            continue
        deadline = time.monotonic() + 60
        while not all(s.voted for s in view.seats) and time.monotonic() < deadline:
            time.sleep(0.2)
            view = live.console(store, code, LEADER)
        if view.header.decision_no != head.decision_no:
            continue
        try:
            live.reveal(store, code, LEADER)
            time.sleep(0.5)  # the class looks at the distribution
            done = live.advance(store, code, LEADER, head.decision_no)
        except NeedsPick as exc:
            done = live.advance(store, code, LEADER, head.decision_no,
                                (exc.tied or tuple(o.id for o in view.options))[0])  # fmt: skip
        except StaleDecision:
            continue
        say("ADVANCED", head.decision_no, done.choice, done.how)


def participant(url: str, code: str, trainee: str, revote: bool) -> None:
    store = Store.open(url)
    ticket = live.join(store, code, trainee)
    say("JOINED", ticket.seat_id)
    number = int(trainee[1:])
    since = 0
    while True:
        polled = live.poll(store, ticket, since)
        view = polled.view
        if view is None:
            time.sleep(0.2)
            continue
        since = polled.version
        if view.header.status == "ended":
            say("ENDED")
            return
        if view.may_vote and view.scene is not None and (view.my_vote is None or revote):
            options = CHOICES[view.scene.id]
            choice = options[(number + (1 if revote else 0)) % len(options)]
            if choice != view.my_vote:
                try:
                    live.vote(store, ticket, view.header.decision_no, choice)
                    say("VOTED", view.header.decision_no, choice)
                except StaleDecision:
                    say("REFUSED", view.header.decision_no)
            revote = False
        time.sleep(0.2)


if __name__ == "__main__":
    role, url, code, who = sys.argv[1:5]
    if role == "facilitator":
        facilitator(url, code, int(who))
    else:
        participant(url, code, who, "--revote" in sys.argv)
