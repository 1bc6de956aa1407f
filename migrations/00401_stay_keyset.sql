-- The stays list pages by keyset: (arrival_at, id) < (last shown), newest
-- first, within a tenant or one of its sites. These indexes end in id so
-- that a page is one index range scan whatever the history's length (the
-- tenant's also carries site_id, which row-level security reads, and
-- status); they replace the two indexes on arrival alone.

-- +goose Up
CREATE INDEX stays_tenant_arrival_id ON stays (tenant_id, arrival_at DESC, id DESC) INCLUDE (site_id, status);
CREATE INDEX stays_site_arrival_id ON stays (tenant_id, site_id, arrival_at DESC, id DESC);
DROP INDEX stays_tenant_arrival;
DROP INDEX stays_site_arrival;

-- +goose Down
CREATE INDEX stays_site_arrival ON stays (tenant_id, site_id, arrival_at DESC);
CREATE INDEX stays_tenant_arrival ON stays (tenant_id, arrival_at DESC);
DROP INDEX stays_site_arrival_id;
DROP INDEX stays_tenant_arrival_id;
