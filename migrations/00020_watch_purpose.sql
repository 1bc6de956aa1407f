-- A watchlist entry states why it was made (a case number or a reason).
-- An alert tells each unit only what it may know: the units whose
-- jurisdiction holds the site, and PC06, see who and where (details); a
-- unit that watches the number from outside learns only that its entry
-- matched, and which local unit to ask (contact_unit_id).

-- +goose Up
ALTER TABLE watchlist ADD COLUMN purpose text NOT NULL DEFAULT '';
ALTER TABLE watch_alerts ADD COLUMN contact_unit_id bigint REFERENCES police_units (id);
ALTER TABLE watch_alert_units ADD COLUMN details boolean NOT NULL DEFAULT true;

-- +goose Down
ALTER TABLE watch_alert_units DROP COLUMN details;
ALTER TABLE watch_alerts DROP COLUMN contact_unit_id;
ALTER TABLE watchlist DROP COLUMN purpose;
