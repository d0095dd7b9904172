"""Typed readers for settings that come from the environment."""

import os
from datetime import date

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_dates(name: str) -> tuple[date, ...]:
    """Comma-separated ISO dates (2026-05-15,2027-05-07), sorted; a bad date is an error."""
    days = []
    for item in env_list(name):
        try:
            days.append(date.fromisoformat(item))
        except ValueError as exc:
            raise ValueError(f"{name} must list dates as YYYY-MM-DD, got {item!r}") from exc
    return tuple(sorted(set(days)))


def estimated_entropy_bits(secret: str) -> float:
    """A cautious estimate of how many random bits a secret holds.

    The smaller of two estimates: the character frequencies (Shannon entropy times the
    length: "aaaa..." is worth nothing) and the size zlib compresses it to (repeated
    pieces such as "changemechangeme..." are counted once). A real random key scores
    about its true strength or somewhat less; a made-up one scores far less.
    """
    import math
    import zlib
    from collections import Counter

    if not secret:
        return 0.0
    n = len(secret)
    shannon = -sum(c / n * math.log2(c / n) for c in Counter(secret).values()) * n
    data = secret.encode("utf-8")
    compressed = (len(zlib.compress(data, 9)) - len(zlib.compress(b"", 9))) * 8
    return min(shannon, float(compressed))


def weak_secret(secret: str, *, min_length: int, min_bits: int = 128, min_distinct: int = 12):
    """Why a secret is too weak for production, or None when it will do."""
    if len(secret) < min_length:
        return f"at least {min_length} random characters"
    if len(set(secret)) < min_distinct:
        return f"at least {min_distinct} different characters"
    if estimated_entropy_bits(secret) < min_bits:
        return f"random characters worth at least {min_bits} bits, not words or repeats"
    return None
