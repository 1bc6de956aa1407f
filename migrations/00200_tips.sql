-- Crime tips: anyone reports from a phone; the tip reaches the police units
-- whose jurisdiction holds the place, and the reporter follows it with a code.
-- Tips are a core capability, not a tenant kind: they are not tenant-owned.
-- A unit sees a tip through its rows in tip_units (the units it was routed
-- or transferred to); a unit that transferred it keeps read access to the
-- events of the time it held it.

-- +goose Up

-- The police units of the signed-in user (staff_memberships has no RLS).
-- +goose StatementBegin
CREATE FUNCTION app_unit_ids() RETURNS bigint[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(unit_id), '{}') FROM staff_memberships WHERE user_id = app_user_id() AND unit_id IS NOT NULL
$$;
-- +goose StatementEnd

CREATE TABLE tips (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code_hash         text NOT NULL UNIQUE CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  category          text NOT NULL CHECK (category IN ('theft', 'robbery', 'drugs', 'gambling', 'fraud', 'violence',
                      'public_order', 'traffic', 'environment', 'other')),
  description       text NOT NULL CHECK (description <> '' AND char_length(description) <= 5000),
  area_id           bigint NOT NULL REFERENCES areas (id),
  -- the site of the poster it came from, if any, kept by value: a tip is
  -- not tenant-owned (it belongs to no tenant, and no tenant sees it)
  site_tenant_id    bigint,
  site_id           bigint,
  site_name         text NOT NULL DEFAULT '',
  address           text NOT NULL DEFAULT '' CHECK (char_length(address) <= 300),
  occurred_at       timestamptz NOT NULL,
  reporter_name     text NOT NULL DEFAULT '' CHECK (char_length(reporter_name) <= 100),
  reporter_phone    text NOT NULL DEFAULT '' CHECK (reporter_phone ~ '^(\+?[0-9]{8,15})?$'),
  -- the tip names a person (the reporter, an ID number, a linked person):
  -- opening it needs a stated purpose and is audited
  names_person      boolean NOT NULL DEFAULT false,
  status            text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'verifying', 'transferred', 'closed')),
  public_note       text NOT NULL DEFAULT '' CHECK (char_length(public_note) <= 500),
  created_at        timestamptz NOT NULL DEFAULT now(),
  first_response_at timestamptz,
  closed_at         timestamptz,
  -- the transaction that created the tip sees it (the public form has no scope)
  created_xid       xid8 NOT NULL DEFAULT pg_current_xact_id(),
  CHECK ((site_tenant_id IS NULL) = (site_id IS NULL))
);
CREATE INDEX tips_created ON tips (created_at DESC);
CREATE INDEX tips_area ON tips (area_id, created_at DESC);

-- The units a tip was routed or transferred to, and since when; until is
-- set when the unit transferred it away (it keeps its history).
CREATE TABLE tip_units (
  tip_id      bigint NOT NULL REFERENCES tips (id),
  unit_id     bigint NOT NULL REFERENCES police_units (id),
  since       timestamptz NOT NULL DEFAULT now(),
  until       timestamptz,
  assigned_to bigint REFERENCES users (id),
  PRIMARY KEY (tip_id, unit_id, since)
);
CREATE UNIQUE INDEX tip_units_current ON tip_units (tip_id, unit_id) WHERE until IS NULL;
CREATE INDEX tip_units_unit ON tip_units (unit_id, tip_id);

-- What happened to a tip: received, status changes with internal notes,
-- assignments, transfers, person links, openings.
CREATE TABLE tip_events (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tip_id     bigint NOT NULL REFERENCES tips (id),
  unit_id    bigint REFERENCES police_units (id),
  user_id    bigint REFERENCES users (id),
  action     text NOT NULL CHECK (action IN ('received', 'status', 'assign', 'transfer', 'link')),
  status     text NOT NULL DEFAULT '',
  to_unit_id bigint REFERENCES police_units (id),
  note       text NOT NULL DEFAULT '' CHECK (char_length(note) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tip_events_tip ON tip_events (tip_id, id);

-- Photos, re-encoded without metadata unless the reporter kept the location.
CREATE TABLE tip_photos (
  tip_id       bigint NOT NULL REFERENCES tips (id),
  n            smallint NOT NULL CHECK (n BETWEEN 1 AND 3),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  data         bytea NOT NULL CHECK (length(data) <= 5242880),
  original     boolean NOT NULL DEFAULT false,
  PRIMARY KEY (tip_id, n)
);

-- People a unit linked to a tip, for the person search.
CREATE TABLE tip_people (
  tip_id     bigint NOT NULL REFERENCES tips (id),
  doc_type   text NOT NULL CHECK (doc_type IN ('cccd', 'passport', 'id_card')),
  doc_number text NOT NULL CHECK (doc_number ~ '^[A-Z0-9]{5,20}$'),
  unit_id    bigint NOT NULL REFERENCES police_units (id),
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tip_id, doc_type, doc_number)
);

-- Recent submissions and failed code lookups, by keyed hashes of the IP
-- address and of the device cookie, for the limits (shared by every instance).
CREATE TABLE tip_throttle (
  action      text NOT NULL CHECK (action IN ('submit', 'lookup_failed')),
  ip_hash     text NOT NULL,
  device_hash text NOT NULL,
  -- the form token a tip was sent with: each form is sent once
  token       text NOT NULL DEFAULT '',
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX tip_throttle_token ON tip_throttle (token) WHERE token <> '';
CREATE INDEX tip_throttle_ip ON tip_throttle (action, ip_hash, at);
CREATE INDEX tip_throttle_device ON tip_throttle (action, device_hash, at);

-- Daily counts of tips per area and category for the figures: no content,
-- no personal data. Written through tip_figure_add in the tip's transaction.
CREATE TABLE tip_figure_days (
  indicator text NOT NULL CHECK (indicator ~ '^tips\.[a-z0-9_]{1,58}$'),
  area_id   bigint NOT NULL REFERENCES areas (id),
  category  text NOT NULL,
  day       date NOT NULL,
  num       numeric NOT NULL DEFAULT 0,
  den       numeric NOT NULL DEFAULT 0,
  PRIMARY KEY (indicator, area_id, category, day)
);

-- Is tip t held now (not transferred away) by one of the user's units?
-- +goose StatementBegin
CREATE FUNCTION tip_held(t bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM tip_units WHERE tip_id = t AND until IS NULL AND unit_id = ANY (app_unit_ids()))
$$;
-- +goose StatementEnd
-- Was tip t created by this very transaction (the public form)?
-- +goose StatementBegin
CREATE FUNCTION tip_new(t bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM tips WHERE id = t AND created_xid = pg_current_xact_id_if_assigned())
$$;
-- +goose StatementEnd
-- Adds to a tip figure; runs as the owner so an anonymous tip moves it.
-- +goose StatementBegin
CREATE FUNCTION tip_figure_add(p_indicator text, p_area bigint, p_category text, p_day date, p_num numeric, p_den numeric)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO tip_figure_days (indicator, area_id, category, day, num, den) VALUES (p_indicator, p_area, p_category, p_day, p_num, p_den)
  ON CONFLICT (indicator, area_id, category, day)
  DO UPDATE SET num = tip_figure_days.num + excluded.num, den = tip_figure_days.den + excluded.den
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION tip_figure_add FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tip_figure_add TO portal06_app;
-- The site of a poster, found by its slug without any scope: its name and
-- place are printed on the poster anyway. The functions below that read
-- across the scope widen it for their own query only, and restore it.
-- +goose StatementBegin
CREATE FUNCTION tip_site(p_slug text)
RETURNS TABLE (tenant_id bigint, site_id bigint, site_name text, address text, area_id bigint, area_code text, area_name text, tenant_slug text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  old_all text := coalesce(current_setting('app.all', true), '');
  old_pin text := coalesce(current_setting('app.tenant', true), '');
BEGIN
  PERFORM set_config('app.all', 'on', true), set_config('app.tenant', '', true);
  RETURN QUERY SELECT s.tenant_id, s.id, s.name, s.address, a.id, a.code, a.name, t.slug
    FROM sites s JOIN areas a ON a.id = s.area_id JOIN tenants t ON t.id = s.tenant_id
    WHERE s.slug = p_slug ORDER BY s.tenant_id LIMIT 5;
  PERFORM set_config('app.all', old_all, true), set_config('app.tenant', old_pin, true);
END
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION tip_site FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tip_site TO portal06_app;
-- The province's figure of a site (figure_days) moves with a tip from its
-- poster, whatever the scope of the request (anonymous, or the unit it was
-- transferred to): figure_add reads the site under row-level security.
-- +goose StatementBegin
CREATE FUNCTION tip_site_figure_add(p_indicator text, p_tenant bigint, p_site bigint, p_day date, p_num numeric, p_den numeric)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  old_all text := coalesce(current_setting('app.all', true), '');
  old_pin text := coalesce(current_setting('app.tenant', true), '');
BEGIN
  PERFORM set_config('app.all', 'on', true), set_config('app.tenant', '', true);
  PERFORM figure_add(p_indicator, p_tenant, p_site, p_day, p_num, p_den);
  PERFORM set_config('app.all', old_all, true), set_config('app.tenant', old_pin, true);
END
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION tip_site_figure_add FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tip_site_figure_add TO portal06_app;
-- What the reporter may see of a tip, found by the hash of its code.
-- +goose StatementBegin
CREATE FUNCTION tip_status(p_hash text) RETURNS TABLE (status text, public_note text, created_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  old_all text := coalesce(current_setting('app.all', true), '');
BEGIN
  PERFORM set_config('app.all', 'on', true);
  RETURN QUERY SELECT t.status, t.public_note, t.created_at FROM tips t WHERE t.code_hash = p_hash;
  PERFORM set_config('app.all', old_all, true);
END
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION tip_status FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tip_status TO portal06_app;

ALTER TABLE tips ENABLE ROW LEVEL SECURITY;
ALTER TABLE tips FORCE ROW LEVEL SECURITY;
CREATE POLICY tips_read ON tips FOR SELECT USING ((SELECT app_all())
  OR created_xid = pg_current_xact_id_if_assigned()
  OR EXISTS (SELECT 1 FROM tip_units tu WHERE tu.tip_id = tips.id AND tu.unit_id = ANY ((SELECT app_unit_ids())::bigint[])));
-- Anyone reports a new tip; only the units holding a tip change it. The
-- system (app.all: the demo, an administrator's tool) may do both.
CREATE POLICY tips_report ON tips FOR INSERT WITH CHECK (app_all() OR (status = 'received' AND first_response_at IS NULL
  AND closed_at IS NULL AND public_note = '' AND created_at = now()));
CREATE POLICY tips_triage ON tips FOR UPDATE USING (app_all() OR tip_held(id)) WITH CHECK (app_all() OR tip_held(id));

ALTER TABLE tip_units ENABLE ROW LEVEL SECURITY;
ALTER TABLE tip_units FORCE ROW LEVEL SECURITY;
CREATE POLICY tip_units_read ON tip_units FOR SELECT USING ((SELECT app_all()) OR unit_id = ANY ((SELECT app_unit_ids())::bigint[]));
CREATE POLICY tip_units_route ON tip_units FOR INSERT WITH CHECK (app_all() OR tip_new(tip_id) OR tip_held(tip_id));
CREATE POLICY tip_units_triage ON tip_units FOR UPDATE USING (app_all() OR (unit_id = ANY (app_unit_ids()) AND until IS NULL))
  WITH CHECK (app_all() OR unit_id = ANY (app_unit_ids()));

ALTER TABLE tip_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE tip_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tip_events_read ON tip_events FOR SELECT USING ((SELECT app_all())
  OR EXISTS (SELECT 1 FROM tip_units tu WHERE tu.tip_id = tip_events.tip_id AND tu.unit_id = ANY ((SELECT app_unit_ids())::bigint[])
             AND tip_events.created_at >= tu.since AND (tu.until IS NULL OR tip_events.created_at <= tu.until)));
CREATE POLICY tip_events_write ON tip_events FOR INSERT WITH CHECK (app_all() OR tip_new(tip_id) OR tip_held(tip_id));

ALTER TABLE tip_photos ENABLE ROW LEVEL SECURITY;
ALTER TABLE tip_photos FORCE ROW LEVEL SECURITY;
CREATE POLICY tip_photos_read ON tip_photos FOR SELECT USING ((SELECT app_all())
  OR EXISTS (SELECT 1 FROM tip_units tu WHERE tu.tip_id = tip_photos.tip_id AND tu.unit_id = ANY ((SELECT app_unit_ids())::bigint[])));
CREATE POLICY tip_photos_write ON tip_photos FOR INSERT WITH CHECK (app_all() OR tip_new(tip_id));

ALTER TABLE tip_people ENABLE ROW LEVEL SECURITY;
ALTER TABLE tip_people FORCE ROW LEVEL SECURITY;
CREATE POLICY tip_people_read ON tip_people FOR SELECT USING ((SELECT app_all())
  OR EXISTS (SELECT 1 FROM tip_units tu WHERE tu.tip_id = tip_people.tip_id AND tu.unit_id = ANY ((SELECT app_unit_ids())::bigint[])));
CREATE POLICY tip_people_write ON tip_people FOR INSERT WITH CHECK (app_all() OR tip_held(tip_id));

-- Figures: police units see their jurisdiction's areas, the province all.
ALTER TABLE tip_figure_days ENABLE ROW LEVEL SECURITY;
CREATE POLICY tip_figure_days_read ON tip_figure_days FOR SELECT USING (
  (SELECT app_all()) OR area_id = ANY ((SELECT app_area_ids())::bigint[]));

GRANT SELECT, INSERT, UPDATE ON tips, tip_units TO portal06_app;
GRANT SELECT, INSERT ON tip_events, tip_photos, tip_people TO portal06_app;
GRANT SELECT, INSERT, DELETE ON tip_throttle TO portal06_app;
GRANT SELECT ON tip_figure_days TO portal06_app;

-- +goose Down
DROP TABLE tip_figure_days, tip_throttle, tip_people, tip_photos, tip_events, tip_units, tips;
DROP FUNCTION tip_status, tip_site_figure_add, tip_site, tip_figure_add, tip_new, tip_held, app_unit_ids;
