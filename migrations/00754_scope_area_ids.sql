-- The areas below a scope's granted areas are worked out once per
-- transaction, by the first policy that needs them, and kept in the
-- setting app.area_ids as "codes|ids" for the policies after it, instead of
-- once for every table of every statement: app_area_ids() ran its query on
-- area_closure for each policy's InitPlan (21 us a call against 2.6 us
-- reading the setting), and the policies' helpers were over a third of the
-- police pages' time in PostgreSQL (perf of the search). The kept ids are
-- used only while app.areas still names the codes they were worked out
-- for; policies.Scope.Apply empties the setting. A page that reads no table
-- under an area policy (the search form) never works them out. The
-- function stays PARALLEL UNSAFE (the default): a setting cannot be
-- written in a parallel worker.

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
BEGIN
  IF coalesce(current_setting('app.areas', true), '') = '' THEN
    RETURN '{}'::bigint[];
  END IF;
  RETURN (SELECT coalesce(array_agg(c.descendant_id), '{}') FROM area_closure c JOIN areas g ON g.id = c.ancestor_id
          WHERE g.code = ANY (app_codes('app.areas')));
END $$;
-- +goose StatementEnd
