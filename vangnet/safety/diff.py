"""The differences between two plan snapshots. Plain Python: no Django, no database.

A snapshot is a dict {"sections": {section: [item, ...]}} where an item is
{"id": stable key, "title": short text, "fields": {field: display text}}. Items are
matched by id, so an edited agreement shows as "changed" with its changed fields, not as
one removed and one added.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class ItemChange:
    id: str
    title: str
    fields: list[FieldChange]


@dataclass
class SectionDiff:
    section: str
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _items(snapshot: dict | None, section: str) -> list[dict]:
    return list(((snapshot or {}).get("sections") or {}).get(section) or [])


def section_order(old: dict | None, new: dict | None) -> list[str]:
    seen: list[str] = []
    for snapshot in (old, new):
        for name in (snapshot or {}).get("sections") or {}:
            if name not in seen:
                seen.append(name)
    return seen


def diff_snapshots(old: dict | None, new: dict | None) -> list[SectionDiff]:
    """Per section: items added, removed and changed (field by field), in snapshot order."""
    result = []
    for section in section_order(old, new):
        before = {item["id"]: item for item in _items(old, section)}
        after = {item["id"]: item for item in _items(new, section)}
        diff = SectionDiff(section)
        for key, item in after.items():
            if key not in before:
                diff.added.append(item)
                continue
            old_fields = before[key].get("fields") or {}
            new_fields = item.get("fields") or {}
            changes = [
                FieldChange(name, str(old_fields.get(name, "")), str(new_fields.get(name, "")))
                for name in _field_names(old_fields, new_fields)
                if str(old_fields.get(name, "")) != str(new_fields.get(name, ""))
            ]
            if changes:
                diff.changed.append(ItemChange(key, item.get("title", ""), changes))
        diff.removed = [item for key, item in before.items() if key not in after]
        if not diff.empty:
            result.append(diff)
    return result


def _field_names(old: dict, new: dict) -> list[str]:
    names = list(old)
    names += [name for name in new if name not in old]
    return names


def same_content(old: dict | None, new: dict | None) -> bool:
    return not diff_snapshots(old, new)
