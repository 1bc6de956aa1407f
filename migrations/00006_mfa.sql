-- A second factor (TOTP) for police and admin accounts.

-- +goose Up
ALTER TABLE users ADD COLUMN totp_secret text;
ALTER TABLE users ADD COLUMN totp_enabled_at timestamptz;
-- Demo police accounts skip enrolment so the demo stays usable; nothing else may.
ALTER TABLE users ADD COLUMN mfa_exempt boolean NOT NULL DEFAULT false;

-- A sign-in halfway: the password was right, the second factor is awaited.
CREATE TABLE login_challenges (
  token_hash text PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  secret     text,            -- the secret being enrolled, until the first code confirms it
  next       text NOT NULL,
  expires_at timestamptz NOT NULL
);
GRANT SELECT, INSERT, DELETE ON login_challenges TO portal06_app;

-- +goose Down
DROP TABLE login_challenges;
ALTER TABLE users DROP COLUMN mfa_exempt, DROP COLUMN totp_enabled_at, DROP COLUMN totp_secret;
