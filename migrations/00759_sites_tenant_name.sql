-- Each site carries its tenant's name, kept by triggers in the same
-- transaction. The police dashboard names every site of its page with its
-- tenant ("Hạ Long Pearl (Công ty Ngọc Trai)"): joining tenants for that
-- ran the tenants' policy, whose EXISTS on the tenant's sites runs the
-- sites' policy in turn, for each of the page's 26 rows (about 0.25 ms of
-- a 2 ms statement, 11 of its 117 InitPlans). Anyone who sees a site may
-- already see its tenant (the tenants' policy admits a tenant with a site
-- in scope), so the copy shows nobody anything new.
--
-- The triggers run as the owner with app.all on for their one statement
-- (set and put back around it; an error aborts the transaction or the
-- savepoint, which puts it back too), so that a rename reaches every site of the
-- tenant whatever the renaming session's scope, and a new site reads its
-- tenant's name even when the inserting session could not see the tenant.
-- They are ENABLE ALWAYS, as area_site_counts' are, so that sites loaded
-- by `seed scale` with the other triggers off get the name too.

-- +goose Up
ALTER TABLE sites ADD COLUMN tenant_name text NOT NULL DEFAULT '';

-- +goose StatementBegin
CREATE FUNCTION sites_tenant_name() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  was text := coalesce(current_setting('app.all', true), '');
BEGIN
  PERFORM set_config('app.all', 'on', true);
  NEW.tenant_name := coalesce((SELECT t.name FROM tenants t WHERE t.id = NEW.tenant_id), '');
  PERFORM set_config('app.all', was, true);
  RETURN NEW;
END $$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION sites_tenant_name FROM PUBLIC;
CREATE TRIGGER sites_tenant_name BEFORE INSERT OR UPDATE OF tenant_id, tenant_name ON sites
  FOR EACH ROW EXECUTE FUNCTION sites_tenant_name();
ALTER TABLE sites ENABLE ALWAYS TRIGGER sites_tenant_name;

-- +goose StatementBegin
CREATE FUNCTION tenants_name_to_sites() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  was text := coalesce(current_setting('app.all', true), '');
BEGIN
  PERFORM set_config('app.all', 'on', true);
  UPDATE sites SET tenant_name = NEW.name WHERE tenant_id = NEW.id AND tenant_name IS DISTINCT FROM NEW.name;
  PERFORM set_config('app.all', was, true);
  RETURN NULL;
END $$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION tenants_name_to_sites FROM PUBLIC;
CREATE TRIGGER tenants_name_to_sites AFTER UPDATE OF name ON tenants
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION tenants_name_to_sites();
ALTER TABLE tenants ENABLE ALWAYS TRIGGER tenants_name_to_sites;

-- the sites there are, seeing every row as the owner's forced policies
-- allow with app.all
SELECT set_config('app.all', 'on', true);
UPDATE sites s SET tenant_name = t.name FROM tenants t WHERE t.id = s.tenant_id;
SELECT set_config('app.all', '', true);

-- +goose Down
DROP TRIGGER tenants_name_to_sites ON tenants;
DROP TRIGGER sites_tenant_name ON sites;
DROP FUNCTION tenants_name_to_sites, sites_tenant_name;
ALTER TABLE sites DROP COLUMN tenant_name;
