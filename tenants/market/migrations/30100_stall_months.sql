-- Adoption by month: the changes of market_stall_days summed by market and
-- month, so that the province's markets page and every adoption trend read
-- one row per market and month (about 5,000 rows for 400 markets over a
-- year) instead of every day of change of every zone and category. Kept
-- by statement triggers on market_stall_days in the same transaction, as
-- figure_months is kept from figure_days. The value at the end of a month
-- is the sum of the changes of every month up to it.

-- +goose Up
CREATE TABLE market_stall_months (
  tenant_id bigint NOT NULL,
  site_id   bigint NOT NULL,
  month     date NOT NULL CHECK (month = date_trunc('month', month)::date),
  stalls    int NOT NULL DEFAULT 0,
  with_qr   int NOT NULL DEFAULT 0,
  accepting int NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, site_id, month),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE market_stall_months ENABLE ROW LEVEL SECURITY;
CREATE POLICY market_stall_months_read ON market_stall_months FOR SELECT USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])));
GRANT SELECT ON market_stall_months TO portal06_app;

-- +goose StatementBegin
CREATE FUNCTION market_stall_months_apply() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO market_stall_months AS m (tenant_id, site_id, month, stalls, with_qr, accepting)
    SELECT tenant_id, site_id, date_trunc('month', day)::date, sum(stalls), sum(with_qr), sum(accepting) FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (tenant_id, site_id, month) DO UPDATE
      SET stalls = m.stalls + excluded.stalls, with_qr = m.with_qr + excluded.with_qr, accepting = m.accepting + excluded.accepting;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO market_stall_months AS m (tenant_id, site_id, month, stalls, with_qr, accepting)
    SELECT tenant_id, site_id, month, sum(stalls), sum(with_qr), sum(accepting) FROM (
      SELECT tenant_id, site_id, date_trunc('month', day)::date AS month, stalls, with_qr, accepting FROM new_rows
      UNION ALL
      SELECT tenant_id, site_id, date_trunc('month', day)::date, -stalls, -with_qr, -accepting FROM old_rows) d
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (tenant_id, site_id, month) DO UPDATE
      SET stalls = m.stalls + excluded.stalls, with_qr = m.with_qr + excluded.with_qr, accepting = m.accepting + excluded.accepting;
  ELSE
    INSERT INTO market_stall_months AS m (tenant_id, site_id, month, stalls, with_qr, accepting)
    SELECT tenant_id, site_id, date_trunc('month', day)::date, -sum(stalls), -sum(with_qr), -sum(accepting) FROM old_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (tenant_id, site_id, month) DO UPDATE
      SET stalls = m.stalls + excluded.stalls, with_qr = m.with_qr + excluded.with_qr, accepting = m.accepting + excluded.accepting;
  END IF;
  RETURN NULL;
END $$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION market_stall_months_apply FROM PUBLIC;
CREATE TRIGGER market_stall_days_months_insert AFTER INSERT ON market_stall_days
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION market_stall_months_apply();
CREATE TRIGGER market_stall_days_months_update AFTER UPDATE ON market_stall_days
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION market_stall_months_apply();
CREATE TRIGGER market_stall_days_months_delete AFTER DELETE ON market_stall_days
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION market_stall_months_apply();

INSERT INTO market_stall_months (tenant_id, site_id, month, stalls, with_qr, accepting)
SELECT tenant_id, site_id, date_trunc('month', day)::date, sum(stalls), sum(with_qr), sum(accepting) FROM market_stall_days GROUP BY 1, 2, 3;

-- +goose Down
DROP TRIGGER market_stall_days_months_delete ON market_stall_days;
DROP TRIGGER market_stall_days_months_update ON market_stall_days;
DROP TRIGGER market_stall_days_months_insert ON market_stall_days;
DROP FUNCTION market_stall_months_apply;
DROP TABLE market_stall_months;
