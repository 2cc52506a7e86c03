"""Builds the wire-fidelity corpus: one fully populated instance of every official model.

For every pydantic model of `metadata.generated.schema` (the pinned openmetadata-ingestion
2.0.7.0) it builds an instance with every optional field set (recursion bounded), validates it
with the official model and serializes it the way the Python SDK does (by alias, None left out,
secrets in clear). Every value of every enum is written too, and every variant of every root
union. The Rust test `conformance` reads the corpus, round-trips each document through the
generated type and writes what Rust produced; `check_rust_output.py` validates that back into
the official models.

Usage: .venv/bin/python compat/conformance/make_corpus.py target/conformance/corpus.jsonl
"""

from __future__ import annotations

import enum
import importlib
import json
import pathlib
import pkgutil
import sys
import types
import typing
import warnings
from collections import defaultdict

warnings.filterwarnings("ignore")

import annotated_types as at  # noqa: E402
from pydantic import BaseModel, ConfigDict, RootModel, TypeAdapter, ValidationError  # noqa: E402

import metadata.generated.schema as schema_pkg  # noqa: E402

PREFIX = "metadata.generated.schema."
MAX_DEPTH = 4

# Strings tried in order for a constrained string until one validates.
STRING_CANDIDATES = [
    "sample",
    "sampleName",
    "#a1b2c3",
    "username:sample",
    "TASK-1",
    "user@example.com",
    "<#E::table::svc.db.schema.orders>",
    "https://example.com/path",
    "2024-01-02",
    "2024-01-02T03:04:05Z",
    "12:30:00",
    "P1D",
    "a",
    "1",
    "",
]

SIMPLE = {
    "uuid": "1c5e9a3e-5b0d-4a4c-9a0e-3f8e6f4b2a11",
    "datetime": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "time": "12:30:00",
    "duration": "PT1H",
    "url": "https://example.com/path",
    "email": "user@example.com",
}


class Builder:
    """Builds fully populated JSON values for pydantic annotations."""

    def __init__(self) -> None:
        self.rotation: dict[str, int] = defaultdict(int)

    def rotate(self, key: str, n: int) -> int:
        i = self.rotation[key] % n
        self.rotation[key] += 1
        return i

    def value(self, ann, depth: int, path: str):
        origin = typing.get_origin(ann)
        args = typing.get_args(ann)
        if origin is typing.Annotated:
            inner = self.value(args[0], depth, path)
            return self.constrained(ann, args[0], inner)
        if origin in (typing.Union, types.UnionType):
            members = [a for a in args if a is not type(None)]
            if not members:
                return None
            pick = members[self.rotate("union:" + path, len(members))]
            return self.value(pick, depth, path)
        if origin in (list, set, frozenset, tuple):
            item = args[0] if args else typing.Any
            return [self.value(item, depth + 1, path + "[]")]
        if origin is dict:
            item = args[1] if len(args) == 2 else typing.Any
            return {"key": self.value(item, depth + 1, path + "{}")}
        if origin is typing.Literal:
            return args[0]
        if ann is typing.Any or ann is object:
            return {"any": [1, "two", True]}
        if ann is None or ann is type(None):
            return None
        if isinstance(ann, type):
            if issubclass(ann, enum.Enum):
                members = [m for m in ann if m.value is not None]
                return members[self.rotate("enum:" + ann.__qualname__ + ann.__module__, len(members))].value
            if issubclass(ann, BaseModel):
                return self.model(ann, depth + 1)
            name = ann.__name__
            if ann is bool:
                return True
            if ann is int:
                return 7
            if ann is float:
                return 1.5
            if ann is str:
                return "sample"
            if name == "UUID":
                return SIMPLE["uuid"]
            if name in ("datetime", "AwareDatetime", "NaiveDatetime"):
                return SIMPLE["datetime"]
            if name == "date":
                return SIMPLE["date"]
            if name == "time":
                return SIMPLE["time"]
            if name == "timedelta":
                return SIMPLE["duration"]
            if name in ("AnyUrl", "HttpUrl", "AnyHttpUrl", "Url"):
                return SIMPLE["url"]
            if name in ("EmailStr", "NameEmail"):
                return SIMPLE["email"]
            if name == "_CustomSecretStr" or "Secret" in name:
                return "s3cr3t-value"
            if issubclass(ann, str):
                return "sample"
        raise ValueError(f"cannot build a value for {ann!r} at {path}")

    def constrained(self, ann, base, value):
        """Adjusts a value to the constraints of `Annotated[base, ...]`."""
        adapter = TypeAdapter(ann, config=ConfigDict(regex_engine="python-re"))
        try:
            adapter.validate_python(value)
            return value
        except ValidationError:
            pass
        metas = [m for m in typing.get_args(ann)[1:]]
        flat = []
        for m in metas:
            flat.extend(getattr(m, "metadata", None) or [m])
        if typing.get_origin(base) in (typing.Union, types.UnionType):
            base = next((a for a in typing.get_args(base) if a is not type(None)), base)
        max_len = next((m.max_length for m in flat if isinstance(m, at.MaxLen)), None)
        if max_len == 0 and isinstance(value, (list, dict)):
            return type(value)()
        if base in (int, float):
            lo = next((m.ge for m in flat if isinstance(m, at.Ge)), None)
            lo = lo if lo is not None else next((m.gt + 1 for m in flat if isinstance(m, at.Gt)), None)
            hi = next((m.le for m in flat if isinstance(m, at.Le)), None)
            for cand in (lo, hi, 1, 0):
                if cand is None:
                    continue
                cand = base(cand)
                try:
                    adapter.validate_python(cand)
                    return cand
                except ValidationError:
                    continue
        if isinstance(value, list):
            min_len = next((m.min_length for m in flat if isinstance(m, at.MinLen)), 1)
            grown = (value * max(1, min_len))[: max(1, min_len)]
            try:
                adapter.validate_python(grown)
                return grown
            except ValidationError:
                pass
        for cand in STRING_CANDIDATES:
            try:
                adapter.validate_python(cand)
                return cand
            except ValidationError:
                continue
        return value

    def model(self, cls, depth: int):
        if issubclass(cls, RootModel):
            info = cls.model_fields["root"]
            return self.value(annotated(info), depth, cls.__name__)
        out = {}
        for name, info in cls.model_fields.items():
            if depth > MAX_DEPTH and not info.is_required():
                continue
            out[info.alias or name] = self.value(annotated(info), depth, f"{cls.__name__}.{name}")
        if cls.model_config.get("extra") == "allow":
            out["additionalSampleProperty"] = "extra"
        return out


def annotated(info):
    if info.metadata:
        return typing.Annotated[(info.annotation, *info.metadata)]
    return info.annotation


def validate_dropping(cls, doc):
    """Validates `doc`, dropping optional top-level fields the official model rejects."""
    dropped = []
    for _ in range(50):
        try:
            return cls.model_validate(doc), dropped
        except ValidationError as err:
            first = err.errors()[0]
            loc = first["loc"]
            if not isinstance(doc, dict) or not loc or loc[0] not in doc:
                raise
            key = loc[0]
            field = next(
                (i for n, i in cls.model_fields.items() if (i.alias or n) == key), None
            )
            if field is None or field.is_required():
                raise
            dropped.append(f"{key}: {first['msg']}")
            del doc[key]
    raise RuntimeError(f"could not build {cls}")


def dump(instance):
    return instance.model_dump(mode="json", by_alias=True, exclude_none=True)


def main(out: str) -> None:
    builder = Builder()
    rows = []
    failures = []
    for info in sorted(pkgutil.walk_packages(schema_pkg.__path__, PREFIX), key=lambda i: i.name):
        module = importlib.import_module(info.name)
        short = info.name[len(PREFIX):]
        for attr, obj in sorted(vars(module).items()):
            if not isinstance(obj, type) or obj.__module__ != info.name or attr != obj.__name__ or not attr.isidentifier():
                continue
            if issubclass(obj, enum.Enum):
                for member in obj:
                    if member.value is None:
                        continue
                    rows.append({"module": short, "name": attr, "kind": "enum", "doc": member.value})
                continue
            if not issubclass(obj, BaseModel):
                continue
            docs = [builder.model(obj, 0)]
            if issubclass(obj, RootModel):
                ann = obj.model_fields["root"].annotation
                members = [a for a in typing.get_args(ann) if a is not type(None)]
                if typing.get_origin(ann) in (typing.Union, types.UnionType):
                    docs = [builder.value(m, 0, attr) for m in members]
            for i, doc in enumerate(docs):
                try:
                    instance, dropped = validate_dropping(obj, doc)
                    rows.append(
                        {
                            "module": short,
                            "name": attr,
                            "kind": "model",
                            "variant": i,
                            "doc": dump(instance),
                            "dropped": dropped,
                        }
                    )
                except Exception as exc:  # noqa: BLE001 - every failure is reported below
                    failures.append(f"{short}.{attr}[{i}]: {type(exc).__name__}: {exc}"[:300])
    path = pathlib.Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as fh:
        for row in rows:
            fh.write(json.dumps(row, sort_keys=True) + "\n")
    models = {(r["module"], r["name"]) for r in rows if r["kind"] == "model"}
    enums = {(r["module"], r["name"]) for r in rows if r["kind"] == "enum"}
    dropped = [(r["module"], r["name"], d) for r in rows if r["kind"] == "model" for d in r["dropped"]]
    print(
        f"corpus: {len(models)} models ({sum(r['kind'] == 'model' for r in rows)} documents), "
        f"{len(enums)} enums ({sum(r['kind'] == 'enum' for r in rows)} values) -> {out}"
    )
    for m, n, d in dropped:
        print(f"  field left unset in {m}.{n}: {d}")
    for f in failures:
        print(f"  FAILED to build {f}")
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/conformance/corpus.jsonl")
