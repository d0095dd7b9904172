"""Optimistic locking: a save names the version it started from, a stale save is refused."""

from django.db import models
from django.db.models import F


class StaleVersionError(Exception):
    """Someone else saved this record after the user started editing it.

    changed_fields names the fields whose current value differs from the user's input.
    """

    def __init__(self, current: models.Model, changed_fields: list[str] | None = None):
        self.current = current
        self.changed_fields = changed_fields or []
        super().__init__(f"{type(current).__name__} {current.pk} changed meanwhile")


def save_if_unchanged(
    instance: models.Model, expected_version: int, changes: dict, *, extra: dict | None = None
) -> models.Model:
    """Write changes only if the row still has expected_version; bump the version.

    The check and the write are one UPDATE ... WHERE version = %s, so two editors can
    never both win, on SQLite or PostgreSQL.
    """
    model = type(instance)
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1, **changes, **(extra or {})
    )
    if not updated:
        current = model.objects.get(pk=instance.pk)
        # The fields where the saved version now differs from what this user submitted.
        changed = [name for name, value in changes.items() if getattr(current, name) != value]
        raise StaleVersionError(current, changed)
    instance.refresh_from_db()
    return instance
