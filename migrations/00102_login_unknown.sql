-- Sign-ins to usernames that do not exist are counted and "locked" like
-- real accounts, so the lockout does not tell which usernames exist. Only
-- the SHA-256 of the name typed is kept.

-- +goose Up
CREATE TABLE unknown_login_failures (
  name_hash text NOT NULL,
  at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX unknown_login_failures_name_at ON unknown_login_failures (name_hash, at);
CREATE INDEX unknown_login_failures_at ON unknown_login_failures (at);
CREATE TABLE unknown_login_locks (
  name_hash    text PRIMARY KEY,
  locked_until timestamptz NOT NULL
);
GRANT SELECT, INSERT, UPDATE, DELETE ON unknown_login_failures, unknown_login_locks TO portal06_app;

-- +goose Down
DROP TABLE unknown_login_locks, unknown_login_failures;
