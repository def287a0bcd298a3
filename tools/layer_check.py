#!/usr/bin/env python3
"""Layer check for Mở Cửa's sources (run by `make test`).

Fails when
  * a file under src/domain/ includes HTTP or database headers (Beast, Asio, SOCI, SQLite, libpq,
    or the project's http/, db/, persistence/, api/, web/, app/ folders) — business rules know no
    HTTP and no SQL;
  * a lower layer includes a higher one (see LAYERS below);
  * any include cycle exists among the project's own files.

Usage: layer_check.py [ROOT]      check ROOT/src (default: the repository)
       layer_check.py --self-test check that the checker itself catches what it should
"""
import os
import re
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)

# What each top-level folder of src/ may include from the project (besides itself and std).
LAYERS = {
    "core": {"core"},
    "log": {"core", "log"},
    "config": {"core", "config"},
    "http": {"core", "log", "http"},
    "db": {"core", "log", "db"},
    "jobs": {"core", "log", "db", "jobs"},
    "domain": {"core", "domain"},
    "persistence": {"core", "log", "db", "domain", "persistence"},
    "adapters": {"core", "log", "config", "domain", "adapters"},
    "api": {"core", "log", "http", "db", "jobs", "domain", "api", "app/services.hpp"},
    "web": {"core", "log", "http", "jobs", "domain", "web", "api", "app/services.hpp"},  # no db/, persistence/
    "realtime": {"core", "log", "http", "domain", "realtime"},
    "app": None,  # the composition root may include anything
}

# System headers the domain layer must never see.
FORBIDDEN_IN_DOMAIN = re.compile(r"^(boost/(beast|asio)|soci|sqlite3|libpq|postgresql|pqxx|spdlog|httplib)")


def sources(src):
    for folder, _, files in os.walk(src):
        for name in files:
            if name.endswith((".hpp", ".cpp", ".h", ".cc")):
                path = os.path.join(folder, name)
                yield os.path.relpath(path, src).replace(os.sep, "/"), path


def allowed(layer, target):
    rules = LAYERS.get(layer)
    if rules is None:
        return True
    top = target.split("/", 1)[0]
    return top in rules or target in rules


def check(root):
    src = os.path.join(root, "src")
    problems = []
    graph = {}
    known = dict(sources(src))
    for rel, path in known.items():
        with open(path, encoding="utf-8") as f:
            text = f.read()
        layer = rel.split("/", 1)[0]
        graph[rel] = []
        for kind, target in INCLUDE.findall(text):
            if kind == "<":
                if layer == "domain" and FORBIDDEN_IN_DOMAIN.match(target):
                    problems.append(f"{rel}: domain code includes <{target}> (HTTP or database)")
                continue
            if target not in known:
                # Relative include of a sibling, or a generated file.
                sibling = os.path.normpath(os.path.join(os.path.dirname(rel), target)).replace(os.sep, "/")
                if sibling in known:
                    target = sibling
                else:
                    continue
            graph[rel].append(target)
            if not allowed(layer, target):
                what = "HTTP or database" if layer == "domain" else "a higher layer"
                problems.append(f'{rel}: includes "{target}" ({what}; {layer}/ may use {sorted(LAYERS[layer])})')
    problems.extend(find_cycles(graph))
    return problems


def find_cycles(graph):
    cycles, state, stack = [], {}, []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                cycles.append("include cycle: " + " -> ".join(cycle))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return cycles


def self_test():
    def tree(files):
        d = tempfile.mkdtemp()
        for rel, text in files.items():
            p = os.path.join(d, "src", rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w", encoding="utf-8") as f:
                f.write(text)
        return d

    clean = tree({"core/a.hpp": "#include <string>\n", "domain/x/x.hpp": '#include "core/a.hpp"\n'})
    assert check(clean) == [], check(clean)
    beast = tree({"domain/x/x.cpp": "#include <boost/beast/http.hpp>\n"})
    assert any("HTTP or database" in p for p in check(beast)), check(beast)
    db = tree({"db/database.hpp": "", "domain/x/x.cpp": '#include "db/database.hpp"\n'})
    assert any("domain/x/x.cpp" in p for p in check(db)), check(db)
    soci = tree({"domain/x/x.cpp": "#include <soci/soci.h>\n"})
    assert check(soci), "soci in domain must fail"
    upward = tree({"http/r.hpp": "", "core/c.hpp": '#include "http/r.hpp"\n'})
    assert any("higher layer" in p for p in check(upward)), check(upward)
    cycle = tree({"core/a.hpp": '#include "core/b.hpp"\n', "core/b.hpp": '#include "core/a.hpp"\n'})
    assert any("include cycle" in p for p in check(cycle)), check(cycle)
    print("layer_check self-test: 6 cases behave")


def main():
    if sys.argv[1:] == ["--self-test"]:
        self_test()
        return 0
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    problems = check(root)
    for p in problems:
        print(p)
    if problems:
        print(f"layer check: {len(problems)} problem(s)")
        return 1
    print("layer check: clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
