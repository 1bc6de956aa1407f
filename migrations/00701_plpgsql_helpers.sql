-- The policies' helper functions that PostgreSQL cannot inline (an
-- aggregate or a subquery in their body), and figure_add and
-- figure_area_add (SECURITY DEFINER with their own search_path, never
-- inlined), rewritten in PL/pgSQL with the same bodies. A LANGUAGE sql
-- function that is not inlined is parsed and planned again on every call:
-- a profile of check-ins showed PostgreSQL's parser and planner
-- (base_yyparse, pg_strtok, expression_tree_walker) among its top costs,
-- for app_area_ids() and app_visible_sites() in every statement's
-- row-level security and figure_add() called several times a check-in.
-- PL/pgSQL plans each statement once per session and keeps the plan.
-- The functions stay STABLE (or VOLATILE), with the same privileges.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION app_area_ids() RETURNS bigint[] LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF coalesce(current_setting('app.areas', true), '') = '' THEN
    RETURN '{}'::bigint[];
  END IF;
  RETURN (SELECT coalesce(array_agg(c.descendant_id), '{}') FROM area_closure c JOIN areas g ON g.id = c.ancestor_id
          WHERE g.code = ANY (app_codes('app.areas')));
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION app_area_sites() RETURNS bigint[] LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF coalesce(current_setting('app.areas', true), '') = '' THEN
    RETURN '{}'::bigint[];
  END IF;
  RETURN (SELECT coalesce(array_agg(id), '{}') FROM sites WHERE area_id = ANY (app_area_ids()));
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION app_member_tenants() RETURNS bigint[] LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT coalesce(array_agg(tenant_id), '{}') FROM tenant_memberships WHERE user_id = app_user_id());
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION app_site_tenants() RETURNS bigint[] LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT coalesce(array_agg(DISTINCT tenant_id), '{}') FROM sites);
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION app_visible_sites() RETURNS bigint[] LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT coalesce(array_agg(id), '{}') FROM sites);
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION app_unit_ids() RETURNS bigint[] LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT coalesce(array_agg(unit_id), '{}') FROM staff_memberships WHERE user_id = app_user_id() AND unit_id IS NOT NULL);
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION tip_held(t bigint) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM tip_units WHERE tip_id = t AND until IS NULL AND unit_id = ANY (app_unit_ids()));
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION tip_new(t bigint) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM tips WHERE id = t AND created_xid = pg_current_xact_id_if_assigned());
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION figure_add(p_indicator text, p_tenant bigint, p_site bigint, p_day date, p_num numeric, p_den numeric)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO figure_days (tenant_id, indicator, site_id, day, area_id, num, den)
  SELECT p_tenant, p_indicator, p_site, p_day, s.area_id, p_num, p_den FROM sites s WHERE s.tenant_id = p_tenant AND s.id = p_site
  ON CONFLICT (tenant_id, indicator, site_id, day) WHERE site_id IS NOT NULL
  DO UPDATE SET num = figure_days.num + excluded.num, den = figure_days.den + excluded.den;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION figure_area_add(p_indicator text, p_area bigint, p_day date, p_num numeric, p_den numeric)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO figure_days (tenant_id, indicator, site_id, day, area_id, num, den)
  VALUES (NULL, p_indicator, NULL, p_day, p_area, p_num, p_den)
  ON CONFLICT (indicator, area_id, day) WHERE site_id IS NULL
  DO UPDATE SET num = figure_days.num + excluded.num, den = figure_days.den + excluded.den;
END $$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION app_area_ids() RETURNS bigint[] LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN coalesce(current_setting('app.areas', true), '') = '' THEN '{}'::bigint[]
    ELSE (SELECT coalesce(array_agg(c.descendant_id), '{}') FROM area_closure c JOIN areas g ON g.id = c.ancestor_id
          WHERE g.code = ANY (app_codes('app.areas'))) END
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION app_area_sites() RETURNS bigint[] LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN coalesce(current_setting('app.areas', true), '') = '' THEN '{}'::bigint[]
    ELSE (SELECT coalesce(array_agg(id), '{}') FROM sites WHERE area_id = ANY (app_area_ids())) END
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION app_member_tenants() RETURNS bigint[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(tenant_id), '{}') FROM tenant_memberships WHERE user_id = app_user_id()
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION app_site_tenants() RETURNS bigint[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT tenant_id), '{}') FROM sites
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION app_visible_sites() RETURNS bigint[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(id), '{}') FROM sites
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION app_unit_ids() RETURNS bigint[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(unit_id), '{}') FROM staff_memberships WHERE user_id = app_user_id() AND unit_id IS NOT NULL
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION tip_held(t bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM tip_units WHERE tip_id = t AND until IS NULL AND unit_id = ANY (app_unit_ids()))
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION tip_new(t bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM tips WHERE id = t AND created_xid = pg_current_xact_id_if_assigned())
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION figure_add(p_indicator text, p_tenant bigint, p_site bigint, p_day date, p_num numeric, p_den numeric)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO figure_days (tenant_id, indicator, site_id, day, area_id, num, den)
  SELECT p_tenant, p_indicator, p_site, p_day, s.area_id, p_num, p_den FROM sites s WHERE s.tenant_id = p_tenant AND s.id = p_site
  ON CONFLICT (tenant_id, indicator, site_id, day) WHERE site_id IS NOT NULL
  DO UPDATE SET num = figure_days.num + excluded.num, den = figure_days.den + excluded.den
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION figure_area_add(p_indicator text, p_area bigint, p_day date, p_num numeric, p_den numeric)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO figure_days (tenant_id, indicator, site_id, day, area_id, num, den)
  VALUES (NULL, p_indicator, NULL, p_day, p_area, p_num, p_den)
  ON CONFLICT (indicator, area_id, day) WHERE site_id IS NULL
  DO UPDATE SET num = figure_days.num + excluded.num, den = figure_days.den + excluded.den
$$;
-- +goose StatementEnd
