-- The desk's check-in without reading its site first. The confirmation
-- form read the site (one round trip) only to know whether its guests
-- travel on a trip (bus, cruise): the trip is then required and must be one
-- of the site's, and elsewhere it is ignored. stay_check_in, which reads the
-- site anyway, now does that when given the trip kinds (p_trip_kinds, NULL
-- for callers that do not ask): problems trip_id:trip.required and
-- trip_id:validation.choice, reported with the others at once. Everything
-- else is as in 00500_checkin.sql.

-- +goose Up
DROP FUNCTION stay_check_in(bigint, bigint, text, text[], text[], bigint, text, text, text, text, text, text, date, text, text,
  text, date, timestamptz, date, text, timestamptz, text, bigint, jsonb);
-- +goose StatementBegin
CREATE FUNCTION stay_check_in(
  p_tenant bigint, p_site bigint, p_site_slug text, p_site_kinds text[], p_room_kinds text[],
  p_trip bigint, p_room text, p_doc_type text, p_doc_number text, p_old_number text, p_full_name text, p_name_fold text,
  p_birth_date date, p_sex text, p_nationality text, p_address text, p_issue_date date, p_arrival timestamptz,
  p_departure date, p_reason text, p_deadline timestamptz, p_source text, p_user bigint, p_payload jsonb,
  p_trip_kinds text[] DEFAULT NULL)
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
  v_trip     bigint := p_trip;
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
  ELSE
    IF coalesce(p_room, '') = '' AND v_kind = ANY (coalesce(p_room_kinds, '{}')) THEN
      v_problems := v_problems || 'room:validation.required'::text;
    END IF;
    IF p_trip_kinds IS NOT NULL THEN
      IF NOT v_kind = ANY (p_trip_kinds) THEN
        v_trip := NULL; -- a site whose guests travel on no trip
      ELSIF v_trip IS NULL THEN
        v_problems := v_problems || 'trip_id:trip.required'::text;
      ELSIF NOT EXISTS (SELECT FROM trips t WHERE t.tenant_id = p_tenant AND t.id = v_trip AND t.site_id = v_site) THEN
        v_problems := v_problems || 'trip_id:validation.choice'::text;
      END IF;
    END IF;
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
    VALUES (p_tenant, v_site, v_trip, p_room, p_doc_type, p_doc_number, p_old_number, p_full_name, p_name_fold,
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
DROP FUNCTION stay_check_in(bigint, bigint, text, text[], text[], bigint, text, text, text, text, text, text, date, text, text,
  text, date, timestamptz, date, text, timestamptz, text, bigint, jsonb, text[]);
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
