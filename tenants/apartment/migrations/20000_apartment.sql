-- Apartment blocks and boarding houses: buildings, units (flats or rooms),
-- residents with their tạm trú, the history of every residence, posters for
-- self-registration and the requests waiting in the manager's queue.

-- +goose Up

-- A building of an apartment block (boarding houses have none).
CREATE TABLE apt_buildings (
  tenant_id  bigint NOT NULL,
  id         bigint GENERATED ALWAYS AS IDENTITY,
  site_id    bigint NOT NULL,
  code       text NOT NULL CHECK (code ~ '^[A-Z0-9]{1,10}$'),
  name       text NOT NULL CHECK (name <> '' AND length(name) <= 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, site_id, code),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
);

-- A flat of a building, or a room of a boarding house.
CREATE TABLE apt_units (
  tenant_id   bigint NOT NULL,
  id          bigint GENERATED ALWAYS AS IDENTITY,
  site_id     bigint NOT NULL,
  building_id bigint,
  code        text NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9.-]{0,19}$'),
  floor       int NOT NULL CHECK (floor BETWEEN -5 AND 200),
  capacity    int NOT NULL CHECK (capacity BETWEEN 1 AND 100),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT apt_units_code UNIQUE (tenant_id, site_id, code),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id),
  FOREIGN KEY (tenant_id, building_id) REFERENCES apt_buildings (tenant_id, id)
);
CREATE INDEX apt_units_building ON apt_units (tenant_id, building_id, code);

-- One residence of one person in one unit. A move ends a residence and starts
-- the next, linked by previous_id; ended residences are the history.
CREATE TABLE apt_residents (
  tenant_id       bigint NOT NULL,
  id              bigint GENERATED ALWAYS AS IDENTITY,
  site_id         bigint NOT NULL,
  unit_id         bigint NOT NULL,
  previous_id     bigint,
  doc_type        text NOT NULL CHECK (doc_type IN ('cccd', 'passport', 'id_card')),
  doc_number      text NOT NULL CHECK (doc_number ~ '^[A-Z0-9]{5,20}$'),
  old_number      text NOT NULL DEFAULT '' CHECK (length(old_number) <= 20),
  full_name       text NOT NULL CHECK (full_name <> '' AND length(full_name) <= 200),
  name_fold       text NOT NULL,
  birth_date      date NOT NULL,
  sex             text NOT NULL CHECK (sex IN ('M', 'F')),
  nationality     text NOT NULL CHECK (nationality ~ '^[A-Z]{3}$'),
  address         text NOT NULL DEFAULT '' CHECK (length(address) <= 500),
  relation        text NOT NULL CHECK (relation IN ('head', 'spouse', 'child', 'parent', 'relative', 'other')),
  residence_type  text NOT NULL CHECK (residence_type IN ('permanent', 'temporary', 'long_stay')),
  move_in         date NOT NULL,
  move_out        date,
  move_out_reason text NOT NULL DEFAULT '' CHECK (length(move_out_reason) <= 500),
  tamtru_status   text NOT NULL DEFAULT 'not_needed' CHECK (tamtru_status IN ('not_needed', 'due', 'submitted', 'registered')),
  tamtru_dossier  text NOT NULL DEFAULT '' CHECK (length(tamtru_dossier) <= 50),
  tamtru_until    date,
  source          text NOT NULL CHECK (source IN ('qr', 'mrz', 'manual', 'api', 'self', 'import', 'demo')),
  created_by      bigint REFERENCES users (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id),
  FOREIGN KEY (tenant_id, unit_id) REFERENCES apt_units (tenant_id, id),
  FOREIGN KEY (tenant_id, previous_id) REFERENCES apt_residents (tenant_id, id),
  CHECK (move_out IS NULL OR move_out >= move_in),
  CHECK (move_out IS NULL OR move_out_reason <> ''),
  CHECK (tamtru_status <> 'submitted' OR tamtru_dossier <> ''),
  CHECK (tamtru_status <> 'registered' OR tamtru_until IS NOT NULL)
);
-- A person has at most one active residence per tenant.
CREATE UNIQUE INDEX apt_residents_one_active ON apt_residents (tenant_id, doc_type, doc_number) WHERE move_out IS NULL;
CREATE INDEX apt_residents_unit ON apt_residents (tenant_id, unit_id, move_in DESC);
CREATE INDEX apt_residents_site_active ON apt_residents (tenant_id, site_id, residence_type) WHERE move_out IS NULL;
CREATE INDEX apt_residents_site_name ON apt_residents (tenant_id, site_id, name_fold, id) WHERE move_out IS NULL;
CREATE INDEX apt_residents_tamtru ON apt_residents (tenant_id, site_id, tamtru_status, move_in) WHERE move_out IS NULL;
CREATE INDEX apt_residents_doc ON apt_residents (doc_number);
CREATE INDEX apt_residents_fold ON apt_residents (name_fold text_pattern_ops);

-- What happened to a residence, in order: registration, corrections,
-- tạm trú changes, move-out, moves.
CREATE TABLE apt_resident_events (
  tenant_id   bigint NOT NULL,
  id          bigint GENERATED ALWAYS AS IDENTITY,
  site_id     bigint NOT NULL,
  resident_id bigint NOT NULL,
  action      text NOT NULL CHECK (action IN ('register', 'move_in', 'move_out', 'move', 'tamtru', 'confirm')),
  detail      text NOT NULL DEFAULT '' CHECK (length(detail) <= 1000),
  changed_by  bigint REFERENCES users (id),
  changed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, resident_id) REFERENCES apt_residents (tenant_id, id)
);
CREATE INDEX apt_resident_events_resident ON apt_resident_events (tenant_id, resident_id, id);

-- A poster's QR opens the public self-registration page of a site; the token
-- is random and can be revoked.
CREATE TABLE apt_posters (
  tenant_id   bigint NOT NULL,
  id          bigint GENERATED ALWAYS AS IDENTITY,
  site_id     bigint NOT NULL,
  building_id bigint,
  token       text NOT NULL UNIQUE CHECK (token ~ '^[A-Za-z0-9_-]{20,64}$'),
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id),
  FOREIGN KEY (tenant_id, building_id) REFERENCES apt_buildings (tenant_id, id)
);

-- A resident's own request to be registered; nothing enters the register
-- until the manager confirms it.
CREATE TABLE apt_selfregs (
  tenant_id      bigint NOT NULL,
  id             bigint GENERATED ALWAYS AS IDENTITY,
  site_id        bigint NOT NULL,
  poster_id      bigint NOT NULL,
  unit_code      text NOT NULL CHECK (unit_code <> '' AND length(unit_code) <= 20),
  doc_type       text NOT NULL CHECK (doc_type IN ('cccd', 'passport', 'id_card')),
  doc_number     text NOT NULL CHECK (doc_number ~ '^[A-Z0-9]{5,20}$'),
  old_number     text NOT NULL DEFAULT '' CHECK (length(old_number) <= 20),
  full_name      text NOT NULL CHECK (full_name <> '' AND length(full_name) <= 200),
  birth_date     date NOT NULL,
  sex            text NOT NULL CHECK (sex IN ('M', 'F')),
  nationality    text NOT NULL CHECK (nationality ~ '^[A-Z]{3}$'),
  address        text NOT NULL DEFAULT '' CHECK (length(address) <= 500),
  relation       text NOT NULL CHECK (relation IN ('head', 'spouse', 'child', 'parent', 'relative', 'other')),
  residence_type text NOT NULL CHECK (residence_type IN ('permanent', 'temporary', 'long_stay')),
  move_in        date NOT NULL,
  source         text NOT NULL CHECK (source IN ('qr', 'mrz', 'manual')),
  status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected')),
  reject_reason  text NOT NULL DEFAULT '' CHECK (length(reject_reason) <= 500),
  resident_id    bigint,
  decided_by     bigint REFERENCES users (id),
  decided_at     timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id),
  FOREIGN KEY (tenant_id, poster_id) REFERENCES apt_posters (tenant_id, id),
  FOREIGN KEY (tenant_id, resident_id) REFERENCES apt_residents (tenant_id, id),
  CHECK (status <> 'rejected' OR reject_reason <> '')
);
CREATE INDEX apt_selfregs_pending ON apt_selfregs (tenant_id, site_id, created_at) WHERE status = 'pending';

-- Hits of the public pages by bucket (poster and client) and window; shared
-- by every instance. Reached only through apt_rate_hit.
CREATE TABLE apt_rate (
  bucket       text NOT NULL,
  window_start timestamptz NOT NULL,
  hits         int NOT NULL,
  PRIMARY KEY (bucket, window_start)
);

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['apt_buildings', 'apt_units', 'apt_residents', 'apt_resident_events', 'apt_posters', 'apt_selfregs'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY %I ON %I USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
      AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
      WITH CHECK (app_site_row_writable(tenant_id, site_id))$p$, t || '_scope', t);
  END LOOP;
END $$;
-- +goose StatementEnd

-- apt_poster_site finds the live poster of token: its tenant and site, and
-- nothing else. The public page has no scope yet, so it runs as the owner
-- with every row visible for the length of the call only.
-- +goose StatementBegin
CREATE FUNCTION apt_poster_site(p_token text, OUT tenant_id bigint, OUT site_id bigint, OUT poster_id bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE was text := coalesce(current_setting('app.all', true), '');
BEGIN
  PERFORM set_config('app.all', 'on', true);
  SELECT p.tenant_id, p.site_id, p.id INTO tenant_id, site_id, poster_id
  FROM apt_posters p WHERE p.token = p_token AND p.revoked_at IS NULL;
  PERFORM set_config('app.all', was, true);
END $$;
-- +goose StatementEnd
-- apt_rate_hit counts one hit of bucket in the current window of p_secs
-- seconds and says whether it is within p_max. Old windows are swept.
-- +goose StatementBegin
CREATE FUNCTION apt_rate_hit(p_bucket text, p_max int, p_secs int) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE w timestamptz := to_timestamp(floor(extract(epoch FROM now()) / p_secs) * p_secs);
DECLARE n int;
BEGIN
  INSERT INTO apt_rate (bucket, window_start, hits) VALUES (p_bucket, w, 1)
  ON CONFLICT (bucket, window_start) DO UPDATE SET hits = apt_rate.hits + 1 RETURNING hits INTO n;
  IF random() < 0.01 THEN
    DELETE FROM apt_rate WHERE window_start < now() - interval '1 day';
  END IF;
  RETURN n <= p_max;
END $$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION apt_poster_site, apt_rate_hit FROM PUBLIC;
GRANT EXECUTE ON FUNCTION apt_poster_site, apt_rate_hit TO portal06_app;

GRANT SELECT, INSERT, UPDATE ON apt_buildings, apt_units, apt_residents, apt_posters, apt_selfregs TO portal06_app;
GRANT SELECT, INSERT ON apt_resident_events TO portal06_app;

-- +goose Down
DROP FUNCTION apt_rate_hit, apt_poster_site;
DROP TABLE apt_rate, apt_selfregs, apt_posters, apt_resident_events, apt_residents, apt_units, apt_buildings;
