#!/usr/bin/env bash
# Writes the SQLite twin of a PostgreSQL seed file: NAME.postgres.sql ->
# NAME.sqlite.sql beside it. The two databases differ only in how some
# values are spelt, so PostgreSQL seed files keep to these forms, which
# become:
#   TIMESTAMPTZ 'YYYY-MM-DD HH:MM:SS+00'          microseconds since the epoch
#   TIMESTAMPTZ '...' + (E) * INTERVAL '1 minute'  micros + (E) * 60000000
#   CAST(E AS uuid), CAST(E AS jsonb)             E (canonical text)
#   CAST(E AS date)                               E (text 'YYYY-MM-DD')
#   lpad(CAST(E AS text), N, '0')                 substr('00..0' || E, -N)
#   round((E) / 100.0, 2)                         printf('%.2f', (E) / 100.0)
#   SELECT set_config('schemac.tenant', 'ID', true);   a comment: SQLite has
#     no row-level security (the line must be exactly this, one per line)
# Literal uuid, json, date, bool and number values are spelt alike on both.
# tests/seed checks that every .sqlite.sql twin is what this script makes.
#   to_sqlite.sh FILE.postgres.sql...   (perl from Debian's perl-base)
set -euo pipefail
for in in "$@"; do
  out=${in%.postgres.sql}.sqlite.sql
  perl -pe '
    sub micros {   # days-from-civil (proleptic Gregorian), UTC
      my ($y, $m, $d, $H, $M, $S) = @_;
      $y -= $m <= 2; my $era = int($y / 400); my $yoe = $y - $era * 400;
      my $doy = int((153 * ($m + ($m > 2 ? -3 : 9)) + 2) / 5) + $d - 1;
      my $doe = $yoe * 365 + int($yoe / 4) - int($yoe / 100) + $doy;
      my $days = $era * 146097 + $doe - 719468;
      return (($days * 86400 + $H * 3600 + $M * 60 + $S) . "000000");
    }
    s/TIMESTAMPTZ \x27(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)\+00\x27 \+ \(([^()]*)\) \* INTERVAL \x271 minute\x27/micros($1,$2,$3,$4,$5,$6) . " + ($7) * 60000000"/ge;
    s/TIMESTAMPTZ \x27(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)\+00\x27/micros($1,$2,$3,$4,$5,$6)/ge;
    s/CAST\((.*?) AS (?:uuid|jsonb|date)\)/$1/g;
    s/^SELECT set_config\(\x27schemac\.tenant\x27, \x27([0-9a-f-]+)\x27, true\);$/-- tenant $1 (SQLite has no row-level security)/;
    s/lpad\(CAST\((.*?) AS text\), (\d+), \x270\x27\)/"substr(\x27" . ("0" x $2) . "\x27 || ($1), -$2)"/ge;
    s/round\(\((.*?)\) \/ 100\.0, 2\)/printf(\x27%.2f\x27, ($1) \/ 100.0)/g;
    s/The \.sqlite\.sql twin is made$/Made from the .postgres.sql twin/;
    s/^-- from this file by schema/-- by schema/;
  ' "$in" > "$out"
  echo "wrote $out"
done
