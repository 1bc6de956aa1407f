-- tip_figures_recount(p_after): the tips' figures over the tips whose id is
-- above p_after (0, the default, for all of them, as before). The scale seed
-- adds the figures of the tips it has just loaded with it, instead of a copy
-- of its query.

-- +goose Up
DROP FUNCTION tip_figures_recount();
-- +goose StatementBegin
CREATE FUNCTION tip_figures_recount(p_after bigint DEFAULT 0)
RETURNS TABLE (indicator text, tenant_id bigint, site_id bigint, area_id bigint, day date, num numeric, den numeric)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
#variable_conflict use_column
DECLARE
  old_all text := coalesce(current_setting('app.all', true), '');
BEGIN
  -- tips and sites force row-level security, on their owner too
  PERFORM set_config('app.all', 'on', true);
  RETURN QUERY WITH t AS (
    SELECT x.category, x.site_tenant_id, x.site_id, x.area_id,
      (x.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS d_in,
      (x.first_response_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS d_resp,
      extract(epoch FROM x.first_response_at - x.created_at)::numeric / 3600 AS hours,
      (x.closed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS d_closed,
      x.closed_at - x.created_at <= interval '30 days' AS in30
    FROM tips x WHERE x.id > p_after),
  e AS (
    SELECT 'tips.received' AS code, site_tenant_id, site_id, area_id, d_in AS d, 1::numeric AS n, 0::numeric AS m FROM t
    UNION ALL SELECT 'tips.received.' || category, site_tenant_id, site_id, area_id, d_in, 1, 0 FROM t
    UNION ALL SELECT 'tips.closed_30d_share', site_tenant_id, site_id, area_id, d_in, 0, 1 FROM t
    UNION ALL SELECT 'tips.first_response_hours', site_tenant_id, site_id, area_id, d_resp, hours, 1 FROM t WHERE d_resp IS NOT NULL
    UNION ALL SELECT 'tips.closed', site_tenant_id, site_id, area_id, d_closed, 1, 0 FROM t WHERE d_closed IS NOT NULL
    UNION ALL SELECT 'tips.closed_30d', site_tenant_id, site_id, area_id, d_closed, 1, 0 FROM t WHERE in30
    UNION ALL SELECT 'tips.closed_30d_share', site_tenant_id, site_id, area_id, d_closed, 1, 0 FROM t WHERE in30)
  SELECT e.code, e.site_tenant_id, e.site_id, CASE WHEN e.site_id IS NULL THEN e.area_id ELSE s.area_id END, e.d, sum(e.n), sum(e.m)
  FROM e LEFT JOIN sites s ON s.tenant_id = e.site_tenant_id AND s.id = e.site_id
  WHERE e.site_id IS NULL OR s.id IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5;
  PERFORM set_config('app.all', old_all, true);
END
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION tip_figures_recount FROM PUBLIC;

-- +goose Down
DROP FUNCTION tip_figures_recount(bigint);
-- +goose StatementBegin
CREATE FUNCTION tip_figures_recount()
RETURNS TABLE (indicator text, tenant_id bigint, site_id bigint, area_id bigint, day date, num numeric, den numeric)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
#variable_conflict use_column
DECLARE
  old_all text := coalesce(current_setting('app.all', true), '');
BEGIN
  -- tips and sites force row-level security, on their owner too
  PERFORM set_config('app.all', 'on', true);
  RETURN QUERY WITH t AS (
    SELECT x.category, x.site_tenant_id, x.site_id, x.area_id,
      (x.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS d_in,
      (x.first_response_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS d_resp,
      extract(epoch FROM x.first_response_at - x.created_at)::numeric / 3600 AS hours,
      (x.closed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS d_closed,
      x.closed_at - x.created_at <= interval '30 days' AS in30
    FROM tips x),
  e AS (
    SELECT 'tips.received' AS code, site_tenant_id, site_id, area_id, d_in AS d, 1::numeric AS n, 0::numeric AS m FROM t
    UNION ALL SELECT 'tips.received.' || category, site_tenant_id, site_id, area_id, d_in, 1, 0 FROM t
    UNION ALL SELECT 'tips.closed_30d_share', site_tenant_id, site_id, area_id, d_in, 0, 1 FROM t
    UNION ALL SELECT 'tips.first_response_hours', site_tenant_id, site_id, area_id, d_resp, hours, 1 FROM t WHERE d_resp IS NOT NULL
    UNION ALL SELECT 'tips.closed', site_tenant_id, site_id, area_id, d_closed, 1, 0 FROM t WHERE d_closed IS NOT NULL
    UNION ALL SELECT 'tips.closed_30d', site_tenant_id, site_id, area_id, d_closed, 1, 0 FROM t WHERE in30
    UNION ALL SELECT 'tips.closed_30d_share', site_tenant_id, site_id, area_id, d_closed, 1, 0 FROM t WHERE in30)
  SELECT e.code, e.site_tenant_id, e.site_id, CASE WHEN e.site_id IS NULL THEN e.area_id ELSE s.area_id END, e.d, sum(e.n), sum(e.m)
  FROM e LEFT JOIN sites s ON s.tenant_id = e.site_tenant_id AND s.id = e.site_id
  WHERE e.site_id IS NULL OR s.id IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5;
  PERFORM set_config('app.all', old_all, true);
END
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION tip_figures_recount FROM PUBLIC;
