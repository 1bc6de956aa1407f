-- Monthly rollups of figure_days by area, so the province's pages read a
-- few hundred rows whatever the number of sites and days: statement
-- triggers on figure_days add each statement's change (inserts, updates,
-- deletes, a site moving to another area) to its indicator, area and month
-- in the same transaction.

-- +goose Up
CREATE TABLE figure_months (
  indicator text NOT NULL,
  area_id   bigint NOT NULL REFERENCES areas (id),
  month     date NOT NULL,
  num       numeric NOT NULL DEFAULT 0,
  den       numeric NOT NULL DEFAULT 0,
  PRIMARY KEY (indicator, area_id, month)
);
CREATE INDEX figure_months_month ON figure_months (indicator, month);
ALTER TABLE figure_months ENABLE ROW LEVEL SECURITY;
CREATE POLICY figure_months_read ON figure_months FOR SELECT USING (
  (SELECT app_all()) OR area_id = ANY ((SELECT app_area_ids())::bigint[]));
GRANT SELECT ON figure_months TO portal06_app;

-- +goose StatementBegin
CREATE FUNCTION figure_months_apply() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO figure_months (indicator, area_id, month, num, den)
    SELECT indicator, area_id, date_trunc('month', day)::date, sum(num), sum(den) FROM new_rows GROUP BY 1, 2, 3
    ON CONFLICT (indicator, area_id, month) DO UPDATE SET num = figure_months.num + excluded.num, den = figure_months.den + excluded.den;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO figure_months (indicator, area_id, month, num, den)
    SELECT indicator, area_id, month, sum(num), sum(den) FROM (
      SELECT indicator, area_id, date_trunc('month', day)::date AS month, num, den FROM new_rows
      UNION ALL
      SELECT indicator, area_id, date_trunc('month', day)::date, -num, -den FROM old_rows) d
    GROUP BY 1, 2, 3
    ON CONFLICT (indicator, area_id, month) DO UPDATE SET num = figure_months.num + excluded.num, den = figure_months.den + excluded.den;
  ELSE
    INSERT INTO figure_months (indicator, area_id, month, num, den)
    SELECT indicator, area_id, date_trunc('month', day)::date, -sum(num), -sum(den) FROM old_rows GROUP BY 1, 2, 3
    ON CONFLICT (indicator, area_id, month) DO UPDATE SET num = figure_months.num + excluded.num, den = figure_months.den + excluded.den;
  END IF;
  RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER figure_days_months_insert AFTER INSERT ON figure_days
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figure_months_apply();
CREATE TRIGGER figure_days_months_update AFTER UPDATE ON figure_days
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figure_months_apply();
CREATE TRIGGER figure_days_months_delete AFTER DELETE ON figure_days
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION figure_months_apply();

INSERT INTO figure_months (indicator, area_id, month, num, den)
SELECT indicator, area_id, date_trunc('month', day)::date, sum(num), sum(den) FROM figure_days GROUP BY 1, 2, 3;

-- +goose Down
DROP TRIGGER figure_days_months_delete ON figure_days;
DROP TRIGGER figure_days_months_update ON figure_days;
DROP TRIGGER figure_days_months_insert ON figure_days;
DROP FUNCTION figure_months_apply;
DROP TABLE figure_months;
