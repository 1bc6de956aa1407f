-- +goose Up
-- The police lists of sites (the dashboard, the unit's home) are ordered
-- by area and name: each area's sites are now read in that order, as far
-- as the page needs, instead of every site in scope read and sorted for a
-- page of 25. The index also serves every lookup by area that sites_area
-- served.
CREATE INDEX sites_area_name ON sites (area_id, name, id);
DROP INDEX sites_area;

-- +goose Down
CREATE INDEX sites_area ON sites (area_id);
DROP INDEX sites_area_name;
