-- A small shop and CRM written by hand in plain SQLite (not by schemac),
-- the way an existing database looks: INTEGER PRIMARY KEY AUTOINCREMENT,
-- enums as CHECK lists, DATETIME text columns, COLLATE NOCASE, partial and
-- expression indexes, `--` comments on columns, a reserved word and mixed
-- case in names, a view and a trigger. tests/pull pulls it
-- (pull_handwritten_sqlite); docs/pull.md shows the result.
PRAGMA foreign_keys = ON;

CREATE TABLE customers (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  email       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  -- As the customer typed it.
  "fullName"  TEXT NOT NULL,
  phone       VARCHAR(32),
  is_vip      BOOLEAN NOT NULL DEFAULT 0,
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  deleted_at  DATETIME
);

CREATE UNIQUE INDEX customers_email_ci_key ON customers (lower(email));

CREATE TABLE addresses (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  line1       TEXT NOT NULL,
  city        TEXT NOT NULL,
  postcode    TEXT NOT NULL,
  country     TEXT NOT NULL DEFAULT 'GB' CHECK (length(country) = 2),
  kind        TEXT NOT NULL DEFAULT 'shipping' CHECK (kind IN ('billing', 'shipping'))
);
CREATE INDEX addresses_customer_id_idx ON addresses (customer_id);

CREATE TABLE categories (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL UNIQUE,
  parent_id INTEGER REFERENCES categories (id) ON DELETE SET NULL
);

CREATE TABLE products (
  id          TEXT PRIMARY KEY,
  sku         TEXT NOT NULL,
  name        TEXT NOT NULL,
  category_id INTEGER REFERENCES categories (id),
  -- Unit price in pounds.
  price       NUMERIC(10, 2) NOT NULL CHECK (price >= 0),
  stock       INTEGER NOT NULL DEFAULT 0 CHECK (stock BETWEEN 0 AND 100000),
  attributes  TEXT CHECK (attributes IS NULL OR json_valid(attributes)),
  "Position"  INTEGER NOT NULL DEFAULT 0,
  active      INTEGER NOT NULL DEFAULT 1,
  CONSTRAINT products_sku_key UNIQUE (sku)
);
CREATE INDEX products_active_name_idx ON products (name) WHERE active = 1;
CREATE INDEX products_lower_name_idx ON products (lower(name));
CREATE INDEX products_price_idx ON products (price DESC);

-- "order" is a reserved word.
CREATE TABLE "order" (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE RESTRICT,
  status      TEXT NOT NULL DEFAULT 'pending'
              CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled')),
  channel     TEXT NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'phone', 'in-store')),
  placed_at   INTEGER NOT NULL,
  shipped_on  DATE,
  total       TEXT NOT NULL DEFAULT '0',
  note        TEXT,
  CHECK (shipped_on IS NULL OR status IN ('shipped', 'delivered'))
);
CREATE INDEX order_open_idx ON "order" (placed_at DESC) WHERE status = 'pending';
CREATE INDEX order_customer_placed_idx ON "order" (customer_id, placed_at DESC);
-- An expression the language cannot write (an operator): kept as a note.
CREATE INDEX order_total_cents_idx ON "order" ((total * 100));

CREATE TABLE order_items (
  order_id   INTEGER NOT NULL REFERENCES "order" (id) ON DELETE CASCADE,
  line_no    SMALLINT NOT NULL,
  product_id TEXT NOT NULL REFERENCES products (id),
  quantity   INTEGER NOT NULL CHECK (quantity > 0),
  unit_price TEXT NOT NULL,
  PRIMARY KEY (order_id, line_no)
);

CREATE TABLE payments (
  id        TEXT PRIMARY KEY,
  order_id  INTEGER NOT NULL REFERENCES "order" (id) ON DELETE CASCADE ON UPDATE CASCADE,
  amount    TEXT NOT NULL,
  method    TEXT NOT NULL CHECK (method IN ('card', 'paypal', 'bank_transfer')),
  paid_at   INTEGER NOT NULL,
  reference TEXT UNIQUE
);

CREATE TABLE reviews (
  id          INTEGER PRIMARY KEY,
  product_id  TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  customer_id INTEGER REFERENCES customers (id) ON DELETE SET NULL,
  rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  body        TEXT,
  created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX reviews_one_per_customer ON reviews (product_id, customer_id) WHERE customer_id IS NOT NULL;

CREATE TABLE tags (
  id    INTEGER PRIMARY KEY,
  label TEXT NOT NULL UNIQUE
);

CREATE TABLE product_tags (
  product_id TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  PRIMARY KEY (product_id, tag_id)
) WITHOUT ROWID;

CREATE TABLE support_tickets (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  subject     TEXT NOT NULL,
  priority    TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'urgent')),
  -- The agent handling it.
  "user"      TEXT,
  opened_at   INTEGER NOT NULL,
  closed_at   INTEGER,
  CHECK (closed_at IS NULL OR closed_at >= opened_at)
);

-- No primary key: the language cannot hold it.
CREATE TABLE event_log (
  happened_at INTEGER NOT NULL,
  message     TEXT NOT NULL
);

CREATE VIEW customer_totals AS
  SELECT c.id, c.email, count(o.id) AS orders FROM customers c JOIN "order" o ON o.customer_id = c.id GROUP BY c.id;

CREATE TRIGGER support_tickets_close AFTER UPDATE OF closed_at ON support_tickets
BEGIN
  INSERT INTO event_log (happened_at, message) VALUES (NEW.closed_at, 'ticket closed');
END;

-- schemac's own bookkeeping is left out.
CREATE TABLE schemac_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL);
