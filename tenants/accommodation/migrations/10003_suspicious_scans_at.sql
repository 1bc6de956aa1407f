-- The suspicious scans of the last 30 days, by time across every site, for
-- the police dashboard's counters. Made by the core's 00550 at first; the
-- scans are accommodation's table (10002), so their index is made here: IF
-- NOT EXISTS leaves databases where 00550 made it as they are.

-- +goose Up
CREATE INDEX IF NOT EXISTS suspicious_scans_at ON suspicious_scans (scanned_at);

-- +goose Down
DROP INDEX suspicious_scans_at;
