-- A check-in in few round trips, under cheaper row-level security.
--
-- 1. The policies of the check-in's tables (stays, their revisions and
--    notifications, identity records) no longer read `sites` for every
--    statement through app_visible_sites(). A row of site s of tenant t is
--    visible exactly when the site is (sites_scope): the pin holds for t and
--    the grants name the whole province, tenant t, site s, or an area that
--    holds s. Only the last needs `sites`, and only when areas are granted
--    (police scopes): app_area_sites() answers '{}' at once otherwise. Each
--    call stays in a scalar subquery, computed once per statement, and only
--    when the conditions before it did not decide already.
-- 2. api_request(hash) resolves an API token, touches it, reads the policy
--    version and the tenant, and writes the tenant's scope, in one statement.
-- 3. stay_check_in(...) does a check-in's writes in one statement: the site,
--    the open stay, the stay, its revision, its identity record with the
--    watchlist check, and its notification. The River job is inserted by the
--    caller in the same transaction.

-- +goose Up

-- Every area at or below the granted areas; none, without a query, when no
-- area is granted.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION app_area_ids() RETURNS bigint[] LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN coalesce(current_setting('app.areas', true), '') = '' THEN '{}'::bigint[]
    ELSE (SELECT coalesce(array_agg(c.descendant_id), '{}') FROM area_closure c JOIN areas g ON g.id = c.ancestor_id
          WHERE g.code = ANY (app_codes('app.areas'))) END
$$;
-- +goose StatementEnd

-- The sites the request sees through an area grant (through sites' own
-- row-level security); none, without a query, when no area is granted.
-- +goose StatementBegin
CREATE FUNCTION app_area_sites() RETURNS bigint[] LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN coalesce(current_setting('app.areas', true), '') = '' THEN '{}'::bigint[]
    ELSE (SELECT coalesce(array_agg(id), '{}') FROM sites WHERE area_id = ANY (app_area_ids())) END
$$;
-- +goose StatementEnd

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

-- The request of an API client: the live token whose hash is p_hash (shown
-- by app.token_hash for this lookup only), touched at most once a minute;
-- the policy version; and, when the token is live, its tenant, whose scope
-- (that tenant, pinned) is written into the transaction as
-- policies.Scope.Apply writes it. Runs as the caller: row-level security applies.
-- +goose StatementBegin
CREATE FUNCTION api_request(p_hash text)
RETURNS TABLE (version bigint, tenant_id bigint, slug text, name text, kind text, tax_code text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_version bigint;
  v_tenant  bigint;
  v_id      bigint;
  v_stale   boolean;
BEGIN
  SELECT a.version INTO v_version FROM authz_version a;
  PERFORM set_config('app.token_hash', p_hash, true);
  SELECT k.tenant_id, k.id, coalesce(k.last_used_at < now() - interval '1 minute', true)
    INTO v_tenant, v_id, v_stale
    FROM api_tokens k WHERE k.token_hash = p_hash AND k.revoked_at IS NULL;
  IF v_tenant IS NOT NULL AND v_stale THEN
    UPDATE api_tokens k SET last_used_at = now() WHERE k.tenant_id = v_tenant AND k.id = v_id;
  END IF;
  PERFORM set_config('app.token_hash', '', true);
  IF v_tenant IS NULL THEN
    RETURN QUERY SELECT v_version, NULL::bigint, NULL::text, NULL::text, NULL::text, NULL::text;
    RETURN;
  END IF;
  PERFORM set_config('app.all', '', true), set_config('app.tenants', v_tenant::text, true),
    set_config('app.sites', '', true), set_config('app.areas', '', true), set_config('app.user_id', '', true),
    set_config('app.tenant', v_tenant::text, true);
  RETURN QUERY SELECT v_version, t.id, t.slug, t.name, t.kind, t.tax_code FROM tenants t WHERE t.id = v_tenant;
  IF NOT FOUND THEN
    RETURN QUERY SELECT v_version, NULL::bigint, NULL::text, NULL::text, NULL::text, NULL::text;
  END IF;
END
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION api_request FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api_request TO portal06_app;

-- A check-in's writes, as the caller (row-level security applies).
--
-- The site is p_site, or the one named p_site_slug among the kinds
-- p_site_kinds. Problems are answered as field:code pairs with outcome
-- 'invalid', and nothing is written: no site, an unknown site, or no room
-- at a site of a kind in p_room_kinds. Without a payload (the caller found
-- problems already) only these are checked, outcome 'checked' when none. A guest with an open stay at the site (found
-- first, or inserted by another desk a moment ago) gets that stay with
-- outcome 'existing'. Otherwise the stay, its 'check_in' revision, its
-- identity record (as identity.Save writes it) and its notification are
-- written, outcome 'created'. The notification's payload is p_payload with
-- the site's and the stay's ids added; watched tells that the number is on a
-- watchlist, which the caller then matches (watch.Match), as it queues the
-- notification's delivery.
-- +goose StatementBegin
CREATE FUNCTION stay_check_in(
  p_tenant bigint, p_site bigint, p_site_slug text, p_site_kinds text[], p_room_kinds text[],
  p_trip bigint, p_room text, p_doc_type text, p_doc_number text, p_old_number text, p_full_name text, p_name_fold text,
  p_birth_date date, p_sex text, p_nationality text, p_address text, p_issue_date date, p_arrival timestamptz,
  p_departure date, p_reason text, p_deadline timestamptz, p_source text, p_user bigint, p_payload jsonb)
RETURNS TABLE (outcome text, problems text, stay_id bigint, notification_id bigint, watched boolean, site_id bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_site     bigint;
  v_kind     text;
  v_id       bigint;
  v_nid      bigint;
  v_problems text[] := '{}';
  v_number   text := upper(btrim(p_doc_number));
  v_watched  boolean;
BEGIN
  IF p_site IS NOT NULL THEN
    SELECT s.id, s.kind INTO v_site, v_kind FROM sites s WHERE s.tenant_id = p_tenant AND s.id = p_site;
  ELSIF coalesce(p_site_slug, '') <> '' THEN
    SELECT s.id, s.kind INTO v_site, v_kind FROM sites s
      WHERE s.tenant_id = p_tenant AND s.slug = p_site_slug AND (p_site_kinds IS NULL OR s.kind = ANY (p_site_kinds));
  END IF;
  IF p_site IS NULL AND coalesce(p_site_slug, '') = '' THEN
    v_problems := v_problems || 'site:validation.required'::text;
  ELSIF v_site IS NULL THEN
    v_problems := v_problems || 'site:api.unknown_site'::text;
  ELSIF coalesce(p_room, '') = '' AND v_kind = ANY (coalesce(p_room_kinds, '{}')) THEN
    v_problems := v_problems || 'room:validation.required'::text;
  END IF;
  IF cardinality(v_problems) > 0 OR p_payload IS NULL THEN
    -- without a payload the caller found problems of its own: only the
    -- site's are asked for, so that every problem is answered at once
    RETURN QUERY SELECT CASE WHEN cardinality(v_problems) > 0 THEN 'invalid' ELSE 'checked' END,
      array_to_string(v_problems, ','), NULL::bigint, NULL::bigint, false, v_site;
    RETURN;
  END IF;

  SELECT st.id INTO v_id FROM stays st WHERE st.tenant_id = p_tenant AND st.site_id = v_site
    AND st.doc_type = p_doc_type AND st.doc_number = p_doc_number AND st.status = 'open';
  IF v_id IS NOT NULL THEN
    RETURN QUERY SELECT 'existing'::text, ''::text, v_id, NULL::bigint, false, v_site;
    RETURN;
  END IF;
  INSERT INTO stays AS st (tenant_id, site_id, trip_id, room, doc_type, doc_number, old_number, full_name, name_fold,
      birth_date, sex, nationality, address, issue_date, arrival_at, expected_departure, reason, deadline_at, source, created_by)
    VALUES (p_tenant, v_site, p_trip, p_room, p_doc_type, p_doc_number, p_old_number, p_full_name, p_name_fold,
      p_birth_date, p_sex, p_nationality, p_address, p_issue_date, p_arrival, p_departure, p_reason, p_deadline, p_source, p_user)
    ON CONFLICT (tenant_id, site_id, doc_type, doc_number) WHERE status = 'open' DO NOTHING
    RETURNING st.id INTO v_id;
  IF v_id IS NULL THEN
    -- another desk checked the same guest in a moment ago
    SELECT st.id INTO v_id FROM stays st WHERE st.tenant_id = p_tenant AND st.site_id = v_site
      AND st.doc_type = p_doc_type AND st.doc_number = p_doc_number AND st.status = 'open';
    RETURN QUERY SELECT 'existing'::text, ''::text, v_id, NULL::bigint, false, v_site;
    RETURN;
  END IF;

  INSERT INTO stay_revisions (tenant_id, site_id, stay_id, action, field, old_value, new_value, changed_by)
    VALUES (p_tenant, v_site, v_id, 'check_in', '', '', '', p_user);

  INSERT INTO identity_records AS ir (tenant_id, source, record_id, site_id, doc_type, doc_number, full_name, name_fold,
      birth_date, sex, seen_at)
    VALUES (p_tenant, 'stay', v_id, v_site, p_doc_type, v_number, p_full_name, p_name_fold, p_birth_date, p_sex, p_arrival)
    ON CONFLICT (tenant_id, source, record_id) DO UPDATE SET site_id = excluded.site_id, doc_type = excluded.doc_type,
      doc_number = excluded.doc_number, full_name = excluded.full_name, name_fold = excluded.name_fold,
      birth_date = excluded.birth_date, sex = excluded.sex, updated_at = now();
  v_watched := EXISTS (SELECT FROM watchlist w WHERE w.doc_number = v_number AND w.removed_at IS NULL);

  INSERT INTO notifications (tenant_id, site_id, stay_id, event, payload, deadline_at)
    SELECT p_tenant, v_site, v_id, 'check_in',
      p_payload || jsonb_build_object('site_code', t.slug || '/' || s.slug, 'site_name', s.name, 'site_address', s.address,
        'area_code', a.code, 'stay_id', v_id),
      p_deadline
    FROM sites s JOIN tenants t ON t.id = s.tenant_id JOIN areas a ON a.id = s.area_id
    WHERE s.tenant_id = p_tenant AND s.id = v_site
    RETURNING id INTO v_nid;
  IF v_nid IS NULL THEN
    RAISE EXCEPTION 'stay_check_in: site % of tenant % has no tenant or area in scope', v_site, p_tenant;
  END IF;
  RETURN QUERY SELECT 'created'::text, ''::text, v_id, v_nid, v_watched, v_site;
END
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION stay_check_in FROM PUBLIC;
GRANT EXECUTE ON FUNCTION stay_check_in TO portal06_app;

-- +goose Down
DROP FUNCTION stay_check_in, api_request;
ALTER POLICY stays_scope ON stays USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])));
ALTER POLICY stay_revisions_scope ON stay_revisions USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])));
ALTER POLICY notifications_scope ON notifications USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])));
ALTER POLICY identity_records_scope ON identity_records USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])));
DROP FUNCTION app_area_sites;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION app_area_ids() RETURNS bigint[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(c.descendant_id), '{}') FROM area_closure c JOIN areas g ON g.id = c.ancestor_id
  WHERE g.code = ANY (app_codes('app.areas'))
$$;
-- +goose StatementEnd
