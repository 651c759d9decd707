"""What the session tests share: a stand-in for the window's end of the connection."""

from __future__ import annotations


class Outbox:
    """Collects what the training loop sends, as the window would receive it."""

    def __init__(self):
        self.messages = []

    def send(self, message):
        self.messages.append(message)

    def kinds(self) -> list[str]:
        return [m[0] for m in self.messages]
