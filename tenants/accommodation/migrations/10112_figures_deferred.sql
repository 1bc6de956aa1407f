-- Accommodation's figure triggers on stays and notifications (10001,
-- 10101) fire when the transaction commits, not when its rows are written:
-- deferred constraint triggers, with the same events, conditions and
-- functions, as the site counters' (migration 00762) and for the same
-- reason: the figure rows of a site's day and of its ward (figure_days,
-- acc_figure_parts, acc_area_days, figure_months) were locked from the
-- stay's insert through the rest of the check-in, so check-ins at one site
-- or in one ward queued one behind the other for all of it. The triggers
-- fire in the order of their rows' changes, as before, and those that
-- recount read the rows as they are at the commit.

-- +goose Up
DROP TRIGGER notifications_figures_insert ON notifications;
CREATE CONSTRAINT TRIGGER notifications_figures_insert AFTER INSERT ON notifications DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (((new.event = 'check_in') AND (new.status = 'accepted'))) EXECUTE FUNCTION acc_notifications_figures();
DROP TRIGGER notifications_figures_update ON notifications;
CREATE CONSTRAINT TRIGGER notifications_figures_update AFTER UPDATE OF status, accepted_at, stay_id ON notifications DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (((new.event = 'check_in') AND ((new.status = 'accepted') OR (old.status = 'accepted') OR (old.stay_id IS DISTINCT FROM new.stay_id)))) EXECUTE FUNCTION acc_notifications_figures();
DROP TRIGGER stays_figures_insert ON stays;
CREATE CONSTRAINT TRIGGER stays_figures_insert AFTER INSERT OR DELETE ON stays DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION acc_stays_figures();
DROP TRIGGER stays_figures_update ON stays;
CREATE CONSTRAINT TRIGGER stays_figures_update AFTER UPDATE ON stays DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (((old.status IS DISTINCT FROM new.status) OR (old.arrival_at IS DISTINCT FROM new.arrival_at) OR (old.deadline_at IS DISTINCT FROM new.deadline_at) OR (old.nationality IS DISTINCT FROM new.nationality) OR (old.site_id IS DISTINCT FROM new.site_id) OR (old.trip_id IS DISTINCT FROM new.trip_id))) EXECUTE FUNCTION acc_stays_figures();

-- +goose Down
DROP TRIGGER notifications_figures_insert ON notifications;
CREATE TRIGGER notifications_figures_insert AFTER INSERT ON notifications FOR EACH ROW WHEN (((new.event = 'check_in') AND (new.status = 'accepted'))) EXECUTE FUNCTION acc_notifications_figures();
DROP TRIGGER notifications_figures_update ON notifications;
CREATE TRIGGER notifications_figures_update AFTER UPDATE OF status, accepted_at, stay_id ON notifications FOR EACH ROW WHEN (((new.event = 'check_in') AND ((new.status = 'accepted') OR (old.status = 'accepted') OR (old.stay_id IS DISTINCT FROM new.stay_id)))) EXECUTE FUNCTION acc_notifications_figures();
DROP TRIGGER stays_figures_insert ON stays;
CREATE TRIGGER stays_figures_insert AFTER INSERT OR DELETE ON stays FOR EACH ROW EXECUTE FUNCTION acc_stays_figures();
DROP TRIGGER stays_figures_update ON stays;
CREATE TRIGGER stays_figures_update AFTER UPDATE ON stays FOR EACH ROW WHEN (((old.status IS DISTINCT FROM new.status) OR (old.arrival_at IS DISTINCT FROM new.arrival_at) OR (old.deadline_at IS DISTINCT FROM new.deadline_at) OR (old.nationality IS DISTINCT FROM new.nationality) OR (old.site_id IS DISTINCT FROM new.site_id) OR (old.trip_id IS DISTINCT FROM new.trip_id))) EXECUTE FUNCTION acc_stays_figures();
