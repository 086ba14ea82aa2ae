"""A local SMTP server (aiosmtpd) for tests that deliver for real."""

import socket

from aiosmtpd.controller import Controller


class LocalSMTP(Controller):
    """An SMTP server on a free local port, handing each message to the handler."""

    def __init__(self, handler):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        super().__init__(handler, hostname="127.0.0.1", port=port)
