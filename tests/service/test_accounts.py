"""Leader accounts through the service layer: roles, cohorts, and who may change them."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontlijn_game.service import accounts
from frontlijn_game.service.scope import LeaderScope, NotAllowed, scope_of
from frontlijn_game.store.errors import AlreadyExists, StoreError, UnknownCohort
from frontlijn_game.store.leaders import UnknownLeader
from frontlijn_game.store.service import Store

PASSWORD = "lange-zin-met-paarden"
OWNER = LeaderScope.owner()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(f"sqlite:///{tmp_path / 'accounts.sqlite3'}")
    opened.create_cohort("noord")
    opened.create_cohort("zuid")
    return opened


def test_roles_and_cohorts(store: Store) -> None:
    first = accounts.add(store, OWNER, "eerste", PASSWORD, role="cursusleider")
    assert first.role == "beheerder"  # the first account always keeps the accounts
    second = accounts.add(store, OWNER, "tweede", PASSWORD, cohorts=("noord", "zuid"))
    assert (second.role, second.cohorts) == ("cursusleider", ("noord", "zuid"))
    third = accounts.add(store, OWNER, "derde", PASSWORD, role="beheerder")
    assert third.role == "beheerder"
    with pytest.raises(UnknownCohort):  # nothing half made
        accounts.add(store, OWNER, "vierde", PASSWORD, cohorts=("noord", "west"))
    with pytest.raises(AlreadyExists):
        accounts.add(store, OWNER, "tweede", PASSWORD)
    with pytest.raises(StoreError, match="unknown leader role"):
        accounts.add(store, OWNER, "vijfde", PASSWORD, role="koning")
    listed = {a.name: (a.role, a.cohorts) for a in accounts.list_accounts(store, OWNER)}
    assert listed == {
        "derde": ("beheerder", ()),
        "eerste": ("beheerder", ()),
        "tweede": ("cursusleider", ("noord", "zuid")),
    }
    assert accounts.list_accounts(store, OWNER)[2].to_json()["cohorts"] == ["noord", "zuid"]

    account, gone = accounts.unassign(store, OWNER, "tweede", "noord")
    assert gone and account.cohorts == ("zuid",)
    assert accounts.unassign(store, OWNER, "tweede", "noord")[1] is False
    assert accounts.assign(store, OWNER, "tweede", "zuid")[1] is False
    assert scope_of(store, "tweede").cohorts == ("zuid",)
    with pytest.raises(UnknownLeader):
        accounts.assign(store, OWNER, "niemand", "zuid")
    with pytest.raises(UnknownCohort):
        accounts.assign(store, OWNER, "tweede", "west")
    assert accounts.set_role(store, OWNER, "tweede", "beheerder").role == "beheerder"
    assert scope_of(store, "tweede").sees_all


def test_only_a_beheerder_keeps_accounts(store: Store) -> None:
    accounts.add(store, OWNER, "baas", PASSWORD)
    accounts.add(store, OWNER, "leider", PASSWORD, cohorts=("noord",))
    boss, leader = scope_of(store, "baas"), scope_of(store, "leider")
    for attempt in (
        lambda: accounts.add(store, leader, "nog-een", PASSWORD),
        lambda: accounts.list_accounts(store, leader),
        lambda: accounts.assign(store, leader, "leider", "zuid"),
        lambda: accounts.unassign(store, leader, "leider", "noord"),
        lambda: accounts.set_role(store, leader, "leider", "beheerder"),
        lambda: accounts.remove(store, leader, "baas"),
        lambda: accounts.set_password(store, leader, "baas", "een-ander-lang-wachtwoord"),
    ):
        with pytest.raises(NotAllowed, match="beheerder"):
            attempt()
    assert scope_of(store, "leider").cohorts == ("noord",)  # nothing changed
    accounts.set_password(store, leader, "leider", "mijn-eigen-nieuwe-zin")  # their own: yes
    # A signed-in beheerder cannot remove or demote the last beheerder; the owner can.
    with pytest.raises(NotAllowed, match="laatste beheerder"):
        accounts.remove(store, boss, "baas")
    with pytest.raises(NotAllowed, match="laatste beheerder"):
        accounts.set_role(store, boss, "baas", "cursusleider")
    accounts.add(store, boss, "tweede-baas", PASSWORD, role="beheerder")
    accounts.set_role(store, boss, "baas", "cursusleider")
    assert not scope_of(store, "baas").sees_all
    accounts.remove(store, OWNER, "tweede-baas")
    assert [a.name for a in accounts.list_accounts(store, OWNER)] == ["baas", "leider"]
