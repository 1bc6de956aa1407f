-- The tenants a scope sees through its sites, tested by an EXISTS on the
-- tenant's sites (read under the policy of sites) instead of `id IN (SELECT
-- tenant_id FROM sites)`. The IN was always planned as a hashed SubPlan
-- that read every visible site (1,521 for the province) in every statement
-- that joins tenants, even to name the 100 tenants of the police
-- dashboard's page. With EXISTS the planner chooses: a probe of the
-- tenant's sites (the primary key of sites starts with tenant_id) for a
-- few tenants, or the same hashed subquery for many. The same tenants are
-- visible.

-- +goose Up
DROP POLICY tenants_scope ON tenants;
CREATE POLICY tenants_scope ON tenants USING (
  ((SELECT app_pin()) IS NULL OR id = (SELECT app_pin()))
  AND ((SELECT app_all())
       OR id = ANY ((SELECT app_ids('app.tenants'))::bigint[])
       OR id = ANY ((SELECT app_member_tenants())::bigint[])
       OR EXISTS (SELECT 1 FROM sites s WHERE s.tenant_id = tenants.id))
) WITH CHECK (app_tenant_ok(id) AND (app_all() OR id = ANY (app_ids('app.tenants'))));

-- +goose Down
DROP POLICY tenants_scope ON tenants;
CREATE POLICY tenants_scope ON tenants USING (
  ((SELECT app_pin()) IS NULL OR id = (SELECT app_pin()))
  AND ((SELECT app_all())
       OR id = ANY ((SELECT app_ids('app.tenants'))::bigint[])
       OR id = ANY ((SELECT app_member_tenants())::bigint[])
       OR id IN (SELECT s.tenant_id FROM sites s))
) WITH CHECK (app_tenant_ok(id) AND (app_all() OR id = ANY (app_ids('app.tenants'))));
