#!/usr/bin/env bash
# Every `schemac ...` command shown in a code block of README.md or
# docs/*.md must still be right:
#   - its command exists and `schemac <command> --help` exits 0 and mentions
#     every --option the line uses (for `migrate <sub>`, also the sub);
#   - an example line (`$ schemac ...`) of check, fmt, sql, erd, generate, or
#     seed on a sqlite: URL is run for real, from a scratch copy of the repository
#     (so `fmt` may rewrite files), and must exit 0. Examples that name
#     files the repository does not have (e.g. broken.schema) and commands
#     that need more set-up (migrate, seed on PostgreSQL) get the --help
#     check only. For seed on sqlite:PATH, PATH is first created from
#     `schemac sql` of the schema the seeds directory is named after; for
#     generate, the --out directory is created (as the tour's mkdir would).
# Synopsis lines (`schemac ...` without `$ `) get the --help check.
#   docs_commands.sh SCHEMAC SOURCE_DIR
set -u
schemac=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"
ln -s "$(cd "$(dirname "$schemac")" && pwd)/$(basename "$schemac")" "$tmp/bin/schemac"
export PATH="$tmp/bin:$PATH"
fail=0 nlines=0 nrun=0

help_of() { # cached help text of a command
  local f="$tmp/help.$1"
  [ -f "$f" ] || { schemac "$1" --help > "$f" 2>&1 || echo "__help_failed__" >> "$f"; }
  cat "$f"
}

check_line() { # check_line DOC LINE
  local doc=$1 line=$2 example=0
  case $line in '$ '*) example=1; line=${line#'$ '} ;; esac
  line=${line%%#*}                                   # shell comment
  local cmdline=${line%%[|>]*}                       # before a pipe or redirection
  read -r -a tok <<< "$cmdline"
  [ "${tok[0]}" = schemac ] || return 0
  case ${tok[1]:-} in *:) return 0 ;; esac           # output ("schemac pull: warning: ...")
  nlines=$((nlines + 1))
  local cmd=${tok[1]:-}
  case $cmd in
    --help|-h|--version|-V)
      schemac "$cmd" > /dev/null 2>&1 || { echo "FAIL $doc: '$line': exit $?"; fail=1; }
      return ;;
    '<'*) return ;;                                  # schemac <command> ...: generic synopsis
  esac
  local help
  help=$(help_of "$cmd")
  if printf '%s' "$help" | grep -q __help_failed__; then
    echo "FAIL $doc: '$line': 'schemac $cmd --help' fails:"; printf '%s\n' "$help" | head -5; fail=1; return
  fi
  local t opt bad=0
  if [ "$cmd" = migrate ]; then
    local sub=${tok[2]:-}
    printf '%s' "$help" | grep -qw -- "migrate $sub\|$sub" || { echo "FAIL $doc: '$line': 'migrate $sub' not in schemac migrate --help"; bad=1; }
  fi
  for t in "${tok[@]}"; do
    opt=$(printf '%s' "$t" | grep -o -- '--[a-z][a-z-]*' | head -n 1)
    [ -n "$opt" ] || continue
    printf '%s' "$help" | grep -q -- "$opt\b" || { echo "FAIL $doc: '$line': $opt not in 'schemac $cmd --help'"; bad=1; }
  done
  [ $bad = 0 ] || { fail=1; return; }
  [ $example = 1 ] || { echo "ok   $doc: $line (help)"; return; }

  # Run examples that need nothing beyond the repository.
  local runnable=0 missing=""
  case $cmd in
    check|fmt|sql|erd|generate) runnable=1 ;;
    seed) case $cmdline in *--db\ sqlite:*) runnable=1 ;; esac ;;
  esac
  for t in "${tok[@]:2}"; do
    case $t in -*|*'*'*) continue ;; esac
    case $t in *.schema) (cd "$tmp/repo" && [ -e "$t" ]) || missing="$missing $t" ;; esac
  done
  if [ $runnable = 0 ] || [ -n "$missing" ]; then
    echo "ok   $doc: $line (help only${missing:+: no$missing in the repository})"; return
  fi
  if [ "$cmd" = generate ]; then   # as the tour's `mkdir` would
    local out
    out=$(printf '%s\n' "${tok[@]}" | grep -A1 -x -- --out | tail -n 1)
    [ -z "$out" ] || mkdir -p "$tmp/repo/$out"
  fi
  if [ "$cmd" = seed ]; then
    local url dir db name
    url=$(printf '%s\n' "${tok[@]}" | sed -n 's/^sqlite:\(.*\)/\1/p' | head -n 1)
    dir=$(printf '%s\n' "${tok[@]}" | grep -A1 -x -- --dir | tail -n 1)
    name=$(basename "$dir")
    db="$tmp/repo/$url"
    if [ ! -e "$db" ]; then
      mkdir -p "$(dirname "$db")"
      (cd "$tmp/repo" && schemac sql "schema/$name.schema" --dialect sqlite | sqlite3 -bail "$db") \
        || { echo "FAIL $doc: '$line': cannot create $url from schema/$name.schema"; fail=1; return; }
    fi
  fi
  nrun=$((nrun + 1))
  if (cd "$tmp/repo" && bash -c "$cmdline" > "$tmp/out" 2>&1); then
    echo "ok   $doc: $line (ran)"
  else
    echo "FAIL $doc: '$line' exits $?:"; sed 's/^/     | /' "$tmp/out" | head -20; fail=1
  fi
}

mkdir -p "$tmp/repo"
# The parts of the repository that examples read (never build trees).
for d in schema examples templates; do
  [ -d "$src/$d" ] && cp -r "$src/$d" "$tmp/repo/"
done
docs=("$src/README.md" "$src"/docs/*.md)
for doc in "${docs[@]}"; do
  rel=${doc#"$src"/}
  while IFS= read -r line; do
    check_line "$rel" "$line"
  done < <(awk '/^[[:space:]]*```/ { inblock = !inblock; next }
                inblock && /^[[:space:]]*(\$ )?schemac[[:space:]]/ { sub(/^[[:space:]]*/, ""); print }' "$doc")
done
echo "$nlines command lines checked, $nrun run for real"
[ $nlines -gt 10 ] || { echo "FAIL expected more schemac commands in the docs"; fail=1; }
exit $fail
