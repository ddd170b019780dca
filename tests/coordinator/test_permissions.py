"""Who may change what (pure rules), and confidentiality below the web for every role."""
from __future__ import annotations

import json

import pytest

from coordinator import accounts, permissions, services
from coordinator.domain import (
    Capacity,
    Initiative,
    Need,
    Partnership,
    Profile,
    Provider,
    ProviderRole,
)
from coordinator.errors import PermissionDenied
from coordinator.store import load_snapshot
from coordinator.visibility import ANONYMOUS, SYSTEM, Viewer

from .sample_documents import base_document

MARKER = "CONFIDENTIAL-MARKER"
KEN_NEED = Need("need-ken-l", "KEN", "l", "Rules for CBI", confidential=True)
GHA_NEED = Need("need-gha-i", "GHA", "i", "Detection at ports")
KEN_CAPACITY = Capacity("cap-ken-c", "KEN", "c")
KEN_PROFILE = Profile("KEN")
GEF = Provider("p-gef", "Global Environment Facility", "gef")
UNEP = Provider("p-unep", "UN Environment Programme", "multilateral")
GEF_INITIATIVE = Initiative("ini-1", "Labs", providers=(ProviderRole("p-gef", "funding"),))
UNEP_INITIATIVE = Initiative("ini-2", "Other", providers=(ProviderRole("p-unep", "funding"),))
GEF_SUGGESTION = Partnership("pt-1", "need-gha-i", "suggested", provider="p-gef")
UNEP_SUGGESTION = Partnership("pt-2", "need-gha-i", "suggested", provider="p-unep")

SECRETARIAT = Viewer("secretariat", name="scbd@example.org")
FOCAL_KEN = Viewer("focal_point", country="KEN", name="fp.ken@example.org")
FOCAL_GHA = Viewer("focal_point", country="GHA", name="fp.gha@example.org")
PROVIDER_GEF = Viewer("provider", provider="p-gef", name="gef@example.org")
VIEWER = Viewer("viewer", name="reader@example.org")
RECORDS = [KEN_NEED, GHA_NEED, KEN_CAPACITY, KEN_PROFILE, GEF, UNEP, GEF_INITIATIVE,
           UNEP_INITIATIVE]


def _may(viewer, action, record):
    return permissions.allowed(viewer, action, record)


@pytest.mark.parametrize("viewer", [SECRETARIAT, SYSTEM])
def test_the_secretariat_may_do_everything(viewer):
    for action in permissions.ACTIONS:
        for record in [*RECORDS, GEF_SUGGESTION, None]:
            assert _may(viewer, action, record)


@pytest.mark.parametrize("viewer", [VIEWER, ANONYMOUS, Viewer("focal_point"), Viewer("provider")])
def test_readers_and_half_configured_accounts_may_change_nothing(viewer):
    for action in permissions.ACTIONS:
        if action == "manage_own_account":
            continue  # their own password and token: see the next tests
        for record in [*RECORDS, GEF_SUGGESTION, None]:
            assert not _may(viewer, action, record), (action, record)


def test_a_focal_point_changes_its_own_countrys_needs_capacities_and_profile_only():
    for action in permissions.RECORD_ACTIONS:
        for record in (KEN_NEED, KEN_CAPACITY, KEN_PROFILE):
            assert _may(FOCAL_KEN, action, record)
            assert not _may(FOCAL_GHA, action, record)
        assert _may(FOCAL_GHA, action, GHA_NEED)
        for record in (GEF, GEF_INITIATIVE):
            assert not _may(FOCAL_KEN, action, record)
    for action in ("accept", "decline", "view_audit", "manage_users", "backup"):
        assert not _may(FOCAL_KEN, action, GEF_SUGGESTION if action in ("accept", "decline")
                        else None)


def test_a_provider_changes_its_own_record_its_initiatives_and_answers_its_suggestions():
    assert _may(PROVIDER_GEF, "update", GEF)
    assert not _may(PROVIDER_GEF, "update", UNEP)
    assert not _may(PROVIDER_GEF, "delete", GEF)
    assert not _may(PROVIDER_GEF, "create", Provider("p-new", "New", "bilateral"))
    for action in permissions.RECORD_ACTIONS:
        assert _may(PROVIDER_GEF, action, GEF_INITIATIVE)
        assert not _may(PROVIDER_GEF, action, UNEP_INITIATIVE)
        assert not _may(PROVIDER_GEF, action, GHA_NEED)
        assert not _may(PROVIDER_GEF, action, KEN_PROFILE)
    for action in ("accept", "decline"):
        assert _may(PROVIDER_GEF, action, GEF_SUGGESTION)
        assert not _may(PROVIDER_GEF, action, UNEP_SUGGESTION)
    assert not _may(PROVIDER_GEF, "update", GEF_SUGGESTION)


def test_everyone_signed_in_manages_only_their_own_account():
    for viewer in (FOCAL_KEN, PROVIDER_GEF, VIEWER):
        assert _may(viewer, "manage_own_account", permissions.Account(viewer.name.upper()))
        assert not _may(viewer, "manage_own_account", permissions.Account("other@example.org"))
        assert not _may(viewer, "manage_users", None)
    assert not _may(ANONYMOUS, "manage_own_account", permissions.Account(""))


def test_refusals_say_who_may_not_do_what_without_naming_a_confidential_need():
    with pytest.raises(PermissionDenied, match="^a focal point of KEN may not update need "
                                               "need-gha-i$"):
        permissions.require(FOCAL_KEN, "update", GHA_NEED)
    with pytest.raises(PermissionDenied) as caught:
        permissions.require(PROVIDER_GEF, "delete", KEN_NEED)
    assert str(caught.value) == "the provider account of p-gef may not delete a confidential need"
    assert "need-ken-l" not in str(caught.value)
    with pytest.raises(PermissionDenied, match="someone who is not signed in may not view audit"):
        permissions.require(ANONYMOUS, "view_audit")
    with pytest.raises(ValueError, match="unknown action"):
        permissions.allowed(SECRETARIAT, "destroy", GEF)


# --- confidentiality below the web --------------------------------------------------------

ROLES = {
    "anonymous": (None, False),
    "viewer": ({"role": "viewer"}, False),
    "provider": ({"role": "provider", "provider": "p-gef"}, False),
    "focal_point_other_country": ({"role": "focal_point", "country": "GHA"}, False),
    "focal_point_of_the_need": ({"role": "focal_point", "country": "KEN"}, True),
    "secretariat": ({"role": "secretariat"}, True),
}


@pytest.mark.parametrize("role", list(ROLES))
def test_the_confidential_need_reaches_only_those_who_may_see_it(session, tmp_path, role,
                                                                  monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_COST", (2 ** 10, 8, 1))
    services.import_document(session, base_document(), source="test.json")
    account, may_see = ROLES[role]
    user = None
    if account is not None:
        user = accounts.create_user(session, f"{role}@example.org", "a long enough passphrase",
                                    **account)
    viewer = accounts.viewer_for(user)
    snapshot = load_snapshot(session, viewer)
    seen = json.dumps([vars(n) for n in snapshot.needs.values()], default=str)
    assert (MARKER in seen) is may_see
    assert ("need-ken-l" in seen) is may_see
    assert len(snapshot.needs) == 2  # still counted
    out = tmp_path / "export.json"
    services.export_path(session, out, "json", viewer=viewer)
    exported = out.read_text(encoding="utf-8")
    assert (MARKER in exported) is may_see
    assert ("need-ken-l" in exported) is may_see
    assert ("90000" in exported) is may_see  # the need's cost
    csv_out = tmp_path / "export.zip"
    services.export_path(session, csv_out, "csv", viewer=viewer)
    assert (MARKER.encode() in _unzipped(csv_out)) is may_see


def _unzipped(path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())
