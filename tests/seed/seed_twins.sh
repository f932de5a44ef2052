#!/usr/bin/env bash
# Every example seed file for one database has its twin for the other, and
# each NAME.sqlite.sql is exactly what schema/seeds/to_sqlite.sh makes from
# NAME.postgres.sql (so the two databases get the same rows).
#   seed_twins.sh SOURCE_DIR
set -u
seeds=$1/schema/seeds
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
while IFS= read -r f; do
  rel=${f#"$seeds"/}
  case $f in
    *.postgres.sql) twin=${f%.postgres.sql}.sqlite.sql ;;
    *.sqlite.sql) twin=${f%.sqlite.sql}.postgres.sql ;;
    *) continue ;;
  esac
  [ -f "$twin" ] || { echo "FAIL $rel has no twin $(basename "$twin")"; fail=1; continue; }
  case $f in *.sqlite.sql) continue ;; esac
  n=$((n + 1))
  mkdir -p "$tmp/$(dirname "$rel")"
  cp "$f" "$tmp/$rel"
  "$seeds/to_sqlite.sh" "$tmp/$rel" > /dev/null
  if cmp -s "$tmp/${rel%.postgres.sql}.sqlite.sql" "$twin"; then
    echo "ok   ${rel%.postgres.sql}.sqlite.sql"
  else
    echo "FAIL ${rel%.postgres.sql}.sqlite.sql is not what to_sqlite.sh makes from $(basename "$f") (run it):"
    diff "$twin" "$tmp/${rel%.postgres.sql}.sqlite.sql" | head -10
    fail=1
  fi
done < <(find "$seeds" -name '*.sql' | sort)
[ $n -gt 0 ] || { echo "FAIL no seed files under $seeds"; fail=1; }
exit $fail
