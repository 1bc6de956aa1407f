-- Trips of buses and cruise boats, and suspicious scans with their police
-- reviews: the accommodation kind's own tables, created by the core's 00002
-- and 00104 before. IF NOT EXISTS (and DROP POLICY IF EXISTS) keeps
-- databases where those already ran exactly as they are; a fresh database
-- gets the tables here. The trips' figures trigger of 10001 is made here,
-- once trips exist.

-- +goose Up

-- A bus trip or a cruise voyage: passengers scanned at boarding make its manifest.
CREATE TABLE IF NOT EXISTS trips (
  tenant_id  bigint NOT NULL,
  id         bigint GENERATED ALWAYS AS IDENTITY,
  site_id    bigint NOT NULL,
  route      text NOT NULL CHECK (route <> ''),
  departs_at timestamptz NOT NULL,
  vehicle    text NOT NULL CHECK (vehicle <> ''),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS trips_site ON trips (tenant_id, site_id, departs_at DESC);

-- A stay of a passenger names its trip.
-- +goose StatementBegin
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'stays_tenant_id_trip_id_fkey' AND conrelid = 'stays'::regclass) THEN
    ALTER TABLE stays ADD CONSTRAINT stays_tenant_id_trip_id_fkey FOREIGN KEY (tenant_id, trip_id) REFERENCES trips (tenant_id, id);
  END IF;
END $$;
-- +goose StatementEnd

-- A scanned card that contradicts itself, kept for the police of the site's area.
CREATE TABLE IF NOT EXISTS suspicious_scans (
  tenant_id  bigint NOT NULL,
  id         bigint GENERATED ALWAYS AS IDENTITY,
  site_id    bigint NOT NULL,
  doc_number text NOT NULL,
  full_name  text NOT NULL,
  birth_date date,
  sex        text NOT NULL DEFAULT '',
  reasons    text[] NOT NULL,
  raw        text NOT NULL,
  scanned_by bigint REFERENCES users (id),
  scanned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS suspicious_scans_site ON suspicious_scans (tenant_id, site_id, scanned_at DESC);

-- The police mark a suspicious scan reviewed, with a note; a reviewed scan
-- leaves the default list. A review is written by the police of the site's
-- area (whoever sees the scan), never by the tenant.
CREATE TABLE IF NOT EXISTS suspicious_reviews (
  tenant_id   bigint NOT NULL,
  scan_id     bigint NOT NULL,
  site_id     bigint NOT NULL,
  note        text NOT NULL CHECK (note <> '' AND char_length(note) <= 500),
  reviewed_by bigint NOT NULL REFERENCES users (id),
  unit_id     bigint REFERENCES police_units (id),
  reviewed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, scan_id),
  FOREIGN KEY (tenant_id, scan_id) REFERENCES suspicious_scans (tenant_id, id),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
);

ALTER TABLE trips ENABLE ROW LEVEL SECURITY;
ALTER TABLE trips FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS trips_scope ON trips;
CREATE POLICY trips_scope ON trips USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK (app_site_row_writable(tenant_id, site_id));
ALTER TABLE suspicious_scans ENABLE ROW LEVEL SECURITY;
ALTER TABLE suspicious_scans FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS suspicious_scans_scope ON suspicious_scans;
CREATE POLICY suspicious_scans_scope ON suspicious_scans USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK (app_site_row_writable(tenant_id, site_id));
ALTER TABLE suspicious_reviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE suspicious_reviews FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS suspicious_reviews_scope ON suspicious_reviews;
CREATE POLICY suspicious_reviews_scope ON suspicious_reviews
  USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
         AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK (app_tenant_ok(tenant_id) AND (app_all() OR site_id = ANY (app_visible_sites()))
              AND site_id = (SELECT x.site_id FROM suspicious_scans x WHERE x.tenant_id = suspicious_reviews.tenant_id AND x.id = scan_id));

GRANT SELECT, INSERT, UPDATE ON trips TO portal06_app;
GRANT SELECT, INSERT ON suspicious_scans, suspicious_reviews TO portal06_app;

-- The trips' part of the province's figures (functions in 10001).
DROP TRIGGER IF EXISTS trips_figures ON trips;
CREATE TRIGGER trips_figures AFTER INSERT OR UPDATE OR DELETE ON trips
  FOR EACH ROW EXECUTE FUNCTION acc_trips_figures();
-- +goose StatementBegin
DO $$
BEGIN
  PERFORM set_config('app.all', 'on', true);
  PERFORM acc_refresh_trip(tenant_id, id) FROM trips;
  PERFORM set_config('app.all', '', true);
END $$;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER trips_figures ON trips;
ALTER TABLE stays DROP CONSTRAINT stays_tenant_id_trip_id_fkey;
DROP TABLE suspicious_reviews, suspicious_scans, trips;
