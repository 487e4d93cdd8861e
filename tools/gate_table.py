"""Print the output gate's outputs × fields table for docs/anonymisation.md.

    python tools/gate_table.py

tests/test_output_gate.py checks that the table in the docs is this one.
"""

from __future__ import annotations

from stc.core.gate import FIELDS, OUTPUTS

MODES = {
    "prose": "the whole detector",
    "label": "list, key, structured, known names",
    "id": "as label, `-_.` read as spaces",
    "quote": "as label + the transcript scan at the unit",
    "transcript": "the transcript scan",
}


def table() -> str:
    """One row per field, one column per output; ● where the output carries the field."""
    outputs = list(OUTPUTS.values())
    head = "| field | checked with | " + " | ".join(f"`{o.name}`" for o in outputs) + " |"
    rule = "|---|---|" + "---|" * len(outputs)
    rows = []
    for f in FIELDS.values():
        cells = " | ".join("●" if f.name in o.fields else "" for o in outputs)
        rows.append(f"| {f.name} | {MODES[f.mode]} | {cells} |")
    return "\n".join([head, rule, *rows])


def outputs() -> str:
    """What each output column is."""
    return "\n".join(
        f"- `{o.name}`: `{o.command}` ({', '.join(o.formats)})"
        + (" — may run with `--allow-identifiers`" if o.team_only else "")
        for o in OUTPUTS.values()
    )


if __name__ == "__main__":
    print(outputs())
    print()
    print(table())
