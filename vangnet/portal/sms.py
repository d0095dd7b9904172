"""Sending text messages: a small backend interface, chosen by settings.SMS_BACKEND.

ConsoleBackend (development, the demo) prints the message; FileBackend writes one file per
message under settings.SMS_FILE_PATH; LocmemBackend keeps them in `outbox` (tests). A real
provider is a class with the same send(number, text) method. Nothing here logs the number
or the text to the application log.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

outbox: list[tuple[str, str]] = []


class BaseBackend:
    def send(self, number: str, text: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class NotConfiguredBackend(BaseBackend):
    """Production without VANGNET_SMS_BACKEND: refuse, rather than print a code anywhere."""

    def send(self, number: str, text: str) -> None:
        raise RuntimeError("No SMS backend configured (VANGNET_SMS_BACKEND)")


class ConsoleBackend(BaseBackend):
    def send(self, number: str, text: str) -> None:
        sys.stdout.write(f"--- SMS to {number} ---\n{text}\n---\n")
        sys.stdout.flush()


class FileBackend(BaseBackend):
    def send(self, number: str, text: str) -> None:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        path = folder / f"{stamp}.txt"
        path.write_text(f"To: {number}\n\n{text}\n", encoding="utf-8")
        path.chmod(0o600)


class LocmemBackend(BaseBackend):
    def send(self, number: str, text: str) -> None:
        outbox.append((number, text))


def get_backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(number: str, text: str) -> None:
    get_backend().send(number, text)
