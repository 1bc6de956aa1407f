-- The site level of the province's drill-down reads one area's sites for a
-- month straight from the index: it carries what the query and the
-- row-level policy need, so no table page is read.

-- +goose Up
DROP INDEX figure_days_area_day;
CREATE INDEX figure_days_area_day ON figure_days (area_id, indicator, day) INCLUDE (tenant_id, site_id, num, den);

-- +goose Down
DROP INDEX figure_days_area_day;
CREATE INDEX figure_days_area_day ON figure_days (area_id, indicator, day) INCLUDE (num, den);
