-- Markets (Chợ 4.0): the class of each market site, its stalls with their
-- VietQR codes, inspections, monthly fee bills, imported bank statement rows,
-- the province's yearly target, and a rollup of adoption by zone, goods
-- category and day kept by a trigger on stalls (the board's and the
-- province's trends read only the rollups).

-- +goose Up

-- The day a change counts on: the request sets market.day from its clock;
-- otherwise today in Vietnam.
-- +goose StatementBegin
CREATE FUNCTION market_today() RETURNS date LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('market.day', true), '')::date, (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)
$$;
-- +goose StatementEnd

CREATE TABLE markets (
  tenant_id bigint NOT NULL,
  site_id   bigint NOT NULL,
  class     smallint NOT NULL CHECK (class BETWEEN 1 AND 3),
  -- the board's own account, which the fee bills' QR codes pay into
  fee_bin     text CHECK (fee_bin ~ '^[0-9]{6}$'),
  fee_account text CHECK (fee_account ~ '^[0-9A-Za-z]{1,19}$'),
  PRIMARY KEY (tenant_id, site_id),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE stalls (
  tenant_id        bigint NOT NULL,
  id               bigint GENERATED ALWAYS AS IDENTITY,
  site_id          bigint NOT NULL,
  code             text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9./-]{0,19}$'),
  zone             text NOT NULL CHECK (zone <> '' AND length(zone) <= 40),
  category         text NOT NULL CHECK (category IN ('fresh_food', 'produce', 'dry_goods', 'clothing', 'household', 'food_service', 'services', 'other')),
  fee_class        smallint NOT NULL DEFAULT 1 CHECK (fee_class BETWEEN 1 AND 3),
  holder_name      text NOT NULL CHECK (holder_name <> '' AND length(holder_name) <= 100),
  holder_phone     text NOT NULL CHECK (holder_phone ~ '^0[0-9]{9,10}$'),
  holder_id        text CHECK (holder_id ~ '^[0-9]{12}$'),
  bank_bin         text CHECK (bank_bin ~ '^[0-9]{6}$'),
  account          text CHECK (account ~ '^[0-9A-Za-z]{1,19}$'),
  card             boolean NOT NULL DEFAULT false,
  qr_source        text CHECK (qr_source IN ('generated', 'registered')),
  qr_payload       text CHECK (length(qr_payload) <= 512),
  accepts_cashless boolean NOT NULL DEFAULT false,
  inspected_on     date,
  inspected_by     text CHECK (length(inspected_by) <= 100),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, site_id, code),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id),
  CHECK ((qr_source IS NULL) = (qr_payload IS NULL)),
  CHECK (qr_payload IS NULL OR (bank_bin IS NOT NULL AND account IS NOT NULL))
);
CREATE INDEX stalls_site_zone ON stalls (tenant_id, site_id, zone, code);

-- Each inspection tick: does the stall accept cashless payment, who saw it.
CREATE TABLE stall_inspections (
  tenant_id  bigint NOT NULL,
  id         bigint GENERATED ALWAYS AS IDENTITY,
  site_id    bigint NOT NULL,
  stall_id   bigint NOT NULL,
  day        date NOT NULL,
  accepts    boolean NOT NULL,
  by_name    text NOT NULL CHECK (length(by_name) <= 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, stall_id) REFERENCES stalls (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX stall_inspections_stall ON stall_inspections (tenant_id, stall_id, day DESC);

-- Monthly fee bills: one a stall a month; the code goes in the transfer note.
CREATE TABLE market_bills (
  tenant_id   bigint NOT NULL,
  id          bigint GENERATED ALWAYS AS IDENTITY,
  site_id     bigint NOT NULL,
  stall_id    bigint NOT NULL,
  month       date NOT NULL CHECK (extract(day FROM month) = 1),
  code        text NOT NULL CHECK (code ~ '^[A-Z0-9]{6,24}$'),
  amount      bigint NOT NULL CHECK (amount > 0 AND amount < 1000000000),
  paid_method text CHECK (paid_method IN ('cash', 'qr')),
  paid_on     date,
  paid_by     text CHECK (length(paid_by) <= 100),
  -- the bill's link sent to the holder: anyone with it sees the bill, no personal data
  link_token  text NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', ''),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code),
  UNIQUE (tenant_id, stall_id, month),
  FOREIGN KEY (tenant_id, stall_id) REFERENCES stalls (tenant_id, id) ON DELETE CASCADE,
  CHECK ((paid_method IS NULL) = (paid_on IS NULL))
);
CREATE INDEX market_bills_month ON market_bills (tenant_id, site_id, month);
CREATE UNIQUE INDEX market_bills_link ON market_bills (link_token);

-- A bill by its link, for anyone who has it: the market, the stall's code,
-- the month, the amount and the board's account; no holder's name.
-- +goose StatementBegin
CREATE FUNCTION market_public_bill(p_token text)
RETURNS TABLE (market text, stall text, month date, code text, amount bigint, paid boolean, fee_bin text, fee_account text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  was text := coalesce(current_setting('app.all', true), '');
BEGIN
  -- the one row of the link, past row-level security, then the scope as it was
  PERFORM set_config('app.all', 'on', true);
  RETURN QUERY
    SELECT s.name, st.code, b.month, b.code, b.amount, b.paid_method IS NOT NULL, m.fee_bin, m.fee_account
    FROM market_bills b JOIN stalls st ON st.tenant_id = b.tenant_id AND st.id = b.stall_id
    JOIN sites s ON s.tenant_id = b.tenant_id AND s.id = b.site_id
    LEFT JOIN markets m ON m.tenant_id = b.tenant_id AND m.site_id = b.site_id
    WHERE b.link_token = p_token AND p_token ~ '^[0-9a-f]{32}$';
  PERFORM set_config('app.all', was, true);
END
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION market_public_bill FROM PUBLIC;
GRANT EXECUTE ON FUNCTION market_public_bill TO portal06_app;

-- Rows of imported bank statements; the fingerprint makes a re-import a no-op.
CREATE TABLE market_statement_rows (
  tenant_id   bigint NOT NULL,
  id          bigint GENERATED ALWAYS AS IDENTITY,
  fingerprint text NOT NULL,
  txn_date    date,
  amount      bigint NOT NULL,
  note        text NOT NULL CHECK (length(note) <= 500),
  ref         text NOT NULL DEFAULT '' CHECK (length(ref) <= 100),
  bill_id     bigint,
  outcome     text NOT NULL CHECK (outcome IN ('paid', 'no_code', 'unknown_bill', 'already_paid', 'amount_short')),
  imported_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, fingerprint),
  FOREIGN KEY (tenant_id, bill_id) REFERENCES market_bills (tenant_id, id) ON DELETE SET NULL (bill_id)
);

-- The province's target share (percent) of stalls with a QR and accepting
-- cashless payment, per year; 80 when a year has none.
CREATE TABLE market_targets (
  year    int PRIMARY KEY CHECK (year BETWEEN 2020 AND 2100),
  percent numeric(5, 2) NOT NULL CHECK (percent > 0 AND percent <= 100)
);

-- Adoption rollup: daily changes of the number of stalls, of those with a
-- QR and of those accepting cashless, by market, zone and goods category.
-- The value at a date is the sum of the changes up to it.
CREATE TABLE market_stall_days (
  tenant_id bigint NOT NULL,
  site_id   bigint NOT NULL,
  zone      text NOT NULL,
  category  text NOT NULL,
  day       date NOT NULL,
  stalls    int NOT NULL DEFAULT 0,
  with_qr   int NOT NULL DEFAULT 0,
  accepting int NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, site_id, zone, category, day),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id) ON DELETE CASCADE
);

CREATE TYPE market_delta AS (tenant_id bigint, site_id bigint, zone text, category text, n int, q int, a int);

-- Statement-level: one upsert per group of a bulk insert or COPY, not one per row.
-- +goose StatementBegin
CREATE FUNCTION market_stalls_rollup() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  d date := market_today();
  plus market_delta[] := '{}';
  minus market_delta[] := '{}';
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT coalesce(array_agg(ROW(tenant_id, site_id, zone, category, 1, (qr_payload IS NOT NULL)::int, accepts_cashless::int)::market_delta), '{}')
      INTO plus FROM new_rows;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT coalesce(array_agg(ROW(tenant_id, site_id, zone, category, -1, -(qr_payload IS NOT NULL)::int, -accepts_cashless::int)::market_delta), '{}')
      INTO minus FROM old_rows;
  END IF;
  INSERT INTO market_stall_days AS m (tenant_id, site_id, zone, category, day, stalls, with_qr, accepting)
    SELECT x.tenant_id, x.site_id, x.zone, x.category, d, sum(x.n), sum(x.q), sum(x.a) FROM unnest(plus || minus) x
    GROUP BY 1, 2, 3, 4 HAVING sum(x.n) <> 0 OR sum(x.q) <> 0 OR sum(x.a) <> 0
  ON CONFLICT (tenant_id, site_id, zone, category, day) DO UPDATE
    SET stalls = m.stalls + excluded.stalls, with_qr = m.with_qr + excluded.with_qr, accepting = m.accepting + excluded.accepting;
  PERFORM figure_add('market.stalls_qr', g.tenant_id, g.site_id, d, g.q, g.n), figure_add('market.stalls_cashless', g.tenant_id, g.site_id, d, g.a, g.n)
    FROM (SELECT x.tenant_id, x.site_id, sum(x.n) AS n, sum(x.q) AS q, sum(x.a) AS a FROM unnest(plus || minus) x GROUP BY 1, 2) g
    WHERE g.n <> 0 OR g.q <> 0 OR g.a <> 0;
  RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER stalls_rollup_ins AFTER INSERT ON stalls REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION market_stalls_rollup();
CREATE TRIGGER stalls_rollup_upd AFTER UPDATE ON stalls REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION market_stalls_rollup();
CREATE TRIGGER stalls_rollup_del AFTER DELETE ON stalls REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION market_stalls_rollup();

-- A bill paid moves the province's share of fees paid cashless, on the day paid.
-- +goose StatementBegin
CREATE FUNCTION market_bills_rollup() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF OLD.paid_method IS NOT NULL THEN
    PERFORM figure_add('market.fees_cashless', OLD.tenant_id, OLD.site_id, OLD.paid_on, -(OLD.paid_method = 'qr')::int, -1);
  END IF;
  IF NEW.paid_method IS NOT NULL THEN
    PERFORM figure_add('market.fees_cashless', NEW.tenant_id, NEW.site_id, NEW.paid_on, (NEW.paid_method = 'qr')::int, 1);
  END IF;
  RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER market_bills_rollup AFTER UPDATE OF paid_method, paid_on ON market_bills
  FOR EACH ROW WHEN (OLD.paid_method IS DISTINCT FROM NEW.paid_method OR OLD.paid_on IS DISTINCT FROM NEW.paid_on)
  EXECUTE FUNCTION market_bills_rollup();
-- +goose StatementBegin
CREATE FUNCTION market_bills_rollup_ins() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM figure_add('market.fees_cashless', g.tenant_id, g.site_id, g.paid_on, g.q, g.n)
    FROM (SELECT tenant_id, site_id, paid_on, count(*) FILTER (WHERE paid_method = 'qr') AS q, count(*) AS n
          FROM new_rows WHERE paid_method IS NOT NULL GROUP BY 1, 2, 3) g;
  RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER market_bills_rollup_ins AFTER INSERT ON market_bills REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION market_bills_rollup_ins();

ALTER TABLE markets ENABLE ROW LEVEL SECURITY;
ALTER TABLE markets FORCE ROW LEVEL SECURITY;
CREATE POLICY markets_scope ON markets USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK (app_site_row_writable(tenant_id, site_id));
ALTER TABLE stalls ENABLE ROW LEVEL SECURITY;
ALTER TABLE stalls FORCE ROW LEVEL SECURITY;
CREATE POLICY stalls_scope ON stalls USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK (app_site_row_writable(tenant_id, site_id));
ALTER TABLE stall_inspections ENABLE ROW LEVEL SECURITY;
ALTER TABLE stall_inspections FORCE ROW LEVEL SECURITY;
CREATE POLICY stall_inspections_scope ON stall_inspections USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK (app_site_row_writable(tenant_id, site_id));
ALTER TABLE market_bills ENABLE ROW LEVEL SECURITY;
ALTER TABLE market_bills FORCE ROW LEVEL SECURITY;
CREATE POLICY market_bills_scope ON market_bills USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK (app_site_row_writable(tenant_id, site_id));
ALTER TABLE market_statement_rows ENABLE ROW LEVEL SECURITY;
ALTER TABLE market_statement_rows FORCE ROW LEVEL SECURITY;
CREATE POLICY market_statement_rows_scope ON market_statement_rows
  USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
         AND ((SELECT app_all()) OR tenant_id = ANY ((SELECT app_ids('app.tenants'))::bigint[])))
  WITH CHECK (app_tenant_ok(tenant_id) AND (app_all() OR tenant_id = ANY (app_ids('app.tenants'))));
ALTER TABLE market_stall_days ENABLE ROW LEVEL SECURITY;
CREATE POLICY market_stall_days_read ON market_stall_days FOR SELECT USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])));
ALTER TABLE market_targets ENABLE ROW LEVEL SECURITY;
CREATE POLICY market_targets_read ON market_targets FOR SELECT USING (true);
CREATE POLICY market_targets_write ON market_targets FOR INSERT WITH CHECK ((SELECT app_all()));
CREATE POLICY market_targets_update ON market_targets FOR UPDATE USING ((SELECT app_all())) WITH CHECK ((SELECT app_all()));

GRANT SELECT, INSERT, UPDATE ON markets, stalls, market_bills TO portal06_app;
GRANT DELETE ON stalls TO portal06_app;
GRANT SELECT, INSERT ON stall_inspections TO portal06_app;
GRANT SELECT, INSERT, UPDATE ON market_statement_rows TO portal06_app;
GRANT SELECT ON market_stall_days TO portal06_app;
GRANT SELECT, INSERT, UPDATE ON market_targets TO portal06_app;

-- +goose Down
DROP TABLE market_stall_days, market_targets, market_statement_rows, market_bills, stall_inspections, stalls, markets;
DROP FUNCTION market_public_bill;
DROP FUNCTION market_stalls_rollup, market_bills_rollup, market_bills_rollup_ins, market_today;
DROP TYPE market_delta;
