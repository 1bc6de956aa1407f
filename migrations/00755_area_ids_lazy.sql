-- The areas below a scope's granted areas (app.area_ids, migration 00754)
-- are worked out by the first policy that needs them in the transaction,
-- and kept for the policies after it, instead of by the statement that
-- writes the scope (policies.Scope.Apply), which ran that query on every
-- request: a page that reads no table under an area policy (the search
-- form, the light page) paid about 0.3 ms of PostgreSQL's CPU for it.
-- Scope.Apply now empties app.area_ids. The function stays PARALLEL UNSAFE
-- (the default): a setting cannot be written in a parallel worker.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION app_area_ids() RETURNS bigint[] LANGUAGE plpgsql STABLE AS $$
DECLARE
  codes text := coalesce(current_setting('app.areas', true), '');
  kept text;
  ids bigint[];
BEGIN
  IF codes = '' THEN
    RETURN '{}'::bigint[];
  END IF;
  kept := coalesce(current_setting('app.area_ids', true), '');
  IF split_part(kept, '|', 1) = codes AND position('|' IN kept) > 0 THEN
    RETURN coalesce(string_to_array(nullif(split_part(kept, '|', 2), ''), ',')::bigint[], '{}');
  END IF;
  ids := (SELECT coalesce(array_agg(c.descendant_id), '{}') FROM area_closure c JOIN areas g ON g.id = c.ancestor_id
          WHERE g.code = ANY (app_codes('app.areas')));
  PERFORM set_config('app.area_ids', codes || '|' || array_to_string(ids, ','), true);
  RETURN ids;
END $$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION app_area_ids() RETURNS bigint[] LANGUAGE plpgsql STABLE AS $$
DECLARE
  codes text := coalesce(current_setting('app.areas', true), '');
  kept text;
BEGIN
  IF codes = '' THEN
    RETURN '{}'::bigint[];
  END IF;
  kept := coalesce(current_setting('app.area_ids', true), '');
  IF split_part(kept, '|', 1) = codes AND position('|' IN kept) > 0 THEN
    RETURN coalesce(string_to_array(nullif(split_part(kept, '|', 2), ''), ',')::bigint[], '{}');
  END IF;
  RETURN (SELECT coalesce(array_agg(c.descendant_id), '{}') FROM area_closure c JOIN areas g ON g.id = c.ancestor_id
          WHERE g.code = ANY (app_codes('app.areas')));
END $$;
-- +goose StatementEnd
