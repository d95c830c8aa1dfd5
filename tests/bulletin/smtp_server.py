"""A real SMTP server for the sending tests and the benchmark: aiosmtpd on 127.0.0.1, in a
thread, counting what it accepts per recipient. It can refuse addresses permanently (550),
answer a run of temporary errors (451) after some messages, and call a hook before each
message (the crash test kills the sending worker from there)."""

import socket
import threading
from collections import Counter
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    """The aiosmtpd handler: what a mail server would keep, and the faults it plays."""

    def __init__(self, *, refuse=None, temporary_after=None, temporary_count=0, before_data=None):
        self.refuse = {address.lower(): answer for address, answer in (refuse or {}).items()}
        self.temporary_after = temporary_after
        self.temporary_left = temporary_count
        self.before_data = before_data
        self.received = Counter()
        self.messages = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.refuse.get(address.lower())
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.before_data is not None:
                answer = self.before_data(len(self.messages))
                if answer:
                    return answer
            if (
                self.temporary_after is not None
                and len(self.messages) >= self.temporary_after
                and self.temporary_left > 0
            ):
                self.temporary_left -= 1
                return "451 4.3.0 Local problem, try again later"
            for recipient in envelope.rcpt_tos:
                self.received[recipient.lower()] += 1
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 2.0.0 Accepted"


class SMTPServer:
    """``with SMTPServer(port, recorder):`` — a server answering on 127.0.0.1:port."""

    def __init__(self, port, recorder):
        self.controller = Controller(recorder, hostname="127.0.0.1", port=port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()
