-- The site counters' triggers on stays and notifications (00550) fire when
-- the check-in commits, not when its rows are written: deferred constraint
-- triggers, with the same events, conditions and functions. A counter row
-- (site_stay_counts, and area_stay_counts through it) is locked from the
-- trigger's write to the commit: fired at the insert, it was held through
-- the rest of the check-in (its revision, identity record, notification,
-- River job and two more round trips), and every other check-in at the
-- site or in its ward queued for it. Fired at the commit, it is held for
-- the commit alone. Within the transaction the counters are those of
-- before it (no page reads them after a write in the same transaction);
-- a savepoint rolled back takes its rows' events with it.

-- +goose Up
DROP TRIGGER notifications_site_counts_delete ON notifications;
CREATE CONSTRAINT TRIGGER notifications_site_counts_delete AFTER DELETE ON notifications DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ((old.status = 'refused')) EXECUTE FUNCTION site_counts_notifications();
DROP TRIGGER notifications_site_counts_insert ON notifications;
CREATE CONSTRAINT TRIGGER notifications_site_counts_insert AFTER INSERT ON notifications DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ((new.status = 'refused')) EXECUTE FUNCTION site_counts_notifications();
DROP TRIGGER notifications_site_counts_update ON notifications;
CREATE CONSTRAINT TRIGGER notifications_site_counts_update AFTER UPDATE OF status, site_id ON notifications DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ((((old.status = 'refused') IS DISTINCT FROM (new.status = 'refused')) OR ((new.status = 'refused') AND (old.site_id <> new.site_id)))) EXECUTE FUNCTION site_counts_notifications();
DROP TRIGGER stays_site_counts_delete ON stays;
CREATE CONSTRAINT TRIGGER stays_site_counts_delete AFTER DELETE ON stays DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ((old.status = 'open')) EXECUTE FUNCTION site_counts_stays();
DROP TRIGGER stays_site_counts_insert ON stays;
CREATE CONSTRAINT TRIGGER stays_site_counts_insert AFTER INSERT ON stays DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ((new.status = 'open')) EXECUTE FUNCTION site_counts_stays();
DROP TRIGGER stays_site_counts_update ON stays;
CREATE CONSTRAINT TRIGGER stays_site_counts_update AFTER UPDATE OF status, site_id ON stays DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ((((old.status = 'open') IS DISTINCT FROM (new.status = 'open')) OR ((new.status = 'open') AND (old.site_id <> new.site_id)))) EXECUTE FUNCTION site_counts_stays();

-- +goose Down
DROP TRIGGER notifications_site_counts_delete ON notifications;
CREATE TRIGGER notifications_site_counts_delete AFTER DELETE ON notifications FOR EACH ROW WHEN ((old.status = 'refused')) EXECUTE FUNCTION site_counts_notifications();
DROP TRIGGER notifications_site_counts_insert ON notifications;
CREATE TRIGGER notifications_site_counts_insert AFTER INSERT ON notifications FOR EACH ROW WHEN ((new.status = 'refused')) EXECUTE FUNCTION site_counts_notifications();
DROP TRIGGER notifications_site_counts_update ON notifications;
CREATE TRIGGER notifications_site_counts_update AFTER UPDATE OF status, site_id ON notifications FOR EACH ROW WHEN ((((old.status = 'refused') IS DISTINCT FROM (new.status = 'refused')) OR ((new.status = 'refused') AND (old.site_id <> new.site_id)))) EXECUTE FUNCTION site_counts_notifications();
DROP TRIGGER stays_site_counts_delete ON stays;
CREATE TRIGGER stays_site_counts_delete AFTER DELETE ON stays FOR EACH ROW WHEN ((old.status = 'open')) EXECUTE FUNCTION site_counts_stays();
DROP TRIGGER stays_site_counts_insert ON stays;
CREATE TRIGGER stays_site_counts_insert AFTER INSERT ON stays FOR EACH ROW WHEN ((new.status = 'open')) EXECUTE FUNCTION site_counts_stays();
DROP TRIGGER stays_site_counts_update ON stays;
CREATE TRIGGER stays_site_counts_update AFTER UPDATE OF status, site_id ON stays FOR EACH ROW WHEN ((((old.status = 'open') IS DISTINCT FROM (new.status = 'open')) OR ((new.status = 'open') AND (old.site_id <> new.site_id)))) EXECUTE FUNCTION site_counts_stays();
