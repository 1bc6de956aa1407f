package accommodation_test

import (
	"strings"
	"testing"

	"gorm.io/gorm"
)

// TestNewStayWithLeftoverPartsIsSettled: a new stay's parts are written in
// one statement on the assumption that its id has none; should parts of its
// id be left over (here put by hand, with their sums in figure_days, for a
// foreign guest's stay before the row exists), the insert settles them the
// long way, and figure_days still equals a recount of the raw rows.
func TestNewStayWithLeftoverPartsIsSettled(t *testing.T) {
	e := newEnv(t)
	err := e.asOwner(func(tx *gorm.DB) error {
		var s struct{ TenantID, ID int64 }
		if err := tx.Raw(`SELECT s.tenant_id, s.id FROM sites s JOIN tenants t ON t.id = s.tenant_id
			WHERE t.kind = 'accommodation' ORDER BY s.id LIMIT 1`).Scan(&s).Error; err != nil {
			return err
		}
		var id int64
		if err := tx.Raw(`SELECT nextval(pg_get_serial_sequence('stays', 'id'))`).Scan(&id).Error; err != nil {
			return err
		}
		// a leftover part on another day, counted as notified, in figure_days too
		if err := tx.Exec(`SELECT set_config('app.all', 'on', true),
			acc_part_put(?, 'acc.stays_notified', ?, ?, current_date - 3, 1, 1)`, s.TenantID, id, s.ID).Error; err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO stays (id, tenant_id, site_id, doc_type, doc_number, full_name, name_fold, birth_date, sex,
				nationality, arrival_at, expected_departure, reason, deadline_at, source)
			OVERRIDING SYSTEM VALUE VALUES (?, ?, ?, 'passport', 'P7654321', 'Khách thử', 'khach thu', '1990-01-01', 'M', 'KOR', now(), current_date + 2,
				'Du lịch', now() + interval '1 hour', 'manual')`, id, s.TenantID, s.ID).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := figureDiff(t, e); len(d) > 0 {
		t.Fatalf("figure_days differs from the raw tables after a new stay over leftover parts:\n%s", strings.Join(d[:min(10, len(d))], "\n"))
	}
}
