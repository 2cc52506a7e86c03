"""Validates what the Rust types serialized back into the official pydantic models.

Reads `rust-output.jsonl` (written by the Rust `conformance` test), validates every document
with its official model (which forbids unknown fields) or enum, and requires that the model
serializes it to the same JSON again.

Usage: .venv/bin/python compat/conformance/check_rust_output.py target/conformance/rust-output.jsonl
"""

from __future__ import annotations

import importlib
import json
import sys
import warnings

warnings.filterwarnings("ignore")

PREFIX = "metadata.generated.schema."


def main(path: str) -> None:
    ok = {"model": set(), "enum": set()}
    seen = {"model": set(), "enum": set()}
    failures = []
    with open(path) as fh:
        for line in fh:
            row = json.loads(line)
            cls = getattr(importlib.import_module(PREFIX + row["module"]), row["name"])
            key = f"{row['module']}.{row['name']}"
            seen[row["kind"]].add(key)
            try:
                if row["kind"] == "enum":
                    cls(row["doc"])
                else:
                    again = cls.model_validate(row["doc"]).model_dump(
                        mode="json", by_alias=True, exclude_none=True
                    )
                    if again != row["doc"]:
                        raise ValueError("the official model serializes it differently")
                ok[row["kind"]].add(key)
            except Exception as exc:  # noqa: BLE001 - every failure is reported
                failures.append(f"{key}: {type(exc).__name__}: {exc}"[:400])
    for kind in ("model", "enum"):
        bad = seen[kind] - ok[kind]
        print(f"{len(seen[kind]) - len(bad)}/{len(seen[kind])} {kind}s validate back into the official models")
    for f in failures[:40]:
        print("  " + f)
    if failures or len(seen["model"]) < 1500:
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1])
