#!/usr/bin/env python3
"""Checks the layer rule of crates/ometa-server (docs/ARCHITECTURE.md): every import points
down, no two files import each other in a circle, and no endpoint family imports another.

Usage: python3 scripts/check_layers.py [--list]   (--list prints each folder's imports)
Exit status 1 and one line per broken rule when the rule is broken.
"""
import os
import re
import sys

CRATE_SRC = os.path.join(os.path.dirname(__file__), "..", "crates", "ometa-server", "src")

# Top to bottom; a module may import only from layers below its own.
LAYERS = ["lib", "router", "api", "http", "search", "engine", "store"]


def modules():
    """Module path (`engine::kinds`, `engine` for engine/mod.rs, `lib`) -> source text."""
    found = {}
    for root, _, names in os.walk(CRATE_SRC):
        for name in names:
            if not name.endswith(".rs"):
                continue
            rel = os.path.relpath(os.path.join(root, name), CRATE_SRC)[:-3].split(os.sep)
            if rel[-1] == "mod":
                rel = rel[:-1]
            path = "::".join(rel)
            with open(os.path.join(root, name), encoding="utf-8") as f:
                found[path] = f.read()
    return found


def use_paths(text):
    """Every `crate::a::b` and `super::a` path a file names, `use` groups expanded; in the
    inline `mod tests` at a file's end `super` is the file itself, so only `crate::` counts."""
    text = re.sub(r"//.*", "", text)
    text, _, tests = text.partition("#[cfg(test)]\nmod tests")
    text += re.sub(r"\bsuper::", "self::", tests)
    paths = set()

    def expand(prefix, body):
        if "{" not in body:
            paths.add(prefix + body)
            return
        head, rest = body.split("{", 1)
        inner, depth, cur, items = rest[: rest.rfind("}")], 0, "", []
        for ch in inner:
            if ch == "," and depth == 0:
                items.append(cur)
                cur = ""
                continue
            depth += (ch == "{") - (ch == "}")
            cur += ch
        items.append(cur)
        for item in filter(None, items):
            expand(prefix + head, item)

    for body in re.findall(r"\buse\s+((?:crate|super)::[^;]+);", text, re.S):
        expand("", re.sub(r"\s+", "", body))
    paths.update(re.findall(r"\b((?:crate|super)(?:::[a-z_][a-z0-9_]*)+)", text))
    return paths


def resolve(module, path, known):
    """The module a path lands in (its longest known prefix), `super::` taken relative."""
    segs = path.split("::")
    if segs[0] == "super":
        base = module.split("::")[:-1]
        while segs and segs[0] == "super":
            segs = segs[1:]
            base = base[:-1] if segs and segs[0] == "super" else base
        segs = base + segs
    else:
        segs = segs[1:]
    segs = [s for s in segs if s != "self"]
    for k in range(len(segs), 0, -1):
        candidate = "::".join(segs[:k])
        if candidate in known:
            return candidate
    return None


def layer(module):
    return module.split("::")[0]


def circles(edges):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def main():
    found = modules()
    edges = {m: set() for m in found}
    for m, text in found.items():
        for p in use_paths(text):
            target = resolve(m, p, found)
            if target and target != m:
                edges[m].add(target)
    broken = []
    for m in sorted(edges):
        for t in sorted(edges[m]):
            lm, lt = layer(m), layer(t)
            if lm not in LAYERS or lt not in LAYERS:
                broken.append(f"{m}: not in a known layer (add it to LAYERS)")
            elif lm != lt and LAYERS.index(lt) <= LAYERS.index(lm):
                broken.append(f"upward import: {m} -> {t}")
            elif lm == lt == "api" and m != "api" and t != "api":
                broken.append(f"one endpoint family imports another: {m} -> {t}")
    for comp in circles(edges):
        broken.append("circle: " + " ".join(comp))
    if "--list" in sys.argv:
        for lm in LAYERS:
            targets = sorted({layer(t) for m in edges if layer(m) == lm for t in edges[m]} - {lm})
            print(f"{lm:7} imports {', '.join(targets) or '(nothing of the crate)'}")
    for line in broken:
        print(line)
    print(f"modules={len(found)} broken={len(broken)}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
