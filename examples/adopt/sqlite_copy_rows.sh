#!/bin/sh
# Copies every row of an existing SQLite file into a new one that
# `schemac migrate up` created from the schema pulled from it
# (docs/adopting.md, "SQLite: rebuild into a new file").
#   sqlite_copy_rows.sh OLD.db NEW.db
# Tables are matched by name and columns by name; a column only the new
# file has gets its default. Foreign keys are switched off while copying
# and checked at the end: any violation (or any CHECK or NOT NULL the old
# rows break) fails the copy and NEW.db keeps no rows.
set -eu
old=${1:?OLD.db} new=${2:?NEW.db}
[ -f "$old" ] || { echo "no such file: $old" >&2; exit 2; }
[ -f "$new" ] || { echo "no such file: $new" >&2; exit 2; }
lit=$(printf "%s" "$old" | sed "s/'/''/g")
# One INSERT ... SELECT per table the two files share, columns they share.
copy=$(sqlite3 -batch -bail "$new" "ATTACH '$lit' AS old;
SELECT printf('INSERT INTO main.\"%w\" (%s) SELECT %s FROM old.\"%w\";', t.name,
              group_concat(printf('\"%w\"', c.name), ', '), group_concat(printf('\"%w\"', c.name), ', '), t.name)
FROM main.sqlite_master t
JOIN pragma_table_info(t.name, 'main') c
WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND t.name NOT LIKE 'schemac\\_%' ESCAPE '\\'
  AND EXISTS (SELECT 1 FROM old.sqlite_master o WHERE o.type = 'table' AND o.name = t.name)
  AND c.name IN (SELECT name FROM pragma_table_info(t.name, 'old'))
GROUP BY t.name ORDER BY t.name;")
violations=$(printf "ATTACH '%s' AS old;\nPRAGMA foreign_keys = OFF;\nBEGIN;\n%s\nSELECT 'foreign key: ' || \"table\" || ' row ' || rowid || ' -> ' || parent FROM pragma_foreign_key_check;\n" \
  "$lit" "$copy" | sqlite3 -batch -bail "$new")
if [ -n "$violations" ]; then
  echo "$violations" >&2
  echo "sqlite_copy_rows: rows break foreign keys; nothing was copied" >&2
  exit 1
fi
printf "ATTACH '%s' AS old;\nPRAGMA foreign_keys = OFF;\nBEGIN;\n%s\nCOMMIT;\n" "$lit" "$copy" | sqlite3 -batch -bail "$new"
echo "copied $(printf "%s\n" "$copy" | grep -c '^INSERT') tables from $old into $new"
