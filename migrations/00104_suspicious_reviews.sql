-- The police mark a suspicious scan reviewed, with a note; a reviewed scan
-- leaves the default list. A review is written by the police of the site's
-- area (whoever sees the scan), never by the tenant.

-- +goose Up
CREATE TABLE suspicious_reviews (
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
ALTER TABLE suspicious_reviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE suspicious_reviews FORCE ROW LEVEL SECURITY;
CREATE POLICY suspicious_reviews_scope ON suspicious_reviews
  USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
         AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK (app_tenant_ok(tenant_id) AND (app_all() OR site_id = ANY (app_visible_sites()))
              AND site_id = (SELECT x.site_id FROM suspicious_scans x WHERE x.tenant_id = suspicious_reviews.tenant_id AND x.id = scan_id));
GRANT SELECT, INSERT ON suspicious_reviews TO portal06_app;

-- +goose Down
DROP TABLE suspicious_reviews;
