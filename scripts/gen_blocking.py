#!/usr/bin/env python3
"""Writes the blocking client's twins: for every `pub async fn` (and every `pub fn` returning a
`Stream`) of an `impl OpenMetadata` block in crates/openmetadata/src/*.rs, a method of the same
name and arguments on `blocking::OpenMetadata`, into src/blocking_twins/<module>.rs (each a
child module of its source module, so it sees the same imports). `--check` fails when a
committed file differs from what would be written."""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys

SRC = pathlib.Path(__file__).resolve().parent.parent / "crates" / "openmetadata" / "src"
OUT = SRC / "blocking_twins"
HEADER = (
    "//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `{module}.rs`.\n"
    "//! Each method is the blocking form of the async one of the same name.\n\n"
    "use super::*;\n\n"
)
MOUNT = '#[cfg(feature = "blocking")]\n#[path = "blocking_twins/{module}.rs"]\nmod blocking_twins;\n'
STREAM = re.compile(r"Paged<(?P<item>.+)>$")


def split_top(text: str, sep: str = ",") -> list[str]:
    """Splits on `sep` outside brackets."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in "<([":
            depth += 1
        elif ch in ">)]" and not (ch == ">" and cur.endswith("-")):
            depth -= 1
        if ch == sep and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def matching(text: str, start: int, open_: str, close: str) -> int:
    """Index of the bracket closing the one at `start`."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == open_:
            depth += 1
        elif text[i] == close and not (close == ">" and text[i - 1] == "-"):
            depth -= 1
            if depth == 0:
                return i
    raise ValueError(f"unbalanced {open_} in {text}")


TWINNED = ("OpenMetadata", "DynamicApi")


def signatures(source: str):
    """(type, doc-less signature) of the public methods of `impl OpenMetadata` and
    `impl DynamicApi` blocks."""
    lines = source.splitlines()
    inside = None
    i = 0
    while i < len(lines):
        line = lines[i]
        block = re.fullmatch(r"impl (\w+) \{", line)
        if block:
            inside = block.group(1) if block.group(1) in TWINNED else None
        elif line == "}":
            inside = None
        elif inside and (line.startswith("    pub async fn ") or line.startswith("    pub fn ")):
            sig = [line.strip()]
            while not sig[-1].endswith("{"):
                i += 1
                sig.append(lines[i].strip())
            text = " ".join(sig)[:-1].strip()
            text = text.replace("( ", "(").replace(", )", ")").replace(" )", ")")
            yield inside, text
        i += 1


def parse(sig: str):
    is_async = sig.startswith("pub async fn ")
    rest = sig.removeprefix("pub async fn ").removeprefix("pub fn ")
    name = re.match(r"\w+", rest).group(0)
    rest = rest[len(name):]
    generics = ""
    if rest.startswith("<"):
        end = matching(rest, 0, "<", ">")
        generics, rest = rest[: end + 1], rest[end + 1 :]
    end = matching(rest, 0, "(", ")")
    params, rest = rest[1:end], rest[end + 1 :].strip()
    where = ""
    if " where " in f" {rest} ":
        rest, where = rest.split("where", 1)
        where = "where " + where.strip().rstrip(",")
    ret = rest.strip().removeprefix("->").strip()
    args = [p for p in split_top(params) if p not in ("&self", "&mut self")]
    names = [re.sub(r"^mut\s+", "", a.split(":", 1)[0].strip()) for a in args]
    typed = [re.sub(r"^mut\s+", "", a) for a in args]
    return is_async, name, generics, typed, names, ret, where


def twin(owner: str, sig: str) -> str | None:
    if "(&self" not in sig:
        return None
    is_async, name, generics, typed, names, ret, where = parse(sig)
    params = ", ".join(["&self", *typed])
    kinds = [g.split(":")[0].strip() for g in split_top(generics[1:-1])] if generics else []
    turbofish = [k for k in kinds if not k.startswith("'")]
    path = f"{name}::<{', '.join(turbofish)}>" if turbofish else name
    call = f"c.{path}({', '.join(names)})"
    link = f"/// Blocking [`{owner}::{name}`](crate::{owner}::{name}).\n"
    if is_async:
        if not ret.startswith("Result<"):
            raise ValueError(f"{name} does not return a Result: {ret}")
        body = f"self.call(|c| {call})"
    else:
        stream = STREAM.match(ret)
        if stream:
            ret = f"crate::blocking::Iter<'_, {stream.group('item')}>"
            body = f"self.iter(self.inner().{path}({', '.join(names)}))"
        elif "impl " in ret:
            return None
        elif "DynamicApi" in ret:
            ret = ret.replace("DynamicApi", "crate::blocking::DynamicApi<'_>")
            body = f"self.inner().{path}({', '.join(names)}).map(|api| self.dynamic_api(api))"
        else:
            body = f"self.inner().{path}({', '.join(names)})"
    where = f" {where}" if where else ""
    return f"    {link}    pub fn {name}{generics}({params}) -> {ret}{where} {{\n        {body}\n    }}\n"


def rustfmt(text: str) -> str:
    done = subprocess.run(
        ["rustfmt", "--edition", "2024", "--emit", "stdout"],
        input=text, capture_output=True, text=True, check=True,
    )
    return done.stdout


def render(module: str, source: str) -> str | None:
    blocks = []
    for owner in TWINNED:
        twins = [t for t in (twin(o, s) for o, s in signatures(source) if o == owner) if t]
        if twins:
            target = "crate::blocking::OpenMetadata" if owner == "OpenMetadata" else "crate::blocking::DynamicApi<'_>"
            blocks.append(f"impl {target} {{\n" + "\n".join(twins) + "}\n")
    if not blocks:
        return None
    return rustfmt(HEADER.format(module=module) + "\n".join(blocks))


def main() -> int:
    check = "--check" in sys.argv
    stale = []
    wanted = {}
    for path in sorted(SRC.glob("*.rs")):
        module = path.stem
        if module in ("lib", "blocking"):
            continue
        source = path.read_text()
        text = render(module, source)
        mount = MOUNT.format(module=module)
        if text is None:
            continue
        wanted[module] = text
        if mount not in source:
            if check:
                stale.append(f"{path.name} does not mount its twins")
            else:
                path.write_text(source.rstrip("\n") + "\n\n" + mount)
    for module, text in wanted.items():
        out = OUT / f"{module}.rs"
        if not out.exists() or out.read_text() != text:
            if check:
                stale.append(str(out.relative_to(SRC.parent)))
            else:
                OUT.mkdir(exist_ok=True)
                out.write_text(text)
    for extra in OUT.glob("*.rs"):
        if extra.stem not in wanted:
            stale.append(f"{extra.name} has no source") if check else extra.unlink()
    if stale:
        print("blocking twins are stale (run scripts/gen_blocking.py):", *stale, sep="\n  ")
        return 1
    print(f"blocking twins: {len(wanted)} modules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
