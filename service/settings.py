"""The service's settings: from `continuum serve`'s options, passed to its workers in the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATABASE = "sqlite:///continuum.db"


@dataclass(frozen=True)
class Settings:
    """Where the store is, which pack decides, and the limits the service enforces."""

    database_url: str = DEFAULT_DATABASE
    pack: str | None = None  # a bundled pack's name or a pack folder; None for the default pack
    max_body: int = 200_000  # bytes: twice the largest profile the engine reads
    session_hours: int = 8  # one working day
    login_failures: int = 5  # failed logins for one name within `throttle_minutes` before refusing
    throttle_minutes: int = 15

    def to_env(self) -> dict[str, str]:
        """These settings as environment variables, for uvicorn's worker processes."""
        env = {"CONTINUUM_DATABASE_URL": self.database_url}
        if self.pack:
            env["CONTINUUM_PACK"] = str(Path(self.pack).resolve()) if Path(self.pack).is_dir() else self.pack
        return env

    @classmethod
    def from_env(cls) -> Settings:
        """The settings `to_env` wrote."""
        return cls(
            database_url=os.environ.get("CONTINUUM_DATABASE_URL", DEFAULT_DATABASE),
            pack=os.environ.get("CONTINUUM_PACK") or None,
        )
