-- Notary offices: notarial acts, their parties, the chip-card identity check
-- of each party, and the signals raised for the police when a check is
-- saved. A signal is computed across the whole province by a function that
-- returns only the signal's kind, never another tenant's rows; its details
-- (the person, what was found) are kept in a table only police scopes read.

-- +goose Up

-- The role of a notary (công chứng viên), who may complete an act over a
-- party that failed its check, with a written reason.
ALTER TABLE tenant_memberships DROP CONSTRAINT tenant_memberships_role_check;
ALTER TABLE tenant_memberships ADD CONSTRAINT tenant_memberships_role_check CHECK (role IN ('owner', 'manager', 'staff', 'notary'));

-- An office's settings: the face-match score a check must reach.
CREATE TABLE notary_settings (
  tenant_id      bigint NOT NULL,
  site_id        bigint NOT NULL,
  face_threshold numeric(3,2) NOT NULL DEFAULT 0.80 CHECK (face_threshold > 0 AND face_threshold <= 1),
  updated_by     bigint REFERENCES users (id),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, site_id),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
);

CREATE TABLE notary_acts (
  tenant_id        bigint NOT NULL,
  id               bigint GENERATED ALWAYS AS IDENTITY,
  site_id          bigint NOT NULL,
  act_type         text NOT NULL CHECK (act_type IN ('land_transfer', 'land_mortgage', 'house_sale', 'house_gift', 'authorisation', 'will', 'other')),
  number           text NOT NULL CHECK (number <> '' AND length(number) <= 40),
  -- the land-use certificate's serial, e.g. 'CS 123456', and the parcel
  -- (thửa đất số) with its map sheet (tờ bản đồ số); empty when not a property act
  land_certificate text NOT NULL DEFAULT '' CHECK (land_certificate = '' OR land_certificate ~ '^[A-ZĐ]{1,3} [0-9]{6,9}$'),
  parcel           text NOT NULL DEFAULT '' CHECK (parcel ~ '^[0-9]{0,6}$'),
  map_sheet        text NOT NULL DEFAULT '' CHECK (map_sheet ~ '^[0-9]{0,4}$'),
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed')),
  completed_at     timestamptz,
  completed_by     bigint REFERENCES users (id),
  -- set when a notary completed the act although a party was not a match
  override_reason  text NOT NULL DEFAULT '' CHECK (length(override_reason) <= 1000),
  created_by       bigint REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, number),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id),
  CHECK ((status = 'completed') = (completed_at IS NOT NULL)),
  CHECK ((parcel = '') = (map_sheet = ''))
);
CREATE INDEX notary_acts_site ON notary_acts (tenant_id, site_id, created_at DESC);
CREATE INDEX notary_acts_certificate ON notary_acts (land_certificate, created_at) WHERE land_certificate <> '';
CREATE INDEX notary_acts_parcel ON notary_acts (parcel, map_sheet, created_at) WHERE parcel <> '';

CREATE TABLE notary_parties (
  tenant_id  bigint NOT NULL,
  id         bigint GENERATED ALWAYS AS IDENTITY,
  site_id    bigint NOT NULL,
  act_id     bigint NOT NULL,
  role       text NOT NULL CHECK (role IN ('seller', 'buyer', 'mortgagor', 'mortgagee', 'donor', 'donee', 'authoriser', 'authorised',
                                            'testator', 'other')),
  doc_number text NOT NULL CHECK (doc_number ~ '^[0-9]{12}$'),
  old_number text NOT NULL DEFAULT '' CHECK (length(old_number) <= 12),
  full_name  text NOT NULL CHECK (full_name <> '' AND length(full_name) <= 100),
  name_fold  text NOT NULL,
  birth_date date NOT NULL,
  sex        text NOT NULL CHECK (sex IN ('M', 'F')),
  address    text NOT NULL DEFAULT '' CHECK (length(address) <= 300),
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, act_id, doc_number),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id),
  FOREIGN KEY (tenant_id, act_id) REFERENCES notary_acts (tenant_id, id)
);
CREATE INDEX notary_parties_number ON notary_parties (doc_number);

-- One identity check of a party: the QR as scanned, the chip as read by
-- the reader software (or a staff member's manual tick), and the verdict.
CREATE TABLE notary_checks (
  tenant_id         bigint NOT NULL,
  id                bigint GENERATED ALWAYS AS IDENTITY,
  site_id           bigint NOT NULL,
  act_id            bigint NOT NULL,
  party_id          bigint NOT NULL,
  qr_number         text NOT NULL,
  qr_name           text NOT NULL,
  qr_birth_date     date NOT NULL,
  qr_sex            text NOT NULL,
  chip_read         boolean NOT NULL,
  chip_number       text NOT NULL DEFAULT '' CHECK (length(chip_number) <= 20),
  chip_name         text NOT NULL DEFAULT '' CHECK (length(chip_name) <= 100),
  chip_birth_date   date,
  chip_sex          text NOT NULL DEFAULT '' CHECK (chip_sex IN ('', 'M', 'F')),
  chip_expiry       date,
  passive_auth      boolean NOT NULL DEFAULT false,
  chip_auth         boolean NOT NULL DEFAULT false,
  face_match        numeric(4,3) CHECK (face_match >= 0 AND face_match <= 1),
  liveness          boolean NOT NULL DEFAULT false,
  vneid_code        text NOT NULL DEFAULT '' CHECK (length(vneid_code) <= 200),
  manual_verified   boolean NOT NULL DEFAULT false,
  manual_staff_name text NOT NULL DEFAULT '' CHECK (length(manual_staff_name) <= 100),
  face_threshold    numeric(3,2) NOT NULL,
  source            text NOT NULL CHECK (source IN ('form', 'api')),
  verdict           text NOT NULL CHECK (verdict IN ('match', 'mismatch', 'unverified')),
  reasons           text[] NOT NULL DEFAULT '{}',
  checked_by        bigint REFERENCES users (id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id),
  FOREIGN KEY (tenant_id, act_id) REFERENCES notary_acts (tenant_id, id),
  FOREIGN KEY (tenant_id, party_id) REFERENCES notary_parties (tenant_id, id),
  CHECK (NOT manual_verified OR manual_staff_name <> '')
);
CREATE INDEX notary_checks_party ON notary_checks (tenant_id, party_id, id DESC);
CREATE INDEX notary_checks_site ON notary_checks (tenant_id, site_id, created_at DESC);
CREATE INDEX notary_checks_failures ON notary_checks (qr_number, created_at) WHERE verdict = 'mismatch';

-- A signal raised by a check. The office reads its kind only.
CREATE TABLE notary_signals (
  tenant_id  bigint NOT NULL,
  id         bigint GENERATED ALWAYS AS IDENTITY,
  site_id    bigint NOT NULL,
  act_id     bigint NOT NULL,
  party_id   bigint NOT NULL,
  check_id   bigint NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('identity_conflict', 'repeated_failures', 'property_resold', 'watchlist')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id),
  FOREIGN KEY (tenant_id, check_id) REFERENCES notary_checks (tenant_id, id),
  FOREIGN KEY (tenant_id, party_id) REFERENCES notary_parties (tenant_id, id)
);
CREATE INDEX notary_signals_site ON notary_signals (tenant_id, site_id, created_at DESC);
CREATE INDEX notary_signals_party ON notary_signals (tenant_id, party_id, kind);

-- What the police read of a signal: the person, the office, and what was
-- found elsewhere. No tenant's own pages (pinned requests) ever see it.
CREATE TABLE notary_signal_details (
  tenant_id  bigint NOT NULL,
  signal_id  bigint NOT NULL,
  site_id    bigint NOT NULL,
  full_name  text NOT NULL,
  doc_number text NOT NULL,
  birth_date date NOT NULL,
  site_name  text NOT NULL,
  area_name  text NOT NULL,
  detail     text NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, signal_id),
  FOREIGN KEY (tenant_id, signal_id) REFERENCES notary_signals (tenant_id, id)
);

-- The units told of a signal (the site's jurisdiction and the province's
-- units), and each one's acknowledgement with its note.
CREATE TABLE notary_signal_units (
  tenant_id       bigint NOT NULL,
  signal_id       bigint NOT NULL,
  unit_id         bigint NOT NULL REFERENCES police_units (id),
  site_id         bigint NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by bigint REFERENCES users (id),
  note            text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
  PRIMARY KEY (tenant_id, signal_id, unit_id),
  FOREIGN KEY (tenant_id, signal_id) REFERENCES notary_signals (tenant_id, id),
  CHECK (acknowledged_at IS NULL OR note <> '')
);
CREATE INDEX notary_signal_units_unit ON notary_signal_units (unit_id, acknowledged_at);

ALTER TABLE notary_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE notary_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY notary_settings_scope ON notary_settings USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK (app_site_row_writable(tenant_id, site_id));
ALTER TABLE notary_acts ENABLE ROW LEVEL SECURITY;
ALTER TABLE notary_acts FORCE ROW LEVEL SECURITY;
CREATE POLICY notary_acts_scope ON notary_acts USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK (app_site_row_writable(tenant_id, site_id));
ALTER TABLE notary_parties ENABLE ROW LEVEL SECURITY;
ALTER TABLE notary_parties FORCE ROW LEVEL SECURITY;
CREATE POLICY notary_parties_scope ON notary_parties USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK (app_site_row_writable(tenant_id, site_id));
ALTER TABLE notary_checks ENABLE ROW LEVEL SECURITY;
ALTER TABLE notary_checks FORCE ROW LEVEL SECURITY;
CREATE POLICY notary_checks_scope ON notary_checks USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK (app_site_row_writable(tenant_id, site_id));
ALTER TABLE notary_signals ENABLE ROW LEVEL SECURITY;
ALTER TABLE notary_signals FORCE ROW LEVEL SECURITY;
CREATE POLICY notary_signals_scope ON notary_signals USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK ((SELECT app_all()));
-- details and units: police scopes only (never a pinned tenant request)
ALTER TABLE notary_signal_details ENABLE ROW LEVEL SECURITY;
ALTER TABLE notary_signal_details FORCE ROW LEVEL SECURITY;
CREATE POLICY notary_signal_details_scope ON notary_signal_details USING ((SELECT app_pin()) IS NULL
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK ((SELECT app_all()));
ALTER TABLE notary_signal_units ENABLE ROW LEVEL SECURITY;
ALTER TABLE notary_signal_units FORCE ROW LEVEL SECURITY;
CREATE POLICY notary_signal_units_scope ON notary_signal_units USING ((SELECT app_pin()) IS NULL
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK ((SELECT app_pin()) IS NULL AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])));

GRANT SELECT, INSERT, UPDATE ON notary_settings, notary_acts TO portal06_app;
GRANT SELECT, INSERT ON notary_parties, notary_checks TO portal06_app;
GRANT SELECT ON notary_signals, notary_signal_details TO portal06_app;
GRANT SELECT, UPDATE (acknowledged_at, acknowledged_by, note) ON notary_signal_units TO portal06_app;

-- notary_find_signals computes, for one saved check, the signals the whole
-- province's records raise and writes them (with their details and the
-- units to tell). It runs as the owner with the province in scope, and is
-- called only by notary_raise_signals below, never by the portal directly.
-- +goose StatementBegin
CREATE FUNCTION notary_find_signals(p_tenant bigint, p_check bigint) RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  old_all    text := coalesce(current_setting('app.all', true), '');
  old_tenant text := coalesce(current_setting('app.tenant', true), '');
  c   notary_checks%ROWTYPE;
  a   notary_acts%ROWTYPE;
  p   notary_parties%ROWTYPE;
  s   record;
  k   text;
  d   text;
  sig bigint;
  u   bigint;
  found_kinds text[] := '{}';
  found_details text[] := '{}';
BEGIN
  -- the province in scope for this function only (restored at its end; an
  -- error aborts the transaction, or rolls the setting back with its savepoint)
  PERFORM set_config('app.all', 'on', true), set_config('app.tenant', '', true);
  SELECT * INTO c FROM notary_checks WHERE tenant_id = p_tenant AND id = p_check;
  SELECT * INTO a FROM notary_acts WHERE tenant_id = p_tenant AND id = c.act_id;
  SELECT * INTO p FROM notary_parties WHERE tenant_id = p_tenant AND id = c.party_id;
  SELECT si.name AS site_name, ar.name AS area_name INTO s FROM sites si JOIN areas ar ON ar.id = si.area_id
    WHERE si.tenant_id = p_tenant AND si.id = c.site_id;

  -- the same number seen with another name or birth date anywhere in the
  -- portal: stays, residents, notary checks (the core's identity records)
  SELECT string_agg(DISTINCT x.full_name || coalesce(' (' || to_char(x.birth_date, 'DD/MM/YYYY') || ')', ''), '; ') INTO d
    FROM identity_records x
    WHERE x.doc_number = p.doc_number AND NOT (x.tenant_id = p.tenant_id AND x.source = 'notary_check' AND x.record_id = p.id)
      AND (x.name_fold <> p.name_fold OR (x.birth_date IS NOT NULL AND x.birth_date <> p.birth_date));
  IF d IS NOT NULL THEN
    found_kinds := found_kinds || 'identity_conflict'::text; found_details := found_details || left(d, 500);
  END IF;

  -- the same number failing two checks within 30 days, at any office
  IF c.verdict = 'mismatch' THEN
    SELECT count(*)::text INTO d FROM notary_checks
      WHERE qr_number = c.qr_number AND verdict = 'mismatch' AND created_at > c.created_at - interval '30 days'
      HAVING count(*) >= 2;
    IF d IS NOT NULL THEN
      found_kinds := found_kinds || 'repeated_failures'::text; found_details := found_details || d;
    END IF;
  END IF;

  -- the same certificate or parcel in two transfer or sale acts within 90 days
  IF a.act_type IN ('land_transfer', 'house_sale') AND (a.land_certificate <> '' OR a.parcel <> '') THEN
    SELECT string_agg(si.name || ' ' || to_char(o.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY'), '; ') INTO d
      FROM notary_acts o JOIN sites si ON si.tenant_id = o.tenant_id AND si.id = o.site_id
      WHERE NOT (o.tenant_id = a.tenant_id AND o.id = a.id) AND o.act_type IN ('land_transfer', 'house_sale')
        AND o.created_at > a.created_at - interval '90 days' AND o.created_at < a.created_at + interval '90 days'
        AND ((a.land_certificate <> '' AND o.land_certificate = a.land_certificate)
          OR (a.parcel <> '' AND o.parcel = a.parcel AND o.map_sheet = a.map_sheet));
    IF d IS NOT NULL THEN
      found_kinds := found_kinds || 'property_resold'::text; found_details := found_details || left(d, 500);
    END IF;
  END IF;

  -- a party on a police watchlist
  IF EXISTS (SELECT 1 FROM watchlist WHERE doc_number = p.doc_number AND removed_at IS NULL) THEN
    found_kinds := found_kinds || 'watchlist'::text; found_details := found_details || ''::text;
  END IF;

  FOR i IN 1 .. coalesce(array_length(found_kinds, 1), 0) LOOP
    k := found_kinds[i];
    RETURN NEXT k;
    -- a standing signal of the same kind for the party (for the act, when
    -- the property was resold) is not raised again
    IF EXISTS (SELECT 1 FROM notary_signals x WHERE x.tenant_id = p_tenant AND x.kind = k
               AND (x.party_id = p.id OR (k = 'property_resold' AND x.act_id = a.id))) THEN
      CONTINUE;
    END IF;
    INSERT INTO notary_signals (tenant_id, site_id, act_id, party_id, check_id, kind, created_at)
      VALUES (p_tenant, c.site_id, a.id, p.id, c.id, k, c.created_at) RETURNING id INTO sig;
    INSERT INTO notary_signal_details (tenant_id, signal_id, site_id, full_name, doc_number, birth_date, site_name, area_name, detail)
      VALUES (p_tenant, sig, c.site_id, p.full_name, p.doc_number, p.birth_date, s.site_name, s.area_name, found_details[i]);
    PERFORM figure_add('notary.signals', p_tenant, c.site_id, (c.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 1, 0);
    FOR u IN SELECT DISTINCT pu.id FROM casbin_rule r JOIN police_units pu ON r.v0 = 'unit:' || pu.code
        LEFT JOIN areas g ON r.v1 = 'area:' || g.code
        WHERE r.ptype = 'p2' AND (r.v1 = 'province' OR EXISTS (
          SELECT 1 FROM area_closure cl JOIN sites si ON si.area_id = cl.descendant_id
          WHERE cl.ancestor_id = g.id AND si.tenant_id = p_tenant AND si.id = c.site_id)) LOOP
      INSERT INTO notary_signal_units (tenant_id, signal_id, unit_id, site_id) VALUES (p_tenant, sig, u, c.site_id);
      PERFORM pg_notify('portal06_live', 'notary_signals:' || u || '|' || sig);
    END LOOP;
  END LOOP;
  PERFORM set_config('app.all', old_all, true), set_config('app.tenant', old_tenant, true);
END
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION notary_find_signals FROM PUBLIC;

-- notary_raise_signals is what the portal calls after saving a check: it
-- refuses a check the caller could not have written, then answers with the
-- kinds of the signals only.
-- +goose StatementBegin
CREATE FUNCTION notary_raise_signals(p_tenant bigint, p_check bigint) RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM notary_checks WHERE tenant_id = p_tenant AND id = p_check AND app_site_row_writable(tenant_id, site_id)) THEN
    RAISE EXCEPTION 'notary: check % of tenant % is not the caller''s', p_check, p_tenant USING ERRCODE = '42501';
  END IF;
  RETURN QUERY SELECT * FROM notary_find_signals(p_tenant, p_check);
END
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION notary_raise_signals FROM PUBLIC;
GRANT EXECUTE ON FUNCTION notary_raise_signals TO portal06_app;

-- +goose Down
DROP FUNCTION notary_raise_signals, notary_find_signals;
DROP TABLE notary_signal_units, notary_signal_details, notary_signals, notary_checks, notary_parties, notary_acts, notary_settings;
DELETE FROM tenant_memberships WHERE role = 'notary';
ALTER TABLE tenant_memberships DROP CONSTRAINT tenant_memberships_role_check;
ALTER TABLE tenant_memberships ADD CONSTRAINT tenant_memberships_role_check CHECK (role IN ('owner', 'manager', 'staff'));
