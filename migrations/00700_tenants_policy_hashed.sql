-- The tenants a scope sees through its sites, probed by a hash instead of
-- searched in an array. `id = ANY (app_site_tenants())` compared each
-- tenant row with every element of the array of visible sites' tenants:
-- a police console listing its 3,816 sites with their tenants' names made
-- 3,816 × 1,727 comparisons (30 of the statement's 40 ms). `id IN (SELECT
-- tenant_id FROM sites)` is the same set (the subquery reads sites under
-- their own policy, as app_site_tenants() did), planned once per statement
-- as a hashed SubPlan. Nothing else changes.

-- +goose Up
DROP POLICY tenants_scope ON tenants;
CREATE POLICY tenants_scope ON tenants USING (
  ((SELECT app_pin()) IS NULL OR id = (SELECT app_pin()))
  AND ((SELECT app_all())
       OR id = ANY ((SELECT app_ids('app.tenants'))::bigint[])
       OR id = ANY ((SELECT app_member_tenants())::bigint[])
       OR id IN (SELECT s.tenant_id FROM sites s))
) WITH CHECK (app_tenant_ok(id) AND (app_all() OR id = ANY (app_ids('app.tenants'))));

-- +goose Down
DROP POLICY tenants_scope ON tenants;
CREATE POLICY tenants_scope ON tenants USING (
  ((SELECT app_pin()) IS NULL OR id = (SELECT app_pin()))
  AND ((SELECT app_all())
       OR id = ANY ((SELECT app_ids('app.tenants'))::bigint[])
       OR id = ANY ((SELECT app_member_tenants())::bigint[])
       OR id = ANY ((SELECT app_site_tenants())::bigint[]))
) WITH CHECK (app_tenant_ok(id) AND (app_all() OR id = ANY (app_ids('app.tenants'))));
