"""Packs that ship with Continuum, by name, and what `--pack` means: a directory or such a name.

After `pip install .` a bundled pack sits inside the installed package (engine/_pack for the
default pack); in a source checkout it is the checkout's own folder. To ship another pack, add
its name with its folder inside the installed package and in the checkout (e.g.
"families-first": ("_packs/families-first", "packs/families-first")), and add the folder to
the wheel's force-include and the sdist in pyproject.toml.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, Problem

ENGINE = Path(__file__).resolve().parent.parent

# name -> (folder inside the installed engine package, folder in a source checkout)
BUNDLED: dict[str, tuple[str, str]] = {
    "default": ("_pack", "."),
    "families-first": ("_packs/families-first", "packs/families-first"),
}


def bundled_pack_dir(name: str) -> Path:
    """The folder of a pack that ships with Continuum (KeyError for an unknown name)."""
    installed, checkout = BUNDLED[name]
    inside = ENGINE / installed
    return inside if (inside / "rules").is_dir() else (ENGINE.parent / checkout).resolve()


def default_pack_dir() -> Path:
    """The bundled default pack when installed, else the source checkout's root."""
    return bundled_pack_dir("default")


def resolve_pack(spec: str | Path | None, option: str = "--pack") -> Path:
    """What `--pack` names: an existing directory wins, else a bundled pack's name; refused otherwise."""
    if spec is None or str(spec) == "":
        return default_pack_dir()
    path = Path(spec).expanduser()
    if path.is_dir():
        return path
    name = str(spec)
    if name in BUNDLED:
        return bundled_pack_dir(name)
    from ..text import did_you_mean  # only on refusal: the text stage loads pydantic

    names = ", ".join(sorted(BUNDLED))
    if path.exists():
        message = f"'{name}' is a file, not a pack directory (a pack holds rules/ and pathways/)"
    elif "/" in name or "\\" in name or name.startswith(("~", ".")):
        message = f"no such directory '{name}'"
    else:
        message = (
            f"'{name}' is neither a directory nor a pack that ships with Continuum{did_you_mean(name, BUNDLED)}; "
            f"bundled packs: {names}"
        )
    raise InputError([Problem(option, None, "", message)])
