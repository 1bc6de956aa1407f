-- The audit chain is keyed: from entry keyed_from on, an entry's hash is an
-- HMAC-SHA256 under a key the database does not hold (a sub-key of the
-- audit key), computed by the portal. The schema owner can still change a
-- row, but can no longer recompute the hashes after it so that the chain
-- verifies. Entries before keyed_from keep their unkeyed SHA-256 hashes:
-- they are not re-sealed (that would hide any tampering done before), and
-- the first keyed entry's HMAC covers the last unkeyed hash, so they can no
-- longer be rewritten either once a keyed entry follows them.
--
-- Appending takes two calls in one transaction: audit_reserve locks the
-- chain head and returns the next entry's number, time and previous hash;
-- the portal computes the HMAC; audit_append stores the entry and moves the
-- head, refusing an entry that does not follow the head it locked.
--
-- Nothing here assumes one chain: a later move to one chain per police unit
-- gives audit_head a row per chain (each with its own keyed_from) and the
-- two functions a chain argument; entries, hashes and anchors keep their form.

-- +goose Up
ALTER TABLE audit_head ADD COLUMN keyed_from bigint;
UPDATE audit_head SET keyed_from = last_id + 1;
ALTER TABLE audit_head ALTER COLUMN keyed_from SET NOT NULL;

DROP FUNCTION audit_append(bigint, text, text, text, text, text, text, text, int);

-- +goose StatementBegin
CREATE FUNCTION audit_reserve() RETURNS TABLE (id bigint, at timestamptz, prev_hash text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  RETURN QUERY SELECT h.last_id + 1, date_trunc('microseconds', clock_timestamp()), h.last_hash FROM audit_head h FOR UPDATE;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION audit_append(p_id bigint, p_at timestamptz, p_prev_hash text, p_user_id bigint, p_username text, p_unit_code text,
    p_role text, p_action text, p_subject_hmac text, p_query text, p_purpose text, p_results int, p_hash text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  h audit_head;
  clean text[] := ARRAY[p_username, p_unit_code, p_role, p_action, p_subject_hmac, p_query, p_purpose];
BEGIN
  IF array_to_string(clean, '') LIKE '%' || chr(31) || '%' THEN
    RAISE EXCEPTION 'audit fields must not hold the unit separator';
  END IF;
  SELECT * INTO h FROM audit_head FOR UPDATE;
  IF p_id <> h.last_id + 1 OR p_prev_hash <> h.last_hash THEN
    RAISE EXCEPTION 'audit entry % does not follow the chain head %: reserve it first, in the same transaction', p_id, h.last_id;
  END IF;
  IF p_at > clock_timestamp() OR p_at < clock_timestamp() - interval '5 minutes' THEN
    RAISE EXCEPTION 'audit entry % has a time of % that is not now', p_id, p_at;
  END IF;
  IF p_hash !~ '^[0-9a-f]{64}$' THEN
    RAISE EXCEPTION 'audit entry % has a malformed hash', p_id;
  END IF;
  INSERT INTO audit_log (id, at, user_id, username, unit_code, role, action, subject_hmac, query, purpose, results, prev_hash, hash)
  VALUES (p_id, p_at, p_user_id, p_username, p_unit_code, p_role, p_action, p_subject_hmac, p_query, p_purpose, p_results,
    h.last_hash, p_hash);
  UPDATE audit_head SET last_id = p_id, last_hash = p_hash;
  RETURN p_id;
END
$$;
-- +goose StatementEnd

REVOKE ALL ON FUNCTION audit_reserve, audit_append FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_reserve, audit_append TO portal06_app;

-- +goose Down
-- Entries appended while the chain was keyed keep their HMACs, which the
-- unkeyed verify of an older portal reports as broken.
DROP FUNCTION audit_append(bigint, timestamptz, text, bigint, text, text, text, text, text, text, text, int, text);
DROP FUNCTION audit_reserve();
ALTER TABLE audit_head DROP COLUMN keyed_from;

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
REVOKE ALL ON FUNCTION audit_append FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_append TO portal06_app;
