-- Stays of guests at sites and their notifications to the national
-- accommodation system (core: app/stays), and the answers kept for API
-- clients' idempotency keys. Trips and suspicious scans were created here
-- once; they now come from the accommodation kind's migrations (10002), and
-- the API tokens from the core's 00009.

-- +goose Up

-- The sites the request may see, through sites' own row-level security, so
-- every grant that shows a site shows its rows. Policies call it once per
-- query, in a scalar subquery.
-- +goose StatementBegin
CREATE FUNCTION app_visible_sites() RETURNS bigint[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(id), '{}') FROM sites
$$;
-- +goose StatementEnd
-- May the request write rows of site s of tenant t? Only the tenant's own
-- members (whole tenant or that site) or the system; never a police scope.
-- +goose StatementBegin
CREATE FUNCTION app_site_row_writable(t bigint, s bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT app_tenant_ok(t) AND (app_all() OR t = ANY (app_ids('app.tenants')) OR s = ANY (app_ids('app.sites')))
$$;
-- +goose StatementEnd

CREATE TABLE stays (
  tenant_id          bigint NOT NULL,
  id                 bigint GENERATED ALWAYS AS IDENTITY,
  site_id            bigint NOT NULL,
  trip_id            bigint,
  room               text NOT NULL DEFAULT '',
  doc_type           text NOT NULL CHECK (doc_type IN ('cccd', 'passport', 'id_card')),
  doc_number         text NOT NULL CHECK (doc_number ~ '^[A-Z0-9]{5,20}$'),
  old_number         text NOT NULL DEFAULT '',
  full_name          text NOT NULL CHECK (full_name <> ''),
  name_fold          text NOT NULL,
  birth_date         date NOT NULL,
  sex                text NOT NULL CHECK (sex IN ('M', 'F')),
  nationality        text NOT NULL CHECK (nationality ~ '^[A-Z]{3}$'),
  address            text NOT NULL DEFAULT '',
  issue_date         date,
  arrival_at         timestamptz NOT NULL,
  expected_departure date NOT NULL,
  reason             text NOT NULL CHECK (reason <> ''),
  status             text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'checked_out', 'cancelled')),
  departed_at        timestamptz,
  cancel_reason      text,
  deadline_at        timestamptz NOT NULL,
  source             text NOT NULL CHECK (source IN ('qr', 'mrz', 'manual', 'api')),
  created_by         bigint REFERENCES users (id),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id),
  CHECK (status <> 'cancelled' OR cancel_reason <> '')
);
-- One guest has at most one open stay at a site.
CREATE UNIQUE INDEX stays_one_open ON stays (tenant_id, site_id, doc_type, doc_number) WHERE status = 'open';
CREATE INDEX stays_site_arrival ON stays (tenant_id, site_id, arrival_at DESC);
CREATE INDEX stays_tenant_arrival ON stays (tenant_id, arrival_at DESC);
CREATE INDEX stays_doc_number ON stays (doc_number);
CREATE INDEX stays_trip ON stays (tenant_id, trip_id) WHERE trip_id IS NOT NULL;

-- Every change of a stay, with the values before and after.
CREATE TABLE stay_revisions (
  tenant_id  bigint NOT NULL,
  id         bigint GENERATED ALWAYS AS IDENTITY,
  site_id    bigint NOT NULL,
  stay_id    bigint NOT NULL,
  action     text NOT NULL CHECK (action IN ('check_in', 'correction', 'room_change', 'extension', 'check_out', 'cancel')),
  field      text NOT NULL DEFAULT '',
  old_value  text NOT NULL DEFAULT '',
  new_value  text NOT NULL DEFAULT '',
  changed_by bigint REFERENCES users (id),
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, stay_id) REFERENCES stays (tenant_id, id)
);
CREATE INDEX stay_revisions_stay ON stay_revisions (tenant_id, stay_id, id);

-- One message to the national accommodation system. The idempotency key
-- stays the same across every retry of the message.
CREATE TABLE notifications (
  tenant_id       bigint NOT NULL,
  id              bigint GENERATED ALWAYS AS IDENTITY,
  site_id         bigint NOT NULL,
  stay_id         bigint NOT NULL,
  event           text NOT NULL CHECK (event IN ('check_in', 'correction', 'check_out', 'cancel')),
  idempotency_key uuid NOT NULL DEFAULT gen_random_uuid(),
  payload         jsonb NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'refused')),
  attempts        int NOT NULL DEFAULT 0,
  last_error      text NOT NULL DEFAULT '',
  receipt         text,
  refusal         text,
  deadline_at     timestamptz NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  accepted_at     timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, idempotency_key),
  FOREIGN KEY (tenant_id, stay_id) REFERENCES stays (tenant_id, id)
);
CREATE INDEX notifications_stay ON notifications (tenant_id, stay_id, id);
CREATE INDEX notifications_pending ON notifications (tenant_id, site_id, deadline_at) WHERE status <> 'accepted';

-- The first answer to each Idempotency-Key of an API client.
CREATE TABLE api_idempotency (
  tenant_id    bigint NOT NULL REFERENCES tenants (id),
  key          text NOT NULL,
  request_hash text NOT NULL,
  status       int NOT NULL,
  response     text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);

ALTER TABLE stays ENABLE ROW LEVEL SECURITY;
ALTER TABLE stays FORCE ROW LEVEL SECURITY;
CREATE POLICY stays_scope ON stays USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK (app_site_row_writable(tenant_id, site_id));
ALTER TABLE stay_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE stay_revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY stay_revisions_scope ON stay_revisions USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK (app_site_row_writable(tenant_id, site_id));
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY notifications_scope ON notifications USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
  AND ((SELECT app_all()) OR site_id = ANY ((SELECT app_visible_sites())::bigint[])))
  WITH CHECK (app_site_row_writable(tenant_id, site_id));
ALTER TABLE api_idempotency ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_idempotency FORCE ROW LEVEL SECURITY;
CREATE POLICY api_idempotency_scope ON api_idempotency
  USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
         AND ((SELECT app_all()) OR tenant_id = ANY ((SELECT app_ids('app.tenants'))::bigint[])))
  WITH CHECK (app_tenant_ok(tenant_id) AND (app_all() OR tenant_id = ANY (app_ids('app.tenants'))));

GRANT SELECT, INSERT, UPDATE ON stays, notifications TO portal06_app;
GRANT SELECT, INSERT ON stay_revisions TO portal06_app;
GRANT SELECT, INSERT, UPDATE ON api_idempotency TO portal06_app;

-- +goose Down
DROP TABLE api_idempotency, notifications, stay_revisions, stays;
DROP FUNCTION app_site_row_writable, app_visible_sites;
