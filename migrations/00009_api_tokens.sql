-- Tokens of a tenant's own software (a hotel's PMS, a building's app): the
-- table holds their SHA-256 only. A core table of every tenant kind, created
-- in 00002 before; IF NOT EXISTS keeps databases where 00002 made it as
-- they are.

-- +goose Up
CREATE TABLE IF NOT EXISTS api_tokens (
  tenant_id    bigint NOT NULL REFERENCES tenants (id),
  id           bigint GENERATED ALWAYS AS IDENTITY,
  name         text NOT NULL CHECK (name <> ''),
  token_hash   text NOT NULL,
  hint         text NOT NULL,
  created_by   bigint REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash)
);
CREATE INDEX IF NOT EXISTS api_tokens_hash ON api_tokens (token_hash);

-- A token is found by its hash before the tenant is known: app.token_hash
-- shows that one row, and nothing else.
ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_tokens FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS api_tokens_scope ON api_tokens;
CREATE POLICY api_tokens_scope ON api_tokens
  USING (((SELECT app_pin()) IS NULL OR tenant_id = (SELECT app_pin()))
         AND ((SELECT app_all()) OR tenant_id = ANY ((SELECT app_ids('app.tenants'))::bigint[])
              OR token_hash = (SELECT nullif(current_setting('app.token_hash', true), ''))))
  WITH CHECK (app_tenant_ok(tenant_id) AND (app_all() OR tenant_id = ANY (app_ids('app.tenants'))
              OR token_hash = nullif(current_setting('app.token_hash', true), '')));
GRANT SELECT, INSERT, UPDATE ON api_tokens TO portal06_app;

-- +goose Down
DROP TABLE api_tokens;
