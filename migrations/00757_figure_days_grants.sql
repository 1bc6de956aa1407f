-- figure_days' rows of a site are visible to a scope that is granted the
-- site or its tenant, as its stays are (and as site_stay_counts' rows are).
-- The policy granted only the whole province, areas and the pinned tenant,
-- so a police unit granted a tenant or a site outside its areas saw that
-- site's stays but none of its daily figures: the police dashboard's
-- "today" left them out of its rows and totals (found by
-- TestPoliceTotalsProperty). Area rows (site_id NULL) are unchanged.

-- +goose Up
ALTER POLICY figure_days_read ON figure_days USING (
  (SELECT app_all()) OR area_id = ANY ((SELECT app_area_ids())::bigint[]) OR tenant_id = (SELECT app_pin())
  OR tenant_id = ANY ((SELECT app_ids('app.tenants'))::bigint[]) OR site_id = ANY ((SELECT app_ids('app.sites'))::bigint[]));

-- +goose Down
ALTER POLICY figure_days_read ON figure_days USING (
  (SELECT app_all()) OR area_id = ANY ((SELECT app_area_ids())::bigint[]) OR tenant_id = (SELECT app_pin()));
