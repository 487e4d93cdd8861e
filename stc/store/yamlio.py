"""Safe, byte-stable YAML for workspace files.

Loading never constructs Python objects beyond plain data (``SafeLoader``), and dates stay
text: ``interviewed: 2023-10-12`` loads as the string it is, so a load/save round trip gives
identical bytes. Output is canonical: insertion-ordered keys, block style, multi-line text as
literal blocks, short lists of words in flow style (``codes: [a, b]``), no line wrapping.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from stc.errors import FormatError


def _without_timestamps(resolvers: dict[Any, Any]) -> dict[Any, Any]:
    return {
        first: [(tag, rx) for tag, rx in items if tag != "tag:yaml.org,2002:timestamp"]
        for first, items in resolvers.items()
    }


_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


def _yaml12_booleans(resolvers: dict[Any, Any]) -> dict[Any, Any]:
    """Only true/false are booleans (YAML 1.2): `No`, `On`, `Yes`, `off` stay the words they
    are — an allow-list of spoken words or a Norwegian 'no' must not turn into False."""
    out = {}
    for first, items in resolvers.items():
        kept = [(tag, rx) for tag, rx in items if tag != "tag:yaml.org,2002:bool"]
        if first in "tTfF":
            kept.append(("tag:yaml.org,2002:bool", _BOOL))
        out[first] = kept
    return out


_WORD = re.compile(r"^[\w.-]+$")


def _str(dumper: yaml.representer.SafeRepresenter, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _list(dumper: yaml.representer.SafeRepresenter, value: list[Any]) -> yaml.SequenceNode:
    flow = bool(value) and all(
        (isinstance(v, str) and _WORD.match(v)) or (isinstance(v, int) and not isinstance(v, bool))
        for v in value
    )
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow or not value)


def _classes(loader_base: Any, dumper_base: Any) -> tuple[Any, Any]:
    """A loader that keeps dates as text and a dumper producing stc's canonical layout."""
    loader: Any = type("Loader", (loader_base,), {})
    dumper: Any = type("Dumper", (dumper_base,), {})
    loader.yaml_implicit_resolvers = _yaml12_booleans(
        _without_timestamps(yaml.SafeLoader.yaml_implicit_resolvers)
    )
    dumper.yaml_implicit_resolvers = _without_timestamps(yaml.SafeDumper.yaml_implicit_resolvers)
    dumper.add_representer(str, _str)
    dumper.add_representer(list, _list)
    dumper.add_representer(tuple, _list)
    return loader, dumper


# Reading uses libyaml's C parser when present (much faster); a test checks it reads what the
# pure-Python parser reads. Writing always uses the pure-Python emitter: libyaml escapes
# characters outside the Basic Multilingual Plane (emoji become "\U0001F600"), so files would
# differ with the installation and be harder to read.
PyLoader, PyDumper = _classes(yaml.SafeLoader, yaml.SafeDumper)
Loader, _ = _classes(getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.SafeDumper)
Dumper = PyDumper


def dump(data: Any, dumper: Any = None) -> str:
    """Serialise plain data to stc's canonical YAML text."""
    return yaml.dump(
        data,
        Dumper=dumper or Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1 << 30,
        indent=2,
    )


def load(text: str, where: str, loader: Any = None) -> Any:
    """Parse YAML text; errors name the file, line and column."""
    try:
        return yaml.load(text, Loader=loader or Loader)  # noqa: S506 - always a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        place = f"{where}:{mark.line + 1}:{mark.column + 1}" if mark else where
        raise FormatError(
            f"{place}: invalid YAML: {exc.problem}",
            hint="fix the file by hand (or restore it with git) and run the command again",
        ) from None
    except yaml.YAMLError as exc:
        raise FormatError(f"{where}: invalid YAML: {exc}") from None
