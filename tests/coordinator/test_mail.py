"""E-mail through a real SMTP server on loopback (aiosmtpd): digests, reminders and meeting
invitations with their .ics; the outbox folder without SMTP_URL; each message sent once."""
from __future__ import annotations

import email
import socket
import threading
from datetime import timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar
from sqlalchemy import select, update

from coordinator import accounts, mail, services
from coordinator.errors import InvalidInput
from coordinator.services import alerts as alert_service
from coordinator.services import subscriptions
from coordinator.services.catalog import clear_cache
from coordinator.store import make_engine, session_scope
from coordinator.store.models import NeedRow, OutboxMessageRow, utcnow
from coordinator.visibility import SYSTEM
from tests.coordinator.sample_documents import base_document

PASSWORD = "correct horse battery staple"
LINKS = subscriptions.Links("https://coordinator.example.org", b"test key")


class Inbox:
    """An aiosmtpd handler keeping what it receives; ``answer`` may refuse messages."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.recipients: list[list[str]] = []
        self.answer = "250 Message accepted for delivery"
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if not self.answer.startswith("250"):
            return self.answer
        with self._lock:
            self.messages.append(email.message_from_bytes(envelope.content,
                                                          policy=policy.default))
            self.recipients.append(list(envelope.rcpt_tos))
        return self.answer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(monkeypatch):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("SMTP_URL", f"smtp://127.0.0.1:{port}?timeout=5")
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def quick_hashes(monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_COST", (2 ** 10, 8, 1))


@pytest.fixture
def record(db_url, quick_hashes):
    """The sample record, a donor, a focal point of Ghana and a secretariat officer."""
    engine = make_engine(db_url)
    clear_cache()
    document = base_document()
    document["providers"][0]["contact"] = "Programme Office <programme@gef.example>"
    with session_scope(engine) as session:
        services.import_document(session, document, source="sample.json")
        accounts.create_user(session, "donor@gef.example", PASSWORD, role="provider",
                             provider="p-gef", name="Donor")
        accounts.create_user(session, "fp@gha.example", PASSWORD, role="focal_point",
                             country="GHA", name="Ghana focal point")
        accounts.create_user(session, "officer@cbd.example", PASSWORD, role="secretariat",
                             name="Officer")
    yield engine
    engine.dispose()
    clear_cache()


def add_need(engine, need_id: str, country: str = "GHA", component: str = "i") -> None:
    document = base_document()
    need = dict(document["needs"][0], id=need_id, country=country, component=component,
                title=f"Rapid LMO test kits for {country} customs")
    with session_scope(engine) as session:
        services.import_document(session, {"format": document["format"], "needs": [need]},
                                 source="new.json")


def messages_by_kind(engine) -> dict[str, list[OutboxMessageRow]]:
    with session_scope(engine) as session:
        found: dict[str, list[OutboxMessageRow]] = {}
        for row in session.scalars(select(OutboxMessageRow).order_by(OutboxMessageRow.id)):
            found.setdefault(row.kind, []).append(row)
        return found


def test_a_digest_reaches_the_subscriber_by_smtp_with_its_unsubscribe_link(record, smtp_server):
    with session_scope(record) as session:
        subscriptions.subscribe(session, "donor@gef.example", filters={"country": "GHA"},
                                frequency="immediately", name="Ghana")
    add_need(record, "need-gha-kits")
    with session_scope(record) as session:
        queued, _ = alert_service.run_digests(session, LINKS)
    assert len(queued) == 1
    report = mail.deliver(record)
    assert report.sent == queued and report.failed == [] and report.retry == []
    [message] = smtp_server.messages
    assert smtp_server.recipients == [["donor@gef.example"]]
    assert message["Subject"] == "1 new or changed need: Ghana"
    assert message["List-Unsubscribe"].startswith(
        "<https://coordinator.example.org/alerts/unsubscribe/")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "[new] Rapid LMO test kits for GHA customs" in text and "- in Ghana (GHA)" in text
    assert "https://coordinator.example.org/needs/need-gha-kits" in text
    assert 'href="https://coordinator.example.org/needs/need-gha-kits"' in html
    assert "Stop receiving these messages: https://coordinator.example.org/alerts/unsubscribe/" \
        in text


def test_a_message_is_sent_once_even_if_delivery_runs_twice(record, smtp_server):
    with session_scope(record) as session:
        subscriptions.subscribe(session, "donor@gef.example", filters={},
                                frequency="immediately")
    add_need(record, "need-gha-kits")
    with session_scope(record) as session:
        first, _ = alert_service.run_digests(session, LINKS)
    with session_scope(record) as session:  # nothing changed since: nothing new to queue
        again, _ = alert_service.run_digests(session, LINKS)
    assert len(first) == 1 and again == []
    assert mail.deliver(record).sent == first
    assert mail.deliver(record).sent == []
    assert len(smtp_server.messages) == 1
    [row] = messages_by_kind(record)["digest"]
    assert row.status == "sent" and row.attempts == 1 and row.sent_at is not None


def test_the_same_message_is_never_queued_twice(record):
    with session_scope(record) as session:
        first = mail.queue_message(session, dedupe_key="k1", kind="digest",
                                   to_address="a@example.org", subject="s", text="t")
        second = mail.queue_message(session, dedupe_key="k1", kind="digest",
                                    to_address="a@example.org", subject="s", text="t")
    assert first is not None and second is None


def test_a_focal_point_is_reminded_of_records_not_updated_for_a_year(record, smtp_server):
    with session_scope(record) as session:
        session.execute(update(NeedRow).where(NeedRow.id == "need-gha-i")
                        .values(updated_at=utcnow() - timedelta(days=400)))
    clear_cache()
    add_need(record, "need-gha-fresh")  # changed now: not stale
    with session_scope(record) as session:
        queued = alert_service.run_reminders(session, LINKS)
    with session_scope(record) as session:  # at most one reminder a month
        assert alert_service.run_reminders(session, LINKS) == []
    assert len(queued) == 1
    mail.deliver(record)
    [message] = smtp_server.messages
    assert smtp_server.recipients == [["fp@gha.example"]]
    assert message["Subject"].startswith("Ghana: 2 records not updated for 12 months")
    text = message.get_body(("plain",)).get_content()
    assert "need need-gha-i: Detection of LMOs at ports of entry" in text
    assert "https://coordinator.example.org/edit/needs/need-gha-i" in text
    assert "profile GHA" in text and "need-gha-fresh" not in text


def test_invitees_receive_the_meeting_invitation_with_its_ics(record, smtp_server):
    with session_scope(record) as session:
        sent = alert_service.send_invitations(session, SYSTEM, "m-wa-2025", LINKS,
                                              organizer=("Planner", "planner@example.org"))
    assert {entry["to"] for entry in sent} == {"programme@gef.example", "fp@gha.example",
                                                "donor@gef.example"}
    report = mail.deliver(record)
    assert len(report.sent) == 3 and len(smtp_server.messages) == 3
    by_recipient = {r[0]: m for r, m in zip(smtp_server.recipients, smtp_server.messages,
                                             strict=True)}
    message = by_recipient["fp@gha.example"]
    assert message["Subject"] == ("Invitation: West Africa subregional coordination meeting "
                                  "(2025-03-10 to 2025-03-12)")
    body = message.get_body(("plain",)).get_content()
    assert "Dear Ghana focal point," in body
    assert "https://coordinator.example.org/meetings/recorded/m-wa-2025" in body
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "m-wa-2025.ics"
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "REQUEST"
    event = Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    assert str(event["UID"]) == "m-wa-2025@capacity-coordinator"
    assert event.decoded("DTSTART").isoformat() == "2025-03-10"
    with session_scope(record) as session:  # unchanged meeting: nothing new to send
        again = alert_service.send_invitations(session, SYSTEM, "m-wa-2025", LINKS)
    assert all(entry["message"] is None for entry in again)


def test_only_who_may_change_a_meeting_sends_its_invitations(record):
    from coordinator.errors import PermissionDenied
    from coordinator.visibility import Viewer

    with session_scope(record) as session, pytest.raises(PermissionDenied):
        alert_service.send_invitations(session, Viewer("provider", provider="p-gef"),
                                       "m-wa-2025", LINKS)


def test_the_weekly_summary_goes_to_the_secretariat_once_a_week(record, smtp_server):
    with session_scope(record) as session:
        queued = alert_service.run_weekly_summary(session, LINKS)
    with session_scope(record) as session:
        assert alert_service.run_weekly_summary(session, LINKS) == []
    mail.deliver(record)
    [message] = smtp_server.messages
    assert smtp_server.recipients == [["officer@cbd.example"]] and len(queued) == 1
    text = message.get_body(("plain",)).get_content()
    assert message["Subject"].startswith("Weekly summary since")
    assert "New gaps (2):" in text and "need need-gha-i in Ghana" in text


def test_without_smtp_url_messages_are_written_to_the_outbox_folder(record, monkeypatch,
                                                                    tmp_path):
    monkeypatch.delenv("SMTP_URL", raising=False)
    monkeypatch.setenv("OUTBOX_DIR", str(tmp_path / "outbox"))
    with session_scope(record) as session:
        alert_service.send_invitations(session, SYSTEM, "m-wa-2025", LINKS)
    report = mail.deliver(record)
    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == len(report.sent) == 3
    message = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert message["Subject"].startswith("Invitation: West Africa")
    assert [a.get_filename() for a in message.iter_attachments()] == ["m-wa-2025.ics"]
    assert not list((tmp_path / "outbox").glob("*.part"))


def test_a_temporary_refusal_is_tried_again_later_and_a_permanent_one_fails(record,
                                                                            smtp_server):
    with session_scope(record) as session:
        first = mail.queue_message(session, dedupe_key="a", kind="digest",
                                   to_address="a@example.org", subject="A", text="a")
        second = mail.queue_message(session, dedupe_key="b", kind="digest",
                                    to_address="b@example.org", subject="B", text="b")
    smtp_server.answer = "451 Greylisted, try again later"
    report = mail.deliver(record)
    assert report.retry == [first, second] and report.sent == []
    with session_scope(record) as session:
        row = session.get(OutboxMessageRow, first)
        assert row.status == "queued" and row.attempts == 1 and "451" in row.last_error
        assert row.next_attempt_at > utcnow() + timedelta(seconds=50)
    assert mail.deliver(record).sent == []  # not due yet
    smtp_server.answer = "550 No such mailbox"
    report = mail.deliver(record, now=utcnow() + timedelta(minutes=2))
    assert report.failed == [first, second]
    with session_scope(record) as session:
        assert mail.retry_failed(session, [first]) == 1
    smtp_server.answer = "250 OK"
    assert mail.deliver(record).sent == [first]
    assert [m["Subject"] for m in smtp_server.messages] == ["A"]


def test_an_unreachable_server_keeps_the_message_queued(record, monkeypatch):
    monkeypatch.setenv("SMTP_URL", f"smtp://127.0.0.1:{free_port()}?timeout=2")
    with session_scope(record) as session:
        message_id = mail.queue_message(session, dedupe_key="x", kind="digest",
                                         to_address="x@example.org", subject="X", text="x")
    report = mail.deliver(record)
    assert report.retry == [message_id]
    with session_scope(record) as session:
        assert "ConnectionRefusedError" in session.get(OutboxMessageRow, message_id).last_error


def test_smtp_urls_are_read_with_credentials_and_starttls():
    settings = mail.parse_smtp_url("smtp://me%40example.org:p%40ss@mail.example.org:587"
                                   "?starttls=1&timeout=7")
    assert (settings.host, settings.port, settings.username, settings.password) == (
        "mail.example.org", 587, "me@example.org", "p@ss")
    assert settings.starttls and not settings.ssl and settings.timeout == 7
    secure = mail.parse_smtp_url("smtps://relay.example.org")
    assert secure.ssl and secure.port == 465 and secure.username is None
    assert "p@ss" not in repr(settings)
    for wrong in ("http://mail.example.org", "smtp://", "smtp://host:port"):
        with pytest.raises(InvalidInput) as refused:
            mail.parse_smtp_url(wrong)
        assert refused.value.problems[0].field == "SMTP_URL"


def test_backoff_grows_and_is_bounded():
    waits = [mail.backoff(n) for n in range(1, 8)]
    assert waits[:4] == [timedelta(minutes=m) for m in (1, 4, 16, 64)]
    assert waits[-1] == timedelta(hours=6) and waits == sorted(waits)
