-- The audit log without a global queue. Until now every append locked the
-- one chain head until its transaction committed, so every audited read
-- in the province waited in one line. Now the log is a fixed set of
-- chains (32), each with its own head: an append takes the first chain
-- head that no other transaction holds (FOR UPDATE SKIP LOCKED) and keeps
-- it until commit, so concurrent writers never wait for each other while
-- fewer than 32 of them are open at once.
--
-- Each chain is append-only and hash-chained exactly as the one chain was:
-- an entry's hash is an HMAC under a key the database does not hold, over
-- its fields, its id, its chain and its place in the chain (seq), and the
-- previous entry's hash. The first entry of every chain links to the old
-- single chain's head, which is frozen from here on: the old entries keep
-- their hashes and are verified as before. Entry ids come from a sequence:
-- they are unique and grow, but an aborted append leaves a gap, so order
-- and completeness are checked by seq within each chain. Anchors sign every
-- chain head (docs/audit.md).

-- +goose Up
ALTER TABLE audit_log ADD COLUMN chain int, ADD COLUMN seq bigint;
CREATE UNIQUE INDEX audit_log_chain_seq ON audit_log (chain, seq) WHERE chain IS NOT NULL;

CREATE SEQUENCE audit_log_id_seq OWNED BY audit_log.id;
SELECT setval('audit_log_id_seq', greatest((SELECT max(id) FROM audit_log), (SELECT last_id FROM audit_head), 0) + 1, false);

CREATE TABLE audit_chains (
  chain     int PRIMARY KEY CHECK (chain BETWEEN 1 AND 1000),
  last_seq  bigint NOT NULL DEFAULT 0,
  last_id   bigint NOT NULL DEFAULT 0,
  last_hash text NOT NULL DEFAULT ''
);
INSERT INTO audit_chains (chain) SELECT generate_series(1, 32);

DROP FUNCTION audit_append(bigint, timestamptz, text, bigint, text, text, text, text, text, text, text, int, text);
DROP FUNCTION audit_reserve();

-- audit_reserve takes a chain head no other transaction holds (or, when all
-- are held, waits for one) and returns the next entry's chain, place, id,
-- time and previous hash. The head stays locked until the transaction ends.
-- +goose StatementBegin
CREATE FUNCTION audit_reserve() RETURNS TABLE (chain int, seq bigint, id bigint, at timestamptz, prev_hash text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  c audit_chains;
BEGIN
  SELECT * INTO c FROM audit_chains h ORDER BY h.chain LIMIT 1 FOR UPDATE SKIP LOCKED;
  IF NOT FOUND THEN
    SELECT * INTO c FROM audit_chains h
      WHERE h.chain = 1 + pg_backend_pid() % (SELECT count(*) FROM audit_chains) FOR UPDATE;
  END IF;
  chain := c.chain;
  seq := c.last_seq + 1;
  id := nextval('audit_log_id_seq');
  at := date_trunc('microseconds', clock_timestamp());
  prev_hash := CASE WHEN c.last_seq = 0 THEN (SELECT last_hash FROM audit_head) ELSE c.last_hash END;
  RETURN NEXT;
END
$$;
-- +goose StatementEnd

-- audit_append stores an entry reserved in this transaction and moves its
-- chain's head; it refuses an entry that does not follow the head.
-- +goose StatementBegin
CREATE FUNCTION audit_append(p_chain int, p_seq bigint, p_id bigint, p_at timestamptz, p_prev_hash text, p_user_id bigint,
    p_username text, p_unit_code text, p_role text, p_action text, p_subject_hmac text, p_query text, p_purpose text,
    p_results int, p_hash text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  c audit_chains;
  want_prev text;
  clean text[] := ARRAY[p_username, p_unit_code, p_role, p_action, p_subject_hmac, p_query, p_purpose];
BEGIN
  IF array_to_string(clean, '') LIKE '%' || chr(31) || '%' THEN
    RAISE EXCEPTION 'audit fields must not hold the unit separator';
  END IF;
  SELECT * INTO c FROM audit_chains WHERE chain = p_chain FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'audit chain % does not exist', p_chain;
  END IF;
  want_prev := CASE WHEN c.last_seq = 0 THEN (SELECT last_hash FROM audit_head) ELSE c.last_hash END;
  IF p_seq <> c.last_seq + 1 OR p_prev_hash <> want_prev THEN
    RAISE EXCEPTION 'audit entry % does not follow the head of chain % (%): reserve it first, in the same transaction', p_seq, p_chain, c.last_seq;
  END IF;
  IF p_id <> currval('audit_log_id_seq') THEN
    RAISE EXCEPTION 'audit entry id % was not the one reserved', p_id;
  END IF;
  IF p_at > clock_timestamp() OR p_at < clock_timestamp() - interval '5 minutes' THEN
    RAISE EXCEPTION 'audit entry % has a time of % that is not now', p_id, p_at;
  END IF;
  IF p_hash !~ '^[0-9a-f]{64}$' THEN
    RAISE EXCEPTION 'audit entry % has a malformed hash', p_id;
  END IF;
  INSERT INTO audit_log (id, at, user_id, username, unit_code, role, action, subject_hmac, query, purpose, results, prev_hash, hash, chain, seq)
  VALUES (p_id, p_at, p_user_id, p_username, p_unit_code, p_role, p_action, p_subject_hmac, p_query, p_purpose, p_results,
    want_prev, p_hash, p_chain, p_seq);
  UPDATE audit_chains SET last_seq = p_seq, last_id = p_id, last_hash = p_hash WHERE chain = p_chain;
  RETURN p_id;
END
$$;
-- +goose StatementEnd

REVOKE ALL ON audit_chains FROM portal06_app;
GRANT SELECT ON audit_chains TO portal06_app;
REVOKE ALL ON FUNCTION audit_reserve, audit_append FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_reserve, audit_append TO portal06_app;

-- +goose Down
-- Entries written to the chains stay; an older portal's verify does not
-- know them and reports the log broken.
DROP FUNCTION audit_append(int, bigint, bigint, timestamptz, text, bigint, text, text, text, text, text, text, text, int, text);
DROP FUNCTION audit_reserve();
DROP TABLE audit_chains;
DROP SEQUENCE audit_log_id_seq;
DROP INDEX audit_log_chain_seq;
ALTER TABLE audit_log DROP COLUMN chain, DROP COLUMN seq;

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
BEGIN
  SELECT * INTO h FROM audit_head FOR UPDATE;
  IF p_id <> h.last_id + 1 OR p_prev_hash <> h.last_hash THEN
    RAISE EXCEPTION 'audit entry % does not follow the chain head %', p_id, h.last_id;
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
