"""Demo data as a chain of seeders: each app registers one in its ``AppConfig.ready``
and ``seed_demo`` runs them in order over one shared, seeded random generator, so the
same arguments always give the same data."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date


@dataclass
class DemoContext:
    rng: random.Random
    today: date
    months: int
    supplier_count: int
    stdout: Callable[[str], None]
    # Seeders leave what later seeders need here (users by role, suppliers, ...).
    shared: dict = field(default_factory=dict)
    # Printed by ``seed_demo`` at the end: (username, password, what they see).
    accounts: list[tuple[str, str, str]] = field(default_factory=list)


SEEDERS: list[tuple[int, str, Callable[[DemoContext], None]]] = []


def register_seeder(order: int, name: str, seeder: Callable[[DemoContext], None]) -> None:
    if all(existing != name for _, existing, _ in SEEDERS):
        SEEDERS.append((order, name, seeder))
        SEEDERS.sort(key=lambda s: s[0])
