-- Police watchlists: ID numbers a unit is looking for. A check-in anywhere
-- in the province that matches one raises an alert for the units whose
-- jurisdiction holds the site and for the unit that entered the number.

-- +goose Up
CREATE TABLE watchlist (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id    bigint NOT NULL REFERENCES police_units (id),
  doc_number text NOT NULL CHECK (doc_number ~ '^[A-Z0-9]{5,20}$'),
  note       text NOT NULL DEFAULT '',
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  removed_at timestamptz
);
CREATE UNIQUE INDEX watchlist_unit_number ON watchlist (unit_id, doc_number) WHERE removed_at IS NULL;
CREATE INDEX watchlist_number ON watchlist (doc_number) WHERE removed_at IS NULL;

CREATE TABLE watch_alerts (
  tenant_id  bigint NOT NULL,
  id         bigint GENERATED ALWAYS AS IDENTITY,
  watch_id   bigint NOT NULL REFERENCES watchlist (id),
  site_id    bigint NOT NULL,
  stay_id    bigint NOT NULL,
  -- what the alerted units see, kept with the alert: the unit that watches
  -- the number may have no jurisdiction over the site
  full_name  text NOT NULL,
  doc_number text NOT NULL,
  site_name  text NOT NULL,
  area_name  text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, stay_id) REFERENCES stays (tenant_id, id)
);

-- Which units see an alert, and whether each acknowledged it.
CREATE TABLE watch_alert_units (
  tenant_id       bigint NOT NULL,
  alert_id        bigint NOT NULL,
  unit_id         bigint NOT NULL REFERENCES police_units (id),
  acknowledged_at timestamptz,
  acknowledged_by bigint REFERENCES users (id),
  PRIMARY KEY (tenant_id, alert_id, unit_id),
  FOREIGN KEY (tenant_id, alert_id) REFERENCES watch_alerts (tenant_id, id)
);
CREATE INDEX watch_alert_units_open ON watch_alert_units (unit_id) WHERE acknowledged_at IS NULL;

GRANT SELECT, INSERT, UPDATE ON watchlist, watch_alerts, watch_alert_units TO portal06_app;

-- +goose Down
DROP TABLE watch_alert_units, watch_alerts, watchlist;
