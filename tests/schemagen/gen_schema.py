"""Random valid schemas for the schema generator test (schemagen.py).

gen_schema(seed, categories) returns a Schema: its text plus what the C
driver needs (entities in declaration order, their columns, primary keys
and foreign keys). Everything is drawn from random.Random(seed), so a seed
names a schema. Foreign keys point only at earlier entities, so the
declaration order is a valid insertion order.

Categories switch on hostile material; "base" (always on) draws every
type, attribute, nullability and key shape with ordinary names.
"""
import random

CATEGORIES = {
    "c_macros": "C macros and standard names as field/entity names (EOF, BUFSIZ, SIZE_MAX, linux, errno, bool, ...)",
    "c_keywords": "C keywords as names (check must reject them)",
    "stems": "field names equal to generated locals and parameters (key, st, rc, conn, out, n, q, page, mem, _mem, ...)",
    "entity_collide": "entity names whose generated names collide (Task + TaskList, Lead + LeadPage/LeadKey/LeadMeta)",
    "case_twins": "names differing only in case (email/Email, Tier/TIER, @@table Things/things)",
    "sql_keywords": "SQL keywords as names (select, order, group, user, table)",
    "schema_keywords": "schema-language keywords as field names (schema, entity, enum, query)",
    "runtime_prefix": "schema named like the runtime's prefix (schema sc, entity Conn)",
    "long_names": "63-byte field and column names, 55-63-byte table names",
    "utf8": "UTF-8 in @@table/@column names, docs and string defaults",
    "hostile_strings": "quotes, backslashes, */, /*, ??=, %, newlines in docs, @@table/@column names and string defaults",
    "updated_soft": "a nullable @updated_at together with @soft_delete",
    "tenant": "@tenant fields (uuid, int, bigint, string)",
    "sensitive_key": "@sensitive on a primary key",
}

PLAIN_FIELDS = ["title", "amount", "label", "notes", "score", "price", "kind", "active", "born_on",
                "payload", "avatar", "ref_code", "quantity", "ratio", "summary", "city", "zip",
                "weight", "height", "color", "started", "finished", "rank", "owner", "slug", "alias"]
PLAIN_ENTITIES = ["Account", "Invoice", "Product", "Ticket", "Comment", "Project", "Widget",
                  "Customer", "Shipment", "Region", "Article", "Device", "Badge", "Course"]
PLAIN_ENUMS = ["Priority", "Stage", "Mood", "Level", "Flavor"]
PLAIN_VALUES = ["low", "medium", "high", "draft", "live", "archived", "red", "green", "blue"]

HOSTILE = {
    "c_macros": {"fields": ["EOF", "BUFSIZ", "SIZE_MAX", "INT32_MAX", "INT_MAX", "linux", "unix",
                            "errno", "bool", "NULL", "stdin", "stdout", "CHAR_BIT", "true", "false",
                            "UINT64_C", "FILE", "size_t", "int32_t", "sc_conn", "sc_status", "main",
                            "free", "malloc", "memcpy", "strlen", "printf", "abort", "exit"],
                 "entities": ["FILE", "EOF", "Errno"], "values": ["EOF", "stdin", "NULL"]},
    "c_keywords": {"fields": ["int", "char", "return", "static", "default", "case", "register",
                              "auto", "typedef", "inline", "restrict", "_Bool", "__x"],
                   "entities": ["Struct", "union"], "values": ["default", "case"]},
    "stems": {"fields": ["key", "st", "rc", "conn", "flags", "out", "n", "q", "page", "mem",
                         "_mem", "row", "rows", "seed", "sql", "stmt", "err", "i", "len", "buf",
                         "c", "m", "p", "v", "s", "cols", "ncols", "cursor", "next", "arena",
                         "meta", "col", "keys", "values", "tx", "res", "result", "count", "first",
                         "ok", "expected_version", "has_title", "tenant", "cache", "name", "e"],
              "entities": ["Conn", "Page", "Key", "Col", "Query", "Meta", "Row"], "values": ["key", "n"]},
    "sql_keywords": {"fields": ["select", "order", "group", "user", "table", "from", "where",
                                "limit", "offset", "primary", "check", "constraint", "index",
                                "references", "desc", "asc", "null", "not", "and", "or", "in", "is"],
                     "entities": ["Order", "User", "Group", "Select", "Table"],
                     "values": ["select", "null", "order"]},
    "schema_keywords": {"fields": ["schema", "entity", "enum", "query"], "entities": [],
                        "values": ["schema", "entity"]},
}

HOSTILE_STRINGS = ['we"ird', "back\\slash", "trail\\", "per%cent%s", "a*/b", "/* c", "??=x??/",
                   "line\nbreak", "tab\tbed", "it's", "'; DROP TABLE x; --", "$1", "{{x}}",
                   "\\n", "%n%d", "a\"b\\\"c"]
UTF8_STRINGS = ["naïve", "Größe", "名前", "émoji 🎉", "ñandú", "Ωmega", "сущность"]
PLAIN_STRINGS = ["hello", "x", "Default value", "n/a"]

CASE_TWIN_FIELDS = [("email", "Email"), ("tier", "TIER"), ("id2", "ID2"), ("name", "Name")]
COLLIDE_ENTITIES = [("Task", "TaskList"), ("Lead", "LeadPage"), ("Lead", "LeadKey"),
                    ("Lead", "LeadMeta"), ("Lead", "LeadCol"), ("Task", "TaskQuery"),
                    ("Lead", "LEAD"), ("Item", "ItemFake"), ("Tier", "TIER")]

ACTIONS = ["cascade", "restrict", "no_action", "set_null", "set_default"]


def sq(s):
    """A string literal of the schema language."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def sql_ident(name):
    return '"' + name.replace('"', '""') + '"'


def cut_utf8(s, nbytes):
    b = s.encode()[:nbytes]
    return b.decode("utf-8", "ignore")


class Field:
    def __init__(self, name, typ, nullable=False):
        self.name = name
        self.typ = typ          # "int", "string(20)", "decimal(10, 2)", an enum name, ...
        self.base = typ.split("(")[0]
        self.nullable = nullable
        self.attrs = []         # attribute texts
        self.column = None      # @column name
        self.doc = None
        self.default = None     # text of the @default argument
        self.is_pk = False
        self.fk = None          # (entity index, field index)
        self.special = set()    # created_at updated_at soft_delete version tenant autoinc

    def sql_name(self):
        return self.column if self.column is not None else self.name


class Entity:
    def __init__(self, name):
        self.name = name
        self.fields = []
        self.attrs = []
        self.table = None
        self.doc = None
        self.pk = []            # field indexes in key order
        self.has_soft_delete = False

    def field(self, name):
        for f in self.fields:
            if f.name == name:
                return f
        return None


class Schema:
    def __init__(self, name):
        self.name = name
        self.enums = []         # (name, values, doc)
        self.entities = []
        self.text = ""


class Gen:
    def __init__(self, seed, categories):
        self.r = random.Random(seed)
        self.cats = set(categories)
        self.seed = seed
        self.index_names = set()

    def on(self, cat, p):
        return cat in self.cats and self.r.random() < p

    def pick(self, xs):
        return self.r.choice(xs)

    # ---- names --------------------------------------------------------
    def field_name(self, used):
        r = self.r
        for _ in range(50):
            pools = []
            for cat in ("c_macros", "c_keywords", "stems", "sql_keywords", "schema_keywords"):
                if cat in self.cats and r.random() < 0.12:
                    pools.append(HOSTILE[cat]["fields"])
            if "long_names" in self.cats and r.random() < 0.08:
                n = r.choice([63, 63, 62, 59, 64])
                name = ("f" + r.choice("abcdefgh") + "_" + "x" * 80)[:n]
            elif pools:
                name = r.choice(r.choice(pools))
            else:
                name = r.choice(PLAIN_FIELDS) + r.choice(["", "", "", "_" + str(r.randint(1, 9))])
            if name not in used:
                used.add(name)
                return name
        name = "f%d" % len(used)
        used.add(name)
        return name

    def hostile_text(self, maxlen=None):
        r = self.r
        pools = [PLAIN_STRINGS]
        if "hostile_strings" in self.cats:
            pools += [HOSTILE_STRINGS] * 3
        if "utf8" in self.cats:
            pools += [UTF8_STRINGS] * 2
        s = r.choice(r.choice(pools))
        if r.random() < 0.3:
            s = s + r.choice(r.choice(pools))
        if maxlen is not None:
            s = s[:maxlen]
        return s

    def doc(self):
        if self.r.random() < 0.35:
            lines = [self.hostile_text().replace("\n", " ").replace("\t", " ") for _ in range(self.r.randint(1, 2))]
            return [l.rstrip() for l in lines]
        return None

    # ---- schema -------------------------------------------------------
    def make(self):
        r = self.r
        name = "sg%d" % self.seed
        if self.on("runtime_prefix", 0.7):
            name = r.choice(["sc", "sc", "sc", "schemac", "sc_conn", "sqlite3", "PQ", "pg"])
        elif self.on("c_macros", 0.05):
            name = r.choice(["linux", "unix", "EOF"])
        s = Schema(name)
        taken = set()
        for _ in range(r.choice([0, 0, 1, 1, 2])):
            en = r.choice(PLAIN_ENUMS)
            if self.on("case_twins", 0.3):
                en = r.choice(["Tier", "TIER", "tier"])
            if en in taken:
                continue
            taken.add(en)
            vals = r.sample(PLAIN_VALUES, r.randint(1, 4))
            for cat in ("c_macros", "stems", "sql_keywords", "schema_keywords", "c_keywords"):
                if self.on(cat, 0.15):
                    v = r.choice(HOSTILE[cat]["values"])
                    if v not in vals:
                        vals.append(v)
            s.enums.append((en, vals, self.doc()))
        n = r.randint(1, 5)
        names = []
        if self.on("entity_collide", 0.6):
            names += list(r.choice(COLLIDE_ENTITIES))
        if self.on("runtime_prefix", 0.8):
            names.append(r.choice(["Conn", "Pool", "Stmt", "Tx", "Status", "Query", "Arena", "Uuid",
                                   "Bytes", "Error", "Config", "Cache", "Row"]))
        for cat in ("c_macros", "stems", "sql_keywords", "c_keywords"):
            if self.on(cat, 0.2):
                names.append(r.choice(HOSTILE[cat]["entities"]))
        if self.on("case_twins", 0.2):
            names += ["Thing", "THING"]
        while len(names) < n:
            names.append(r.choice(PLAIN_ENTITIES))
        for en in names[:max(n, 2) if len(names) > n else n]:
            if en in taken:
                continue
            taken.add(en)
            s.entities.append(self.entity(s, en))
        if not s.entities:
            s.entities.append(self.entity(s, "Fallback"))
        s.text = render(s)
        return s

    def entity(self, s, name):
        r = self.r
        e = Entity(name)
        e.doc = self.doc()
        used = set()
        self.primary_key(e, used)
        for _ in range(r.randint(1, 7)):
            self.plain_field(s, e, used)
        if s.entities and r.random() < 0.6:
            for _ in range(r.randint(1, 2)):
                self.fk_field(s, e, used)
        if r.random() < 0.3 or (self.on("updated_soft", 0.5)):
            self.lifecycle(e, used)
        if self.on("tenant", 0.4):
            t = r.choice(["uuid", "int", "bigint", "string(40)", "text"])
            f = Field(self.field_name(used) if r.random() < 0.3 else self.unique_name("tenant_id", used), t)
            f.attrs.append("@tenant")
            f.special.add("tenant")
            e.fields.append(f)
        if r.random() < 0.3:
            v = Field(self.unique_name("version", used), r.choice(["int", "bigint", "smallint"]))
            v.attrs.append("@version")
            e.fields.append(v)
        if r.random() < 0.3:
            r.shuffle(e.fields)
        self.distinct_columns(e)
        e.pk = [i for i, f in enumerate(e.fields) if f.is_pk]
        if hasattr(e, "pk_composite"):  # the order of @@id(a, b)
            e.pk = [[f.name for f in e.fields].index(n) for n in e.pk_composite]
        self.entity_attrs(e)
        return e

    def distinct_columns(self, e):
        """Two fields never share a column (check rejects that); names that
        differ only in case are the same column on SQLite, so they are kept
        apart too unless the case_twins category asks for them."""
        def key(n):
            return n if "case_twins" in self.cats else n.casefold()
        seen = set(key(f.name) for f in e.fields if f.column is None)
        for i, f in enumerate(e.fields):
            if f.column is None:
                continue
            while key(f.column) in seen:
                f.column = cut_utf8(f.column, 58) + "_%d" % i
                i += 100
            seen.add(key(f.column))

    def unique_name(self, base, used):
        name, k = base, 2
        while name in used:
            name = "%s_%d" % (base, k)
            k += 1
        used.add(name)
        return name

    def primary_key(self, e, used):
        r = self.r
        shape = r.choice(["uuid", "uuid_plain", "bigint_auto", "int_auto", "string", "bigint", "composite"])
        if shape == "composite":
            a = Field(self.field_name(used), r.choice(["uuid", "int", "string(30)", "bigint"]))
            b = Field(self.field_name(used), r.choice(["uuid", "int", "string(30)", "bigint"]))
            for f in (a, b):
                f.is_pk = True
                f.pk_composite = True
                e.fields.append(f)
            e.pk_composite = (a.name, b.name)
            return
        name = self.field_name(used) if r.random() < 0.4 else self.unique_name("id", used)
        typ = {"uuid": "uuid", "uuid_plain": "uuid", "bigint_auto": "bigint", "int_auto": "int",
               "string": "string(%d)" % r.choice([20, 36, 64, 200]), "bigint": "bigint"}[shape]
        f = Field(name, typ)
        f.is_pk = True
        f.attrs.append("@id")
        if shape == "uuid":
            f.default = "uuid()"
        elif shape.endswith("_auto"):
            f.default = "autoincrement()"
            f.special.add("autoinc")
        if self.on("sensitive_key", 0.5):
            f.attrs.append("@sensitive")
        e.fields.append(f)

    def plain_field(self, s, e, used):
        r = self.r
        types = ["bool", "smallint", "int", "bigint", "float", "decimal", "string", "string(n)",
                 "text", "bytes", "uuid", "timestamp", "date", "json"]
        if s.enums:
            types += ["enum", "enum"]
        t = r.choice(types)
        if t == "decimal":
            p = r.randint(3, 20)
            sc = r.randint(0, min(p - 2, 6))
            typ = r.choice(["decimal(%d, %d)" % (p, sc), "decimal(%d)" % p, "decimal"])
        elif t == "string(n)":
            typ = "string(%d)" % r.choice([1, 5, 32, 255, 1000])
        elif t == "enum":
            typ = r.choice(s.enums)[0]
        else:
            typ = t
        f = Field(self.field_name(used), typ, r.random() < 0.35)
        f.doc = self.doc()
        enum_vals = None
        for en, vals, _ in s.enums:
            if en == typ:
                enum_vals = vals
        if r.random() < 0.4:
            f.default = self.default_for(f, enum_vals)
        if f.base in ("smallint", "int", "bigint", "float") and r.random() < 0.3:
            lo = r.randint(-100, 0)
            hi = r.randint(1, 1000)
            f.attrs.append("@check(%d..%d)" % (lo, hi))
            f.check = (lo, hi)
            if f.default is not None:
                f.default = str(r.randint(lo, hi))
        elif f.base == "decimal" and typ.startswith("decimal(") and r.random() < 0.3:
            f.attrs.append("@check(0..9)")
            if f.default is not None:
                f.default = "1"
        if f.base not in ("bytes", "json") and r.random() < 0.15:
            f.attrs.append(r.choice(["@unique", "@index"]))
            if r.random() < 0.2:
                f.attrs[-1] += "(name: %s)" % sq(self.index_name(e, f))
        if r.random() < 0.25 or (("hostile_strings" in self.cats or "utf8" in self.cats) and r.random() < 0.3):
            f.column = self.column_name(f)
        if r.random() < 0.1:
            f.attrs.append("@sensitive")
        e.fields.append(f)

    def index_name(self, e, f):
        n = self.hostile_text(40) if self.r.random() < 0.5 else "ix_%s" % f.name.lower()
        n = cut_utf8(n, 55) or "ix"
        while n.casefold() in self.index_names:  # index names are one namespace per schema
            n += "_%d" % len(self.index_names)
        self.index_names.add(n.casefold())
        return n

    def column_name(self, f):
        r = self.r
        if "long_names" in self.cats and r.random() < 0.3:
            base = self.hostile_text() + "_" + "c" * 80
            return cut_utf8(base, r.choice([63, 62, 61]))
        n = self.hostile_text()
        if not n or r.random() < 0.3:
            n = "col_" + f.name.lower()
        return cut_utf8(n, 63)

    def default_for(self, f, enum_vals):
        r = self.r
        b = f.base
        if b == "bool":
            return r.choice(["true", "false"])
        if b in ("smallint", "int", "bigint"):
            return str(r.randint(-300, 300))
        if b == "float":
            return r.choice(["1.5", "0", "-2.25"])
        if b == "decimal":
            return "1"
        if b in ("string", "text"):
            n = None
            if f.typ.startswith("string("):
                n = int(f.typ[7:-1])
            return sq(self.hostile_text(n))
        if b == "uuid":
            return r.choice(["uuid()", '"0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b"'])
        if b == "timestamp":
            return "now()"
        if b == "date":
            return r.choice(["now()", '"2024-02-29"'])
        if b == "json":
            return r.choice(['"{}"', '"[1, 2]"', sq('{"k": %s}' % ('"' + self.hostile_text().replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'))])
        if enum_vals:
            return r.choice(enum_vals)
        return None

    def fk_field(self, s, e, used):
        r = self.r
        targets = [(i, t) for i, t in enumerate(s.entities) if len(t.pk) == 1]
        self_ref = r.random() < 0.15
        if not targets and not self_ref:
            return
        own_pk = [f for f in e.fields if f.is_pk]
        if self_ref and len(own_pk) == 1:
            ti, tname, tf = len(s.entities), e.name, own_pk[0]
        else:
            if not targets:
                return
            ti, t = r.choice(targets)
            tname, tf = t.name, t.fields[t.pk[0]]
        f = Field(self.field_name(used), tf.typ, r.random() < 0.5 or ti == len(s.entities))
        f.fk = (ti, tf)
        if r.random() < 0.2:  # lets on_delete: set_default be drawn
            f.default = {"uuid": '"0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b"', "int": "7", "bigint": "7",
                         "string": '"dflt"'}[tf.base]
        args = ["%s.%s" % (tname, tf.name)]
        if r.random() < 0.6:
            acts = ACTIONS[:]
            if not f.nullable:
                acts.remove("set_null")
            if f.default is None:
                acts.remove("set_default")
            args.append("on_delete: " + r.choice(acts))
        if r.random() < 0.4:
            acts = [a for a in ACTIONS if a not in ("set_default",) and (f.nullable or a != "set_null")]
            args.append("on_update: " + r.choice(acts))
        f.attrs.append("@ref(%s)" % ", ".join(args))
        if r.random() < 0.2:
            f.attrs.append("@index")
        e.fields.append(f)

    def lifecycle(self, e, used):
        r = self.r
        if r.random() < 0.7:
            f = Field(self.unique_name("created_at", used), "timestamp")
            f.attrs.append("@created_at")
            if r.random() < 0.3:
                f.default = "now()"
            e.fields.append(f)
        soft = r.random() < 0.5 or "updated_soft" in self.cats
        nullable_upd = soft and self.on("updated_soft", 0.7)
        if r.random() < 0.7 or nullable_upd:
            f = Field(self.unique_name("updated_at", used), "timestamp", nullable_upd)
            f.attrs.append("@updated_at")
            e.fields.append(f)
        if soft:
            f = Field(self.unique_name("deleted_at", used), "timestamp", True)
            f.attrs.append("@soft_delete")
            e.has_soft_delete = True
            e.fields.append(f)

    def entity_attrs(self, e):
        r = self.r
        if hasattr(e, "pk_composite"):
            e.attrs.append("@@id(%s, %s)" % e.pk_composite)
        if r.random() < 0.35 or ("long_names" in self.cats and r.random() < 0.4):
            e.table = self.table_name(e)
            e.attrs.append("@@table(%s)" % sq(e.table))
        cand = [f for f in e.fields if f.base not in ("bytes", "json") and not f.is_pk]
        if len(cand) >= 2 and r.random() < 0.3:
            a, b = r.sample(cand, 2)
            e.attrs.append("@@unique(%s, %s)" % (a.name, b.name))
        k = []
        if len(cand) >= 1 and r.random() < 0.35:
            k = r.sample(cand, min(len(cand), r.randint(1, 2)))
            if len(k) == 1 and any(a.startswith(("@index", "@unique")) for a in k[0].attrs):
                k = []  # the same index (and name) as the field's own
        if k:
            cols = ", ".join(f.name + r.choice(["", " desc", " asc"]) for f in k)
            extra = ""
            if r.random() < 0.3:
                extra += ", where: %s" % sq("%s IS NOT NULL" % sql_ident(k[0].sql_name()))
            e.attrs.append("@@index(%s%s)" % (cols, extra))
        if r.random() < 0.25:
            f = r.choice(e.fields)
            body = r.choice(["%s = %s" % (sql_ident(f.sql_name()), sql_ident(f.sql_name())),
                             "%s IS NULL OR 1 = 1" % sql_ident(f.sql_name()),
                             "length('a''b') = 3"])
            e.attrs.append("@@check(%s)" % sq(body))

    def table_name(self, e):
        r = self.r
        if "long_names" in self.cats and r.random() < 0.5:
            stem = r.choice(["t", "ü" if "utf8" in self.cats else "u", self.hostile_text()])
            return cut_utf8(stem + "_" + "t" * 80 + "é" * 10, r.choice([63, 62, 61, 60, 59, 55]))
        if self.on("case_twins", 0.4):
            return r.choice(["Things", "things", "THINGS"])
        t = self.hostile_text()
        if r.random() < 0.4 or not t:
            t = "tbl_" + e.name.lower()
        t = cut_utf8(t, 55)
        while t.casefold() in self.index_names:  # tables and indexes share a namespace
            t += "_%d" % len(self.index_names)
        self.index_names.add(t.casefold())
        return t


def render(s):
    out = ["schema %s" % s.name, ""]
    for en, vals, doc in s.enums:
        for l in doc or []:
            out.append("/// " + l)
        out.append("enum %s { %s }" % (en, " ".join(vals)))
        out.append("")
    for e in s.entities:
        for l in e.doc or []:
            out.append("/// " + l)
        out.append("entity %s {" % e.name)
        for f in e.fields:
            for l in f.doc or []:
                out.append("  /// " + l)
            attrs = list(f.attrs)
            if f.default is not None:
                attrs.insert(1 if f.is_pk else 0, "@default(%s)" % f.default)
            if f.column is not None:
                attrs.append("@column(%s)" % sq(f.column))
            out.append("  %s %s%s %s" % (f.name, f.typ, "?" if f.nullable else "", " ".join(attrs)))
        if e.attrs:
            out.append("")
            for a in e.attrs:
                out.append("  " + a)
        out.append("}")
        out.append("")
    return "\n".join(out)


PK_CTYPES = {"uuid": "uuid", "int": "int32_t", "bigint": "int64_t", "smallint": "int16_t",
             "string": "str", "text": "str", "date": "int32_t", "timestamp": "int64_t"}


def structure(s):
    """What the C driver needs, as plain data (stored in case files)."""
    ents = []
    for ei, e in enumerate(s.entities):
        fks = []
        for ci, f in enumerate(e.fields):
            if f.fk is not None and f.fk[0] < ei:
                parent = s.entities[f.fk[0]]
                fks.append([ci, f.fk[0], parent.fields.index(f.fk[1])])
        ents.append({"table": e.table, "ncols": len(e.fields),
                     "pk": [PK_CTYPES[e.fields[i].base] for i in e.pk], "fks": fks})
    return {"entities": ents}


def pick_categories(seed, enabled):
    """The categories one schema draws from: none (base only) or one or two
    of the enabled ones, so that a category whose names check rejects
    (C keywords) does not make every schema a rejection."""
    r = random.Random(seed * 7919 + 17)
    k = r.choice([0, 1, 1, 1, 2])
    return sorted(r.sample(sorted(enabled), min(k, len(enabled))))


def gen_schema(seed, categories):
    return Gen(seed, categories).make()
