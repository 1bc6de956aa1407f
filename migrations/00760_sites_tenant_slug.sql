-- Each site carries its tenant's slug too, kept by the triggers of
-- 00759_sites_tenant_name.sql beside the name. A check-in's notification
-- names its site "tenant/site" (site_code): stay_check_in read the slug from
-- tenants, whose policy (its EXISTS on the tenant's sites, under the sites'
-- policy, and the memberships' function) cost about 0.3 ms of CPU a
-- check-in, most of what row-level security added to it. Anyone who sees a
-- site may already see its tenant, so the copy shows nobody anything new.

-- +goose Up
ALTER TABLE sites ADD COLUMN tenant_slug text NOT NULL DEFAULT '';

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION sites_tenant_name() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  was text := coalesce(current_setting('app.all', true), '');
BEGIN
  PERFORM set_config('app.all', 'on', true);
  SELECT coalesce(t.name, ''), coalesce(t.slug, '') INTO NEW.tenant_name, NEW.tenant_slug FROM tenants t WHERE t.id = NEW.tenant_id;
  IF NOT FOUND THEN
    NEW.tenant_name := '';
    NEW.tenant_slug := '';
  END IF;
  PERFORM set_config('app.all', was, true);
  RETURN NEW;
END $$;
-- +goose StatementEnd
DROP TRIGGER sites_tenant_name ON sites;
CREATE TRIGGER sites_tenant_name BEFORE INSERT OR UPDATE OF tenant_id, tenant_name, tenant_slug ON sites
  FOR EACH ROW EXECUTE FUNCTION sites_tenant_name();
ALTER TABLE sites ENABLE ALWAYS TRIGGER sites_tenant_name;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION tenants_name_to_sites() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  was text := coalesce(current_setting('app.all', true), '');
BEGIN
  PERFORM set_config('app.all', 'on', true);
  UPDATE sites SET tenant_name = NEW.name, tenant_slug = NEW.slug
   WHERE tenant_id = NEW.id AND (tenant_name IS DISTINCT FROM NEW.name OR tenant_slug IS DISTINCT FROM NEW.slug);
  PERFORM set_config('app.all', was, true);
  RETURN NULL;
END $$;
-- +goose StatementEnd
DROP TRIGGER tenants_name_to_sites ON tenants;
CREATE TRIGGER tenants_name_to_sites AFTER UPDATE OF name, slug ON tenants
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.slug IS DISTINCT FROM NEW.slug)
  EXECUTE FUNCTION tenants_name_to_sites();
ALTER TABLE tenants ENABLE ALWAYS TRIGGER tenants_name_to_sites;

SELECT set_config('app.all', 'on', true);
UPDATE sites s SET tenant_slug = t.slug FROM tenants t WHERE t.id = s.tenant_id;
SELECT set_config('app.all', '', true);

-- +goose Down
DROP TRIGGER tenants_name_to_sites ON tenants;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION tenants_name_to_sites() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  was text := coalesce(current_setting('app.all', true), '');
BEGIN
  PERFORM set_config('app.all', 'on', true);
  UPDATE sites SET tenant_name = NEW.name WHERE tenant_id = NEW.id AND tenant_name IS DISTINCT FROM NEW.name;
  PERFORM set_config('app.all', was, true);
  RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER tenants_name_to_sites AFTER UPDATE OF name ON tenants
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION tenants_name_to_sites();
ALTER TABLE tenants ENABLE ALWAYS TRIGGER tenants_name_to_sites;
DROP TRIGGER sites_tenant_name ON sites;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION sites_tenant_name() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  was text := coalesce(current_setting('app.all', true), '');
BEGIN
  PERFORM set_config('app.all', 'on', true);
  NEW.tenant_name := coalesce((SELECT t.name FROM tenants t WHERE t.id = NEW.tenant_id), '');
  PERFORM set_config('app.all', was, true);
  RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER sites_tenant_name BEFORE INSERT OR UPDATE OF tenant_id, tenant_name ON sites
  FOR EACH ROW EXECUTE FUNCTION sites_tenant_name();
ALTER TABLE sites ENABLE ALWAYS TRIGGER sites_tenant_name;
ALTER TABLE sites DROP COLUMN tenant_slug;
