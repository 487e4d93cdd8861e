"""A three-way merge of stc's YAML files for git (`stc merge-driver`).

Lists of items with an id (units, codes, code groups, themes, subgroups, informant groups,
rounds, impressions) are merged item by item; lists of plain values (a unit's codes, a
subgroup's units) as sets; scalars take the side that changed. Only the same field changed
differently on both sides is a conflict. The merged data is re-read through the model, so
the file is written in its canonical form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KEYS = ("id", "round", "transcript")
MISSING = object()


@dataclass
class Merge:
    conflicts: list[str] = field(default_factory=list)

    def value(self, base: Any, ours: Any, theirs: Any, where: str) -> Any:
        if ours == theirs:
            return ours
        if base is MISSING:
            base = None
        if ours == base:
            return theirs
        if theirs == base:
            return ours
        if isinstance(ours, dict) and isinstance(theirs, dict):
            return self.mapping(base if isinstance(base, dict) else {}, ours, theirs, where)
        if isinstance(ours, list) and isinstance(theirs, list):
            return self.sequence(base if isinstance(base, list) else [], ours, theirs, where)
        self.conflicts.append(
            f"{where}: changed differently on both sides "
            f"(ours: {_short(ours)}; theirs: {_short(theirs)})"
        )
        return ours

    def mapping(
        self, base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any], where: str
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in [*ours, *(k for k in theirs if k not in ours)]:
            b, o, t = base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING)
            if o is MISSING or t is MISSING:
                present = t if o is MISSING else o
                if b is MISSING or b == present:
                    if b is MISSING:
                        out[key] = present  # added on one side
                    continue  # deleted on one side, unchanged on the other
                self.conflicts.append(
                    f"{_at(where, key)}: deleted on one side, changed on the other"
                )
                out[key] = present
                continue
            out[key] = self.value(b, o, t, _at(where, key))
        return out

    def sequence(
        self, base: list[Any], ours: list[Any], theirs: list[Any], where: str
    ) -> list[Any]:
        key = _key(base + ours + theirs)
        if key is None:
            b = [_freeze(x) for x in base]
            o = [_freeze(x) for x in ours]
            t = [_freeze(x) for x in theirs]
            ours_new = [x for x in o if x not in b]
            theirs_new = [x for x in t if x not in b]
            if (
                any(x not in o and x not in t for x in b)
                and ours_new
                and theirs_new
                and set(ours_new) != set(theirs_new)
            ):
                # the same value replaced by different ones on each side (a code renamed or
                # recoded two ways): keeping both would be a choice neither side made
                self.conflicts.append(
                    f"{where}: replaced differently on both sides "
                    f"(ours: {_short(ours)}; theirs: {_short(theirs)})"
                )
                return ours
            gone = {x for x in b if x not in o or x not in t}
            merged = [x for x in ours if _freeze(x) not in gone]
            merged += [
                x
                for x in theirs
                if _freeze(x) not in gone and _freeze(x) not in [_freeze(y) for y in merged]
            ]
            return merged
        index = {
            name: {str(x[key]): x for x in side}
            for name, side in (("b", base), ("o", ours), ("t", theirs))
        }
        self._renamed_twice(index, key, where)
        out = []
        for ident in dict.fromkeys([*index["o"], *index["t"]]):
            b, o, t = (index[s].get(ident, MISSING) for s in ("b", "o", "t"))
            label = f"{where}[{key}={ident}]"
            if o is MISSING or t is MISSING:
                present = t if o is MISSING else o
                if b is MISSING:
                    out.append(present)
                elif b != present:
                    self.conflicts.append(f"{label}: deleted on one side, changed on the other")
                    out.append(present)
                continue
            out.append(self.value(b, o, t, label))
        return out

    def _renamed_twice(self, index: dict[str, dict[str, Any]], key: str, where: str) -> None:
        """An item gone on both sides, each of which added one that is the same but for its
        id: renamed two ways. Merging item by item would keep both new names silently."""
        b, o, t = index["b"], index["o"], index["t"]
        for ident, item in b.items():
            if ident in o or ident in t:
                continue
            rest = _without(item, key)
            if not rest:
                continue  # a bare id: nothing tells a rename from a deletion and an addition
            mine = [
                i for i, x in o.items() if i not in b and i not in t and _without(x, key) == rest
            ]
            yours = [
                i for i, x in t.items() if i not in b and i not in o and _without(x, key) == rest
            ]
            if mine and yours:
                self.conflicts.append(
                    f"{where}[{key}={ident}]: renamed differently on both sides "
                    f"(ours: {', '.join(mine)}; theirs: {', '.join(yours)})"
                )


def _without(item: Any, key: str) -> Any:
    return {k: v for k, v in item.items() if k != key} if isinstance(item, dict) else item


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _key(items: list[Any]) -> str | None:
    if not items or not all(isinstance(x, dict) for x in items):
        return None
    for k in KEYS:
        if all(k in x for x in items):
            return k
    return None


def _freeze(x: Any) -> Any:
    if isinstance(x, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in x.items()))
    if isinstance(x, list):
        return tuple(_freeze(v) for v in x)
    return x


def _short(x: Any) -> str:
    text = repr(x)
    return text if len(text) <= 60 else text[:57] + "…"


def merge(base: Any, ours: Any, theirs: Any, where: str) -> tuple[Any, list[str]]:
    m = Merge()
    result = m.value(base if base is not None else {}, ours or {}, theirs or {}, "")
    return result, m.conflicts
