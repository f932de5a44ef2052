#!/usr/bin/env python3
"""The stage folders keep their layering (docs/architecture.md).

For each tree (generator/, runtime/src/), every folder with a CMakeLists.txt
is a stage. Its CMakeLists.txt says which stages it may include: the
`# May include: a/, b/.` line, and for a library stage the
`target_link_libraries(<prefix><stage> PUBLIC ...)` line, which must agree.
Checked here:
  - every `#include "<stage>/..."` in a stage's sources names the stage
    itself or one it may include;
  - the umbrella headers at a tree's root are included by no stage but the
    ones named in UMBRELLA_USERS;
  - the may-include graph has no cycle.
Usage: check_layers.py PROJECT_ROOT. Exit status 1 on any violation."""
import os
import re
import sys

TREES = [
    # (tree, target prefix of a stage's library, stages allowed to include root headers)
    ("generator", "scc_", {"cli"}),
    ("runtime/src", "sc_rt_", set()),
]
SOURCE = re.compile(r"\.(c|h|re|y)$")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def allowed_of(path, stage, prefix, errors):
    text = open(path).read()
    may = None
    m = re.search(r"^# May include: (.*?)\.\s*(The|$)", text, re.M | re.S)
    if m:
        words = m.group(1).replace("\n#", " ")
        may = set() if "nothing" in words else {w.strip().rstrip("/") for w in words.split(",")}
    link = None
    m = re.search(r"target_link_libraries\(\s*%s%s\s+(?:PUBLIC|PRIVATE|INTERFACE)\s*([^)]*)\)" % (prefix, stage), text)
    if m:
        link = {w[len(prefix):] for w in m.group(1).split() if w.startswith(prefix)}
    if may is None and link is None:
        errors.append(f"{path}: says neither '# May include:' nor target_link_libraries({prefix}{stage} ...)")
        return set()
    if may is not None and link is not None and may != link:
        errors.append(f"{path}: '# May include' ({sorted(may)}) and the link line ({sorted(link)}) disagree")
    return may if may is not None else link


def check_tree(root, tree, prefix, umbrella_users, errors):
    base = os.path.join(root, tree)
    stages = sorted(d for d in os.listdir(base) if os.path.isfile(os.path.join(base, d, "CMakeLists.txt")))
    if not stages:
        errors.append(f"{tree}: no stage folders")
        return
    umbrellas = {f for f in os.listdir(base) if f.endswith(".h")}
    graph = {}
    for s in stages:
        allowed = allowed_of(os.path.join(base, s, "CMakeLists.txt"), s, prefix, errors)
        for a in allowed:
            if a not in stages:
                errors.append(f"{tree}/{s}/CMakeLists.txt: may include '{a}/', which is not a stage")
        graph[s] = allowed
        for dp, _, files in os.walk(os.path.join(base, s)):
            for f in files:
                if not SOURCE.search(f):
                    continue
                p = os.path.join(dp, f)
                for inc in INCLUDE.findall(open(p, errors="replace").read()):
                    first = inc.split("/")[0]
                    rel = os.path.relpath(p, root)
                    if "/" in inc and first in stages and first != s and first not in allowed:
                        errors.append(f"{rel}: includes \"{inc}\", but {s}/ may not include {first}/")
                    if "/" not in inc and inc in umbrellas and s not in umbrella_users:
                        errors.append(f"{rel}: includes the umbrella header \"{inc}\"; include the stage headers it needs")
    # No cycle in the may-include graph.
    state = {}

    def visit(s, path):
        if state.get(s) == 1:
            errors.append(f"{tree}: stages include each other in a circle: {' -> '.join(path + [s])}")
            return
        if state.get(s) == 2:
            return
        state[s] = 1
        for t in sorted(graph.get(s, ())):
            if t != s:
                visit(t, path + [s])
        state[s] = 2

    for s in stages:
        visit(s, [])
    print(f"{tree}: {len(stages)} stages: " + "; ".join(f"{s} -> {','.join(sorted(graph[s])) or '-'}" for s in stages))


def main():
    root = sys.argv[1]
    errors = []
    for tree, prefix, users in TREES:
        if os.path.isdir(os.path.join(root, tree)):
            check_tree(root, tree, prefix, users, errors)
    for e in errors:
        print("FAIL " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
