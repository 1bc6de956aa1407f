-- Row-level security for area grants (police scopes) without an array of
-- every visible site per statement. The policies of stays, their
-- revisions and notifications, and identity records let a police scope see
-- a row when its site lies in a granted area: `site_id = ANY
-- (app_area_sites())` built, once for every table a statement read, an
-- array of all the sites in the granted areas (1,521 for the province:
-- about 1.3 ms each, 4 ms under load) and then compared each row with every
-- element of it. The same test is now an EXISTS on the row's own site: the
-- site (tenant and id, the primary key of sites) read under the policy of
-- sites, in a granted area. A statement that reads a few rows (a search
-- by number, a site's late notifications) probes a few sites; one that
-- reads many gets the planner's hashed form of the same subquery. It is
-- reached, as before, only when the pin holds and neither the whole
-- province, the row's tenant nor its site is granted, and only when some
-- area is granted (app_area_ids() is then not empty).

-- +goose Up
ALTER POLICY stays_scope ON stays USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR tenant_id = ANY ((SELECT app_ids('app.tenants'))::bigint[])
       OR site_id = ANY ((SELECT app_ids('app.sites'))::bigint[])
       OR ((SELECT app_area_ids()) <> '{}' AND EXISTS (SELECT 1 FROM sites s WHERE s.tenant_id = stays.tenant_id AND s.id = stays.site_id
             AND s.area_id = ANY ((SELECT app_area_ids())::bigint[])))));
ALTER POLICY stay_revisions_scope ON stay_revisions USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR tenant_id = ANY ((SELECT app_ids('app.tenants'))::bigint[])
       OR site_id = ANY ((SELECT app_ids('app.sites'))::bigint[])
       OR ((SELECT app_area_ids()) <> '{}' AND EXISTS (SELECT 1 FROM sites s WHERE s.tenant_id = stay_revisions.tenant_id AND s.id = stay_revisions.site_id
             AND s.area_id = ANY ((SELECT app_area_ids())::bigint[])))));
ALTER POLICY notifications_scope ON notifications USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR tenant_id = ANY ((SELECT app_ids('app.tenants'))::bigint[])
       OR site_id = ANY ((SELECT app_ids('app.sites'))::bigint[])
       OR ((SELECT app_area_ids()) <> '{}' AND EXISTS (SELECT 1 FROM sites s WHERE s.tenant_id = notifications.tenant_id AND s.id = notifications.site_id
             AND s.area_id = ANY ((SELECT app_area_ids())::bigint[])))));
ALTER POLICY identity_records_scope ON identity_records USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR tenant_id = ANY ((SELECT app_ids('app.tenants'))::bigint[])
       OR site_id = ANY ((SELECT app_ids('app.sites'))::bigint[])
       OR ((SELECT app_area_ids()) <> '{}' AND EXISTS (SELECT 1 FROM sites s WHERE s.tenant_id = identity_records.tenant_id AND s.id = identity_records.site_id
             AND s.area_id = ANY ((SELECT app_area_ids())::bigint[])))));

-- +goose Down
ALTER POLICY stays_scope ON stays USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR tenant_id = ANY ((SELECT app_ids('app.tenants'))::bigint[])
       OR site_id = ANY ((SELECT app_ids('app.sites'))::bigint[]) OR site_id = ANY ((SELECT app_area_sites())::bigint[])));
ALTER POLICY stay_revisions_scope ON stay_revisions USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR tenant_id = ANY ((SELECT app_ids('app.tenants'))::bigint[])
       OR site_id = ANY ((SELECT app_ids('app.sites'))::bigint[]) OR site_id = ANY ((SELECT app_area_sites())::bigint[])));
ALTER POLICY notifications_scope ON notifications USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR tenant_id = ANY ((SELECT app_ids('app.tenants'))::bigint[])
       OR site_id = ANY ((SELECT app_ids('app.sites'))::bigint[]) OR site_id = ANY ((SELECT app_area_sites())::bigint[])));
ALTER POLICY identity_records_scope ON identity_records USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR tenant_id = ANY ((SELECT app_ids('app.tenants'))::bigint[])
       OR site_id = ANY ((SELECT app_ids('app.sites'))::bigint[]) OR site_id = ANY ((SELECT app_area_sites())::bigint[])));
