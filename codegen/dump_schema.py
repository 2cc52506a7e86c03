"""Dump the official OpenMetadata schema, as carried by `openmetadata-ingestion`, into one JSON IR.

Walks every module of `metadata.generated.schema` (one per official JSON-schema file), and
describes each pydantic model and enum defined there: its fields, their wire names, types,
whether they are required, and their documentation. The Rust generator (`cargo codegen`) reads
the IR and writes `crates/openmetadata-types/src/`.

Usage: .venv/bin/python codegen/dump_schema.py codegen/schema-ir.json
"""

from __future__ import annotations

import datetime
import decimal
import enum
import importlib
import ipaddress
import json
import pathlib
import pkgutil
import re
import sys
import types
import typing
import uuid
import warnings

warnings.filterwarnings("ignore")

import pydantic  # noqa: E402
from pydantic import BaseModel, RootModel  # noqa: E402
from pydantic_core import PydanticUndefined  # noqa: E402

import metadata.generated.schema as schema_pkg  # noqa: E402

PREFIX = "metadata.generated.schema."


def all_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(schema_pkg.__path__, PREFIX):
        names.append(info.name)
    return sorted(names)


def source_file(module) -> str | None:
    path = getattr(module, "__file__", None)
    if not path:
        return None
    with open(path, encoding="utf-8") as fh:
        for _ in range(4):
            line = fh.readline()
            m = re.match(r"#\s+filename:\s+(\S+)", line)
            if m:
                return m.group(1)
    return None


def type_ir(t) -> dict:
    """Describe a Python type annotation as IR."""
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if origin is typing.Annotated:
        inner = type_ir(args[0])
        for meta in args[1:]:
            if type(meta).__name__ == "WrapSerializer" and "secret" in getattr(
                meta.func, "__name__", ""
            ):
                return {"k": "secret"}
        return inner
    if origin in (typing.Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        irs = [type_ir(a) for a in members]
        if len(irs) == 1:
            inner = irs[0]
        else:
            inner = {"k": "union", "ts": irs}
        if len(members) != len(args):
            return {"k": "opt", "t": inner}
        return inner
    if origin in (list, typing.List, set, frozenset, tuple):
        if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
            return {"k": "tuple", "ts": [type_ir(a) for a in args]}
        return {"k": "list", "t": type_ir(args[0]) if args else {"k": "any"}}
    if origin in (dict, typing.Dict):
        return {"k": "map", "t": type_ir(args[1]) if len(args) == 2 else {"k": "any"}}
    if origin is typing.Literal:
        return {"k": "lit", "v": list(args)}
    if t is typing.Any or t is object:
        return {"k": "any"}
    if t is None or t is type(None):
        return {"k": "null"}
    if isinstance(t, type):
        if issubclass(t, enum.Enum) or issubclass(t, BaseModel):
            if not t.__module__.startswith(PREFIX):
                raise ValueError(f"type outside the schema package: {t!r}")
            return {"k": "ref", "m": t.__module__[len(PREFIX):], "n": t.__name__}
        if t is bool:
            return {"k": "bool"}
        if t is int:
            return {"k": "int"}
        if t is float or t is decimal.Decimal:
            return {"k": "float"}
        if t is str:
            return {"k": "str"}
        if t is bytes:
            return {"k": "bytes"}
        if t is uuid.UUID:
            return {"k": "uuid"}
        if t is datetime.datetime or t.__name__ in ("AwareDatetime", "NaiveDatetime"):
            return {"k": "datetime"}
        if t is datetime.date:
            return {"k": "date"}
        if t is datetime.time:
            return {"k": "time"}
        if t is datetime.timedelta:
            return {"k": "duration"}
        if t.__name__ in ("AnyUrl", "HttpUrl", "AnyHttpUrl", "Url"):
            return {"k": "url"}
        if t.__name__ in ("EmailStr", "NameEmail"):
            return {"k": "email"}
        if t.__name__ == "_CustomSecretStr" or issubclass(t, pydantic.SecretStr):
            return {"k": "secret"}
        if issubclass(t, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
            return {"k": "str"}
        if issubclass(t, str):
            return {"k": "str"}
    raise ValueError(f"unsupported annotation: {t!r}")


def jsonable(value):
    if value is PydanticUndefined:
        return None
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    try:
        json.dumps(value)
        return value
    except TypeError:
        return str(value)


def describe_model(cls) -> dict:
    is_root = issubclass(cls, RootModel)
    fields = []
    for name, info in cls.model_fields.items():
        wire = info.alias or name
        fields.append(
            {
                "name": name,
                "wire": wire,
                "type": type_ir(info.annotation),
                "required": info.is_required(),
                "doc": info.description,
                "default": jsonable(info.default) if not info.is_required() else None,
            }
        )
    extra = cls.model_config.get("extra") or "ignore"
    return {
        "kind": "root" if is_root else "struct",
        "doc": (cls.__doc__ or "").strip() or None,
        "extra": extra,
        "fields": fields,
    }


def describe_enum(cls) -> dict:
    return {
        "kind": "enum",
        "doc": (cls.__doc__ or "").strip() if cls.__doc__ != enum.Enum.__doc__ else None,
        "values": [{"name": m.name, "value": m.value} for m in cls],
    }


def main(out: str) -> None:
    modules = []
    for name in all_modules():
        module = importlib.import_module(name)
        entries = []
        for attr, obj in vars(module).items():
            if not isinstance(obj, type) or obj.__module__ != name:
                continue
            if not attr.isidentifier() or attr != obj.__name__:
                # pydantic registers parametrized generics (`RootModel[Uuid]`) in the module.
                continue
            if issubclass(obj, enum.Enum):
                entry = describe_enum(obj)
            elif issubclass(obj, BaseModel):
                entry = describe_model(obj)
            else:
                continue
            entry["name"] = attr
            entries.append(entry)
        modules.append(
            {
                "module": name[len(PREFIX):],
                "source": source_file(module),
                "is_package": hasattr(module, "__path__"),
                "types": entries,
            }
        )
    doc = {"package": "openmetadata-ingestion", "modules": modules}
    pathlib.Path(out).write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n")
    n_models = sum(1 for m in modules for t in m["types"] if t["kind"] != "enum")
    n_enums = sum(1 for m in modules for t in m["types"] if t["kind"] == "enum")
    print(f"{len(modules)} modules, {n_models} models, {n_enums} enums -> {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "codegen/schema-ir.json")
