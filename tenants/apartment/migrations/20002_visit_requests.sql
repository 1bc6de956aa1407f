-- A host resident's report of an overnight visitor, filed from the poster's
-- public page; the manager confirms it, which records the visitor's stay.

-- +goose Up
CREATE TABLE apt_visit_requests (
  tenant_id          bigint NOT NULL,
  id                 bigint GENERATED ALWAYS AS IDENTITY,
  site_id            bigint NOT NULL,
  poster_id          bigint NOT NULL,
  unit_code          text NOT NULL CHECK (unit_code <> '' AND length(unit_code) <= 20),
  doc_type           text NOT NULL CHECK (doc_type IN ('cccd', 'passport', 'id_card')),
  doc_number         text NOT NULL CHECK (doc_number ~ '^[A-Z0-9]{5,20}$'),
  old_number         text NOT NULL DEFAULT '' CHECK (length(old_number) <= 20),
  full_name          text NOT NULL CHECK (full_name <> '' AND length(full_name) <= 200),
  birth_date         date NOT NULL,
  sex                text NOT NULL CHECK (sex IN ('M', 'F')),
  nationality        text NOT NULL CHECK (nationality ~ '^[A-Z]{3}$'),
  address            text NOT NULL DEFAULT '' CHECK (length(address) <= 500),
  arrival_at         timestamptz NOT NULL,
  expected_departure date NOT NULL,
  reason             text NOT NULL CHECK (reason <> '' AND length(reason) <= 200),
  status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected')),
  reject_reason      text NOT NULL DEFAULT '' CHECK (length(reject_reason) <= 500),
  stay_id            bigint,
  decided_by         bigint REFERENCES users (id),
  decided_at         timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id),
  FOREIGN KEY (tenant_id, poster_id) REFERENCES apt_posters (tenant_id, id),
  FOREIGN KEY (tenant_id, stay_id) REFERENCES stays (tenant_id, id),
  CHECK (status <> 'rejected' OR reject_reason <> '')
);
CREATE INDEX apt_visit_requests_pending ON apt_visit_requests (tenant_id, site_id, created_at) WHERE status = 'pending';

ALTER TABLE apt_visit_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE apt_visit_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY apt_visit_requests_scope ON apt_visit_requests USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK (app_site_row_writable(tenant_id, site_id));
GRANT SELECT, INSERT, UPDATE ON apt_visit_requests TO portal06_app;

-- +goose Down
DROP TABLE apt_visit_requests;
