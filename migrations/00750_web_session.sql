-- A page's session in one statement. Every page request read the policy
-- version, its session (touching it at most once a minute), wrote the
-- user's own scope, then read the user, their staff roles and their tenant
-- memberships: six round trips before the page's own work, the whole cost
-- of a light page. web_session does the same in one call, as the caller
-- (row-level security applies as before), and answers the memberships as
-- JSON arrays in the order the pages used. A session that is expired or
-- whose user is disabled is deleted, as before, and answered live = false.
-- Without a session (p_hash empty or unknown) only the version is answered.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION web_session(p_hash text, p_idle double precision)
RETURNS TABLE (version bigint, user_id bigint, csrf_token text, live boolean, username text, full_name text,
  staff jsonb, tenants jsonb)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_version bigint;
  v_user    bigint;
  v_csrf    text;
  v_live    boolean;
  v_stale   boolean;
BEGIN
  SELECT a.version INTO v_version FROM authz_version a;
  IF coalesce(p_hash, '') <> '' THEN
    SELECT s.user_id, s.csrf_token,
           (s.last_seen_at > now() - make_interval(secs => p_idle) AND s.expires_at > now() AND NOT u.disabled),
           s.last_seen_at < now() - interval '1 minute'
      INTO v_user, v_csrf, v_live, v_stale
      FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = p_hash;
  END IF;
  IF v_user IS NULL THEN
    RETURN QUERY SELECT v_version, NULL::bigint, NULL::text, false, NULL::text, NULL::text, NULL::jsonb, NULL::jsonb;
    RETURN;
  END IF;
  IF NOT v_live THEN
    DELETE FROM sessions s WHERE s.token_hash = p_hash;
    RETURN QUERY SELECT v_version, v_user, NULL::text, false, NULL::text, NULL::text, NULL::jsonb, NULL::jsonb;
    RETURN;
  END IF;
  IF v_stale THEN
    -- at most once a minute, and never waiting: when another request of the
    -- same session is touching it, that touch is enough
    UPDATE sessions s SET last_seen_at = now()
     WHERE s.token_hash = (SELECT x.token_hash FROM sessions x WHERE x.token_hash = p_hash FOR NO KEY UPDATE SKIP LOCKED);
  END IF;
  -- the user's own scope, as policies.Scope{}.Apply(tx, user) writes it
  PERFORM set_config('app.all', '', true), set_config('app.tenants', '', true), set_config('app.sites', '', true),
    set_config('app.areas', '', true), set_config('app.user_id', v_user::text, true), set_config('app.tenant', '', true);
  RETURN QUERY SELECT v_version, u.id, v_csrf, true, u.username, u.full_name,
    (SELECT coalesce(jsonb_agg(jsonb_build_object('role', m.role, 'unit_id', m.unit_id, 'unit_code', pu.code,
        'unit_name', pu.name, 'unit_kind', pu.kind) ORDER BY m.role), '[]'::jsonb)
       FROM staff_memberships m LEFT JOIN police_units pu ON pu.id = m.unit_id WHERE m.user_id = v_user),
    (SELECT coalesce(jsonb_agg(jsonb_build_object('tenant_id', m.tenant_id, 'slug', t.slug, 'name', t.name, 'kind', t.kind,
        'role', m.role, 'all_sites', m.all_sites, 'tax_code', t.tax_code) ORDER BY t.name), '[]'::jsonb)
       FROM tenant_memberships m JOIN tenants t ON t.id = m.tenant_id WHERE m.user_id = v_user)
    FROM users u WHERE u.id = v_user;
END
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION web_session FROM PUBLIC;
GRANT EXECUTE ON FUNCTION web_session TO portal06_app;

-- +goose Down
DROP FUNCTION web_session;
