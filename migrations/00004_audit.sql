-- The audit log of every look at a person's data: append-only and
-- hash-chained. The runtime role may only read it and append through
-- audit_append, which locks the one chain head so that concurrent writers
-- cannot fork the chain.

-- +goose Up
CREATE TABLE audit_log (
  id           bigint PRIMARY KEY,
  at           timestamptz NOT NULL,
  user_id      bigint,
  username     text NOT NULL,
  unit_code    text NOT NULL,
  role         text NOT NULL,
  action       text NOT NULL,
  subject_hmac text NOT NULL,
  query        text NOT NULL,
  purpose      text NOT NULL,
  results      int NOT NULL,
  prev_hash    text NOT NULL,
  hash         text NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_user ON audit_log (username, at);
CREATE INDEX audit_log_subject ON audit_log (subject_hmac) WHERE subject_hmac <> '';

CREATE TABLE audit_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_id   bigint NOT NULL,
  last_hash text NOT NULL
);
INSERT INTO audit_head VALUES (true, 0, 'genesis');

-- The hashed form of an entry: its fields joined by the unit separator,
-- which no field may hold.
-- +goose StatementBegin
CREATE FUNCTION audit_hash(prev text, id bigint, at timestamptz, user_id bigint, username text, unit_code text, role text,
    action text, subject_hmac text, query text, purpose text, results int) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws(chr(31), prev, id::text, (extract(epoch FROM at) * 1000000)::bigint::text,
    coalesce(user_id::text, ''), username, unit_code, role, action, subject_hmac, query, purpose, results::text), 'UTF8')), 'hex')
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION audit_append(p_user_id bigint, p_username text, p_unit_code text, p_role text, p_action text,
    p_subject_hmac text, p_query text, p_purpose text, p_results int) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  h audit_head;
  new_id bigint;
  now_at timestamptz := date_trunc('microseconds', clock_timestamp());
  clean text[] := ARRAY[p_username, p_unit_code, p_role, p_action, p_subject_hmac, p_query, p_purpose];
BEGIN
  IF array_to_string(clean, '') LIKE '%' || chr(31) || '%' THEN
    RAISE EXCEPTION 'audit fields must not hold the unit separator';
  END IF;
  SELECT * INTO h FROM audit_head FOR UPDATE;
  new_id := h.last_id + 1;
  INSERT INTO audit_log (id, at, user_id, username, unit_code, role, action, subject_hmac, query, purpose, results, prev_hash, hash)
  VALUES (new_id, now_at, p_user_id, p_username, p_unit_code, p_role, p_action, p_subject_hmac, p_query, p_purpose, p_results,
    h.last_hash, audit_hash(h.last_hash, new_id, now_at, p_user_id, p_username, p_unit_code, p_role, p_action, p_subject_hmac,
      p_query, p_purpose, p_results));
  UPDATE audit_head SET last_id = new_id, last_hash = (SELECT hash FROM audit_log WHERE id = new_id);
  RETURN new_id;
END
$$;
-- +goose StatementEnd

REVOKE ALL ON audit_log, audit_head FROM portal06_app;
GRANT SELECT ON audit_log, audit_head TO portal06_app;
REVOKE ALL ON FUNCTION audit_append FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_append TO portal06_app;

-- +goose Down
DROP FUNCTION audit_append, audit_hash;
DROP TABLE audit_head, audit_log;
