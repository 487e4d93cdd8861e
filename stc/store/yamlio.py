"""Safe, byte-stable YAML for workspace files.

Loading never constructs Python objects beyond plain data (``SafeLoader``), and dates stay
text: ``interviewed: 2023-10-12`` loads as the string it is, so a load/save round trip gives
identical bytes. Output is canonical: insertion-ordered keys, block style, multi-line text as
literal blocks, short lists of words in flow style (``codes: [a, b]``), no line wrapping.

Files may come from anyone through git, so reading refuses what stc never writes and what
could exhaust memory: anchors and aliases (``&a`` / ``*a``: a few kilobytes of aliases
expand to gigabytes, the "billion laughs") and integers too long for Python to read.
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


def _int(loader: yaml.constructor.SafeConstructor, node: yaml.ScalarNode) -> int:
    digits = len(str(node.value))
    if digits > 100:  # Python refuses to read more than 4300 digits, with a ValueError
        raise yaml.constructor.ConstructorError(
            None, None, f"a number of {digits} digits is too long", node.start_mark
        )
    return loader.construct_yaml_int(node)


def _classes(loader_base: Any, dumper_base: Any) -> tuple[Any, Any]:
    """A loader that keeps dates as text and a dumper producing stc's canonical layout."""
    loader: Any = type("Loader", (loader_base,), {})
    dumper: Any = type("Dumper", (dumper_base,), {})
    loader.yaml_implicit_resolvers = _yaml12_booleans(
        _without_timestamps(yaml.SafeLoader.yaml_implicit_resolvers)
    )
    loader.add_constructor("tag:yaml.org,2002:int", _int)
    dumper.yaml_implicit_resolvers = _without_timestamps(yaml.SafeDumper.yaml_implicit_resolvers)
    dumper.ignore_aliases = lambda self, data: True  # a shared list is written out twice
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


def _refuse_aliases(node: yaml.Node | None) -> None:
    """Raise at the first node reached twice (an alias): stc's files are trees."""
    seen: set[int] = set()
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        if id(n) in seen:
            raise yaml.composer.ComposerError(
                None,
                None,
                "anchors and aliases (&name / *name) are not allowed in stc's files",
                n.start_mark,
            )
        seen.add(id(n))
        if isinstance(n, yaml.SequenceNode):
            stack += n.value
        elif isinstance(n, yaml.MappingNode):
            stack += [x for pair in n.value for x in pair]


def _load(text: str, loader: Any) -> Any:
    parser = loader(text)
    try:
        node = parser.get_single_node()
        _refuse_aliases(node)
        return parser.construct_document(node) if node is not None else None
    finally:
        parser.dispose()


def load(text: str, where: str, loader: Any = None) -> Any:
    """Parse YAML text; errors name the file, line and column."""
    try:
        return _load(text, loader or Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        place = f"{where}:{mark.line + 1}:{mark.column + 1}" if mark else where
        raise FormatError(
            f"{place}: invalid YAML: {exc.problem}",
            hint="fix the file by hand (or restore it with git) and run the command again",
        ) from None
    except yaml.YAMLError as exc:
        raise FormatError(f"{where}: invalid YAML: {exc}") from None
