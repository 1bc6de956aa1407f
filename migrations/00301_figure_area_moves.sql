-- A site that moves to another commune, ward or special zone takes its
-- figures with it: the province's drill-down always adds a site's figures
-- to the area it belongs to now.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION figure_days_follow_site() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  UPDATE figure_days SET area_id = NEW.area_id WHERE tenant_id = NEW.tenant_id AND site_id = NEW.id;
  RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER sites_figure_area AFTER UPDATE OF area_id ON sites
  FOR EACH ROW WHEN (OLD.area_id IS DISTINCT FROM NEW.area_id) EXECUTE FUNCTION figure_days_follow_site();

-- +goose Down
DROP TRIGGER sites_figure_area ON sites;
DROP FUNCTION figure_days_follow_site;
