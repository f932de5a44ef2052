# Assertions shared by the migration CLI tests (cli_test.sh, runner_test.sh,
# lifecycle_test.sh): sourced, not run. The caller sets $work (a scratch
# directory) and fails=0, and exits non-zero when $fails is not 0.

fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
# expect CODE DESCRIPTION -- command...: run it, its output in $work/out and
# $work/err, and check its exit code
expect() {
  local want=$1 what=$2; shift 3
  "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  if [ "$rc" != "$want" ]; then
    fail "$what: exit $rc, expected $want"; sed 's/^/  | /' "$work/out" "$work/err" >&2
  fi
}
# has TEXT / hasnt TEXT: the last command's output holds TEXT / does not
has() { grep -q -- "$1" "$work/out" "$work/err" || { fail "output lacks '$1'"; sed 's/^/  | /' "$work/out" "$work/err" >&2; }; }
hasnt() { ! grep -q -- "$1" "$work/out" "$work/err" || { fail "output has '$1'"; sed 's/^/  | /' "$work/out" "$work/err" >&2; }; }
