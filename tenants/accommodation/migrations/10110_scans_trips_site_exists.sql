-- Trips, suspicious scans and their reviews are visible when their site is:
-- an EXISTS on the row's own site (tenant and id, read under the policy of
-- sites) instead of `site_id = ANY (app_visible_sites())`, an array of every
-- site the scope sees (1,521 for the province), built once for every table
-- a statement reads and compared with each row element by element. The
-- police dashboard reads the scans of 30 days twice a page. The same rows
-- are visible; the checks on writes are unchanged.

-- +goose Up
ALTER POLICY trips_scope ON trips USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR EXISTS (SELECT 1 FROM sites s WHERE s.tenant_id = trips.tenant_id AND s.id = trips.site_id)));
ALTER POLICY suspicious_scans_scope ON suspicious_scans USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR EXISTS (SELECT 1 FROM sites s WHERE s.tenant_id = suspicious_scans.tenant_id AND s.id = suspicious_scans.site_id)));
ALTER POLICY suspicious_reviews_scope ON suspicious_reviews USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR EXISTS (SELECT 1 FROM sites s WHERE s.tenant_id = suspicious_reviews.tenant_id AND s.id = suspicious_reviews.site_id)));

-- +goose Down
ALTER POLICY trips_scope ON trips USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])));
ALTER POLICY suspicious_scans_scope ON suspicious_scans USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])));
ALTER POLICY suspicious_reviews_scope ON suspicious_reviews USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])));
