-- Failures of the second factor are counted apart from failures of the
-- password: a right password clears only the password's failures, so an
-- attacker who knows the password cannot reset the count of wrong codes.

-- +goose Up
ALTER TABLE login_failures ADD COLUMN factor text NOT NULL DEFAULT 'password' CHECK (factor IN ('password', 'totp'));
DROP INDEX login_failures_user_at;
CREATE INDEX login_failures_user_factor_at ON login_failures (user_id, factor, at);

-- +goose Down
DROP INDEX login_failures_user_factor_at;
CREATE INDEX login_failures_user_at ON login_failures (user_id, at);
ALTER TABLE login_failures DROP COLUMN factor;
