-- Identities are kind-neutral: every tenant kind records each person it
-- registers (a guest's stay, a resident, a visitor, a party to a notarial
-- act) in identity_records, named by source and record id. The watchlist
-- matches these records, whatever kind wrote them, and cross-kind checks
-- (a number seen with two names) read them through security-definer
-- functions that return only what the check needs.

-- +goose Up
CREATE TABLE identity_records (
  tenant_id  bigint NOT NULL,
  source     text NOT NULL CHECK (source ~ '^[a-z_]{1,32}$'),
  record_id  bigint NOT NULL,
  site_id    bigint NOT NULL,
  doc_type   text NOT NULL,
  doc_number text NOT NULL,
  full_name  text NOT NULL,
  name_fold  text NOT NULL,
  birth_date date,
  sex        text NOT NULL DEFAULT '',
  seen_at    timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, source, record_id),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
);
CREATE INDEX identity_records_number ON identity_records (doc_number);

ALTER TABLE identity_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE identity_records FORCE ROW LEVEL SECURITY;
CREATE POLICY identity_records_scope ON identity_records USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK (app_site_row_writable(tenant_id, site_id));
GRANT SELECT, INSERT, UPDATE ON identity_records TO portal06_app;

INSERT INTO identity_records (tenant_id, source, record_id, site_id, doc_type, doc_number, full_name, name_fold, birth_date, sex, seen_at)
SELECT tenant_id, 'stay', id, site_id, doc_type, doc_number, full_name, name_fold, birth_date, sex, arrival_at FROM stays;

-- An alert names the record that matched by source and id, with no foreign
-- key into one kind's table.
ALTER TABLE watch_alerts DROP CONSTRAINT watch_alerts_tenant_id_stay_id_fkey;
ALTER TABLE watch_alerts RENAME COLUMN stay_id TO record_id;
ALTER TABLE watch_alerts ADD COLUMN source text NOT NULL DEFAULT 'stay';

-- +goose Down
ALTER TABLE watch_alerts DROP COLUMN source;
ALTER TABLE watch_alerts RENAME COLUMN record_id TO stay_id;
ALTER TABLE watch_alerts ADD FOREIGN KEY (tenant_id, stay_id) REFERENCES stays (tenant_id, id);
DROP TABLE identity_records;
