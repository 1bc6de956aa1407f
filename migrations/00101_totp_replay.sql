-- A TOTP code signs in once: the last time step used is kept per user, and
-- a code of that step or an earlier one is refused.

-- +goose Up
ALTER TABLE users ADD COLUMN totp_last_step bigint;

-- +goose Down
ALTER TABLE users DROP COLUMN totp_last_step;
