"""Send letters by email over SMTP (plain, STARTTLS or SSL), one connection per delivery run.

The password comes from the settings (an environment variable or a 0600 file) and goes
only to `SMTP.login`: it is never logged, stored or put into a message.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from segtui.config import SmtpSettings
from segtui.domain.delivery import DeliveryFailed, one_line

DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
PDF_TYPE = ("application", "pdf")
TIMEOUT = 30.0


def build_message(
    *,
    sender: str,
    recipient: str,
    subject: str,
    body: str,
    attachment: bytes | None,
    filename: str,
    reply_to: str = "",
    html: str | None = None,
) -> EmailMessage:
    """An email with a plain-text body and the letter attached (.docx or .pdf by name), or
    with `html` (and no attachment): the letter as the HTML body, `body` its text part."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    if reply_to and reply_to != sender:
        message["Reply-To"] = reply_to
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    if attachment is not None:
        maintype, subtype = PDF_TYPE if filename.endswith(".pdf") else DOCX_TYPE
        message.add_attachment(attachment, maintype=maintype, subtype=subtype, filename=filename)
    return message


class Mailer:
    """An SMTP session opened on the first message and reused for the following ones.

    When the server cannot be reached, every later message of the run fails at once with
    the same reason instead of waiting for the network again.
    """

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None
        self._broken: str | None = None

    @property
    def where(self) -> str:
        """host:port, for messages."""
        return f"{self.settings.host}:{self.settings.effective_port}"

    def _connect(self) -> smtplib.SMTP:
        """Open, secure and log in to the SMTP server; DeliveryFailed with the reason."""
        s = self.settings
        if not s.host:
            raise DeliveryFailed("no SMTP server set: add [smtp] host to the settings file")
        password = s.resolve_password()
        if s.user and not password:
            source = f"environment variable {s.password_env}" if s.password_env else "settings"
            raise DeliveryFailed(f"no SMTP password for user {s.user} (set it in the {source})")
        context = ssl.create_default_context()
        try:
            smtp: smtplib.SMTP
            if s.security == "ssl":
                smtp = smtplib.SMTP_SSL(s.host, s.effective_port, timeout=TIMEOUT, context=context)
            else:
                smtp = smtplib.SMTP(s.host, s.effective_port, timeout=TIMEOUT)
        except Exception as exc:
            raise DeliveryFailed(self._reason(exc)) from None
        try:
            self._secure_and_login(smtp, context, password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _secure_and_login(self, smtp: smtplib.SMTP, context: ssl.SSLContext, password: str) -> None:
        """STARTTLS when asked, then log in when a user is set; DeliveryFailed with why not."""
        s = self.settings
        try:
            if s.security == "starttls":
                try:
                    smtp.starttls(context=context)
                except smtplib.SMTPNotSupportedError:
                    raise DeliveryFailed(
                        f"SMTP server {self.where} does not offer STARTTLS"
                    ) from None
            if s.user:
                try:
                    smtp.login(s.user, password)
                except smtplib.SMTPNotSupportedError:
                    raise DeliveryFailed(
                        f"SMTP server {self.where} does not offer login (AUTH) for user {s.user}"
                    ) from None
                except smtplib.SMTPAuthenticationError:
                    raise DeliveryFailed(
                        f"SMTP login refused for user {s.user} ({self.where})"
                    ) from None
        except DeliveryFailed:
            raise
        except Exception as exc:
            raise DeliveryFailed(self._reason(exc)) from None

    def _reason(self, exc: BaseException) -> str:
        """One short line for a connection or protocol failure (never the password)."""
        if isinstance(exc, ConnectionRefusedError):
            return f"SMTP connection refused ({self.where})"
        if isinstance(exc, socket.gaierror):
            return f"SMTP server {self.settings.host} not found"
        if isinstance(exc, TimeoutError | socket.timeout):
            return f"SMTP server {self.where} did not answer"
        if isinstance(exc, ssl.SSLError):
            return f"SMTP TLS failed with {self.where}: {exc.reason or exc}"
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            return f"SMTP server {self.where} closed the connection"
        if isinstance(exc, smtplib.SMTPResponseException):
            text = (
                exc.smtp_error.decode("utf-8", "replace")
                if isinstance(exc.smtp_error, bytes)
                else str(exc.smtp_error)
            )
            return one_line(f"SMTP error {exc.smtp_code} from {self.where}: {text}")
        if isinstance(exc, OSError):
            return one_line(f"SMTP connection to {self.where} failed: {exc.strerror or exc}")
        return one_line(f"SMTP error with {self.where}: {exc}")

    def probe(self) -> None:
        """Connect, secure and log in as a delivery would, send nothing, and hang up.

        DeliveryFailed with the same one-line reason a delivery would meet.
        """
        smtp = self._connect()
        try:
            smtp.quit()
        except Exception:
            smtp.close()

    def send(self, message: EmailMessage) -> None:
        """Send one message; DeliveryFailed with a one-line reason when it does not go."""
        if self._broken is not None:
            raise DeliveryFailed(self._broken)
        if self._smtp is None:
            try:
                self._smtp = self._connect()
            except DeliveryFailed as exc:
                self._broken = str(exc)
                raise
        # Flattened here: smtplib's own send_message would turn body lines that start with
        # "From " into ">From " (mbox quoting), changing the letter's text.
        data = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
        try:
            self._smtp.sendmail(str(message["From"]), [str(message["To"])], data)
        except smtplib.SMTPRecipientsRefused as exc:
            refused = ", ".join(exc.recipients) or str(message["To"])
            raise DeliveryFailed(f"SMTP server refused the recipient {refused}") from None
        except smtplib.SMTPSenderRefused as exc:
            raise DeliveryFailed(f"SMTP server refused the sender {exc.sender}") from None
        except Exception as exc:
            # The session may be unusable now: the next message opens a new one.
            self.close()
            raise DeliveryFailed(self._reason(exc)) from None

    def close(self) -> None:
        """End the SMTP session if one is open."""
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except Exception:
                smtp.close()
