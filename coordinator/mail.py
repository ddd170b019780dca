"""E-mail: the outbox table, and delivering it by SMTP or into a folder, each message once.

Messages are first queued in the ``outbox_message`` table under a *dedupe key* naming what
they are about, so the same message is never queued twice. Delivery claims a message (status
``sending``, committed) before handing it to the transport and marks it ``sent`` right after,
so two deliveries running at once, or one run twice, never send it twice. A temporary failure
(connection refused, a 4xx answer) is tried again later with exponential backoff; a permanent
one (a 5xx answer) or too many attempts leaves it ``failed`` with the error.

Where messages go: ``SMTP_URL``, e.g. ``smtp://user:pass@host:587?starttls=1`` or
``smtps://user:pass@host:465`` (``?timeout=SECONDS``; the sender from ``MAIL_FROM``). Without
it, each message is written as an ``.eml`` file into the outbox folder (``OUTBOX_DIR``, default
``instance/outbox/``) so nothing is lost; any mail program opens them.
"""
from __future__ import annotations

import base64
import hashlib
import os
import smtplib
import ssl
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, formatdate, parseaddr
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .errors import InvalidInput, Problem
from .store.db import session_scope
from .store.models import OutboxMessageRow, utcnow

__all__ = [
    "Attachment",
    "SmtpSettings",
    "DeliveryReport",
    "Transport",
    "SmtpTransport",
    "FolderTransport",
    "DEFAULT_SENDER",
    "MAX_ATTEMPTS",
    "parse_smtp_url",
    "transport_from_env",
    "sender_from_env",
    "queue_message",
    "email_message",
    "backoff",
    "deliver",
    "retry_failed",
]

DEFAULT_SENDER = "Capacity Coordinator <coordinator@localhost>"
DEFAULT_OUTBOX = Path("instance") / "outbox"
MAX_ATTEMPTS = 6
#: A message claimed for sending longer ago than this (its sender died) is queued again.
SENDING_TIMEOUT = timedelta(minutes=15)


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message (``content_type`` like ``text/calendar; method=REQUEST``)."""

    filename: str
    content_type: str
    data: bytes

    def as_dict(self) -> dict[str, str]:
        """How the outbox table keeps it (the data in base64)."""
        return {"filename": self.filename, "content_type": self.content_type,
                "data": base64.b64encode(self.data).decode("ascii")}


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to reach the SMTP server."""

    host: str
    port: int
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    ssl: bool = False
    starttls: bool = False
    timeout: float = 30.0


@dataclass
class DeliveryReport:
    """What one delivery run did: ids sent, tried again later, and failed for good."""

    sent: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[int]]:
        """JSON-ready form."""
        return {"sent": self.sent, "retry": self.retry, "failed": self.failed}


def _truthy(values: dict[str, list[str]], name: str) -> bool:
    return (values.get(name) or ["0"])[-1].lower() in ("1", "true", "yes", "on")


def parse_smtp_url(url: str) -> SmtpSettings:
    """Settings from ``smtp://[user:pass@]host[:port][?starttls=1&timeout=S]`` or ``smtps://``."""
    parts = urlsplit(url.strip())
    problem = None
    if parts.scheme not in ("smtp", "smtps"):
        problem = "must start with smtp:// or smtps://"
    elif not parts.hostname:
        problem = "names no host"
    if problem:
        raise InvalidInput(Problem("SMTP_URL", "", "SMTP_URL", problem))
    query = parse_qs(parts.query)
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
        timeout = float((query.get("timeout") or ["30"])[-1])
    except ValueError:
        raise InvalidInput(Problem("SMTP_URL", "", "SMTP_URL",
                                   "the port and timeout must be numbers")) from None
    return SmtpSettings(
        host=parts.hostname or "", port=port,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        ssl=parts.scheme == "smtps", starttls=_truthy(query, "starttls"), timeout=timeout)


class Transport(Protocol):
    """Something that delivers a message, raising on failure."""

    def send(self, message: EmailMessage, message_id: int) -> None:
        """Deliver ``message`` (the outbox row ``message_id``)."""

    def close(self) -> None:
        """Release any connection."""


class SmtpTransport:
    """Delivery through an SMTP server; one connection for a whole run."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self._connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        connection: smtplib.SMTP
        if s.ssl:
            connection = smtplib.SMTP_SSL(
                s.host, s.port, timeout=s.timeout, context=ssl.create_default_context())
        else:
            connection = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            if s.starttls:
                connection.starttls(context=ssl.create_default_context())
        if s.username:
            connection.login(s.username, s.password or "")
        return connection

    def send(self, message: EmailMessage, message_id: int) -> None:
        """Send over the run's connection (opened on first use)."""
        if self._connection is None:
            self._connection = self._connect()
        try:
            self._connection.send_message(message)
        except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused):
            raise  # the server answered: the connection is still good for the next message
        except (smtplib.SMTPException, OSError):
            self.close()
            raise

    def close(self) -> None:
        """Say QUIT and close."""
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.quit()
            except (smtplib.SMTPException, OSError):
                connection.close()


class FolderTransport:
    """Delivery into a folder: one ``.eml`` file per message, written atomically."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def send(self, message: EmailMessage, message_id: int) -> None:
        """Write ``NNNNNN-<to>.eml`` (the outbox id first, so files sort by age)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        address = parseaddr(str(message["To"]))[1]
        safe = "".join(ch if ch.isalnum() or ch in "@.-_" else "_" for ch in address)[:80]
        path = self.folder / f"{message_id:06d}-{safe}.eml"
        temporary = path.with_suffix(".eml.part")
        temporary.write_bytes(message.as_bytes())
        os.replace(temporary, path)

    def close(self) -> None:
        """Nothing to release."""


def sender_from_env() -> str:
    """The From address: ``MAIL_FROM``, else :data:`DEFAULT_SENDER`."""
    return os.environ.get("MAIL_FROM") or DEFAULT_SENDER


def transport_from_env() -> SmtpTransport | FolderTransport:
    """SMTP when ``SMTP_URL`` is set, else the outbox folder (``OUTBOX_DIR``)."""
    url = os.environ.get("SMTP_URL", "").strip()
    if url:
        return SmtpTransport(parse_smtp_url(url))
    return FolderTransport(Path(os.environ.get("OUTBOX_DIR") or DEFAULT_OUTBOX))


def queue_message(session: Session, *, dedupe_key: str, kind: str, to_address: str,
                  subject: str, text: str, html: str | None = None, to_name: str = "",
                  attachments: Iterable[Attachment] = (),
                  headers: dict[str, str] | None = None) -> int | None:
    """Queue a message unless one with ``dedupe_key`` exists; its id, or None if it did."""
    if session.scalar(select(OutboxMessageRow.id).where(
            OutboxMessageRow.dedupe_key == dedupe_key)) is not None:
        return None
    row = OutboxMessageRow(
        dedupe_key=dedupe_key[:300], kind=kind, to_address=to_address, to_name=to_name[:200],
        subject=subject[:300], body_text=text, body_html=html,
        attachments=[a.as_dict() for a in attachments], headers=dict(headers or {}),
        status="queued", attempts=0, created_at=utcnow(), next_attempt_at=utcnow())
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # queued at the same moment by someone else
        return None
    return row.id


def email_message(row: OutboxMessageRow, sender: str) -> EmailMessage:
    """The outbox row as a MIME message: text and HTML alternatives, then the attachments."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = formataddr((row.to_name, row.to_address)) if row.to_name else row.to_address
    message["Subject"] = row.subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    digest = hashlib.sha256(row.dedupe_key.encode()).hexdigest()[:32]
    domain = parseaddr(sender)[1].partition("@")[2] or "localhost"
    message["Message-ID"] = f"<{digest}@{domain}>"
    for name, value in (row.headers or {}).items():
        message[name] = value
    message.set_content(row.body_text)
    if row.body_html:
        message.add_alternative(row.body_html, subtype="html")
    for item in row.attachments or []:
        maintype, _, rest = item["content_type"].partition("/")
        subtype, *params = [p.strip() for p in rest.split(";")]
        extra = dict(p.split("=", 1) for p in params if "=" in p)
        message.add_attachment(base64.b64decode(item["data"]), maintype=maintype,
                               subtype=subtype, filename=item["filename"], params=extra)
    return message


def backoff(attempts: int) -> timedelta:
    """How long to wait before attempt ``attempts + 1``: 1, 4, 16, 64 minutes…, at most 6 h."""
    return min(timedelta(minutes=4 ** max(attempts - 1, 0)), timedelta(hours=6))


def _permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and code >= 500


def _claim(engine: Engine, message_id: int, now: datetime) -> OutboxMessageRow | None:
    with session_scope(engine) as session:
        claimed = session.execute(
            update(OutboxMessageRow)
            .where(OutboxMessageRow.id == message_id, OutboxMessageRow.status == "queued")
            .values(status="sending", attempts=OutboxMessageRow.attempts + 1,
                    next_attempt_at=now + SENDING_TIMEOUT)
            .execution_options(synchronize_session=False)).rowcount
        return session.get(OutboxMessageRow, message_id) if claimed == 1 else None


def _record(engine: Engine, message_id: int, **values: Any) -> None:
    with session_scope(engine) as session:
        session.execute(update(OutboxMessageRow).where(OutboxMessageRow.id == message_id)
                        .values(**values).execution_options(synchronize_session=False))


def _requeue_abandoned(engine: Engine, now: datetime) -> None:
    with session_scope(engine) as session:
        session.execute(
            update(OutboxMessageRow)
            .where(OutboxMessageRow.status == "sending", OutboxMessageRow.next_attempt_at < now)
            .values(status="queued", last_error="the delivery that claimed it did not finish")
            .execution_options(synchronize_session=False))


def deliver(engine: Engine, transport: Transport | None = None, *, sender: str | None = None,
            now: datetime | None = None, limit: int = 500,
            max_attempts: int = MAX_ATTEMPTS) -> DeliveryReport:
    """Send the queued messages that are due, each in its own transactions; a report."""
    transport = transport or transport_from_env()
    sender = sender or sender_from_env()
    now = now or utcnow()
    _requeue_abandoned(engine, now)
    with session_scope(engine) as session:
        due = list(session.scalars(
            select(OutboxMessageRow.id)
            .where(OutboxMessageRow.status == "queued", OutboxMessageRow.next_attempt_at <= now)
            .order_by(OutboxMessageRow.id).limit(limit)))
    report = DeliveryReport()
    try:
        for message_id in due:
            row = _claim(engine, message_id, now)
            if row is None:
                continue
            try:
                transport.send(email_message(row, sender), message_id)
            except (smtplib.SMTPException, OSError) as error:
                text = f"{type(error).__name__}: {error}"[:2000]
                if _permanent(error) or row.attempts >= max_attempts:
                    _record(engine, message_id, status="failed", last_error=text)
                    report.failed.append(message_id)
                else:
                    _record(engine, message_id, status="queued", last_error=text,
                            next_attempt_at=utcnow() + backoff(row.attempts))
                    report.retry.append(message_id)
                continue
            _record(engine, message_id, status="sent", sent_at=utcnow(), last_error=None)
            report.sent.append(message_id)
    finally:
        transport.close()
    return report


def retry_failed(session: Session, ids: Iterable[int] | None = None) -> int:
    """Queue failed messages again (all, or those of ``ids``) with fresh attempts; how many."""
    statement = update(OutboxMessageRow).where(OutboxMessageRow.status == "failed")
    if ids is not None:
        statement = statement.where(OutboxMessageRow.id.in_(list(ids)))
    result = session.execute(statement.values(status="queued", attempts=0,
                                              next_attempt_at=utcnow())
                             .execution_options(synchronize_session=False))
    return result.rowcount or 0
