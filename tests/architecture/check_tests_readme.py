#!/usr/bin/env python3
"""tests/README.md names tests that exist: every `name` (or `prefix_*`) in
the second column of its tables matches a test of this build (`ctest -N`).
Rows that name a configure option (`-D...=ON`: the test exists only with,
or only without, it) are skipped. Usage: check_tests_readme.py README CTEST BUILD_DIR."""
import fnmatch
import re
import subprocess
import sys

readme, ctest, build = sys.argv[1:4]
out = subprocess.run([ctest, "-N", "--test-dir", build], capture_output=True, text=True, check=True).stdout
names = re.findall(r"^\s*Test\s+#\d+: (\S+)", out, re.M)
if not names:
    print("FAIL: ctest -N lists no tests")
    sys.exit(1)
bad = []
for n, line in enumerate(open(readme), 1):
    cols = line.split("|")
    if not line.startswith("|") or len(cols) < 4 or "-D" in cols[1] + cols[2]:
        continue
    for name in re.findall(r"`([^`]+)`", cols[2]):
        if re.fullmatch(r"[a-z0-9_*]+", name) and not any(fnmatch.fnmatch(t, name) for t in names):
            bad.append(f"{readme}:{n}: no test matches `{name}`")
for b in bad:
    print("FAIL " + b)
print(f"tests/README.md: {len(names)} tests in this build, {len(bad)} unknown names")
sys.exit(1 if bad else 0)
