package tips_test

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"portal06/app/tips"
	"portal06/policies"
)

// TestRowLevelSecurity: whatever the SQL, the runtime role sees a tip only
// through a unit that holds or held it; with no user it sees none and can
// write nothing to an existing tip.
func TestRowLevelSecurity(t *testing.T) {
	e := newEnv(t)
	e.asOwner(func(tx *gormDB) error { return tips.SeedDemo(tx) })
	user := func(name string) int64 { return e.int(`SELECT id FROM users WHERE username = ?`, name) }
	count := func(uid int64, all bool, q string) (n int64) {
		t.Helper()
		err := e.db.App.WithContext(context.Background()).Transaction(func(tx *gorm.DB) error {
			if err := (policies.Scope{All: all}).Apply(tx, uid); err != nil {
				return err
			}
			return tx.Raw(q).Scan(&n).Error
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	bcTips := `SELECT count(*) FROM tips t JOIN areas a ON a.id = t.area_id WHERE a.code = '06703'`
	mkTips := `SELECT count(*) FROM tips t JOIN areas a ON a.id = t.area_id WHERE a.code = '07093'`
	all := e.int(`SELECT count(*) FROM tips`)
	if n := count(user("ca-baichay"), false, bcTips); n == 0 || n != e.int(bcTips) {
		t.Fatalf("CA-BAICHAY sees %d of Bãi Cháy's tips", n)
	}
	if n := count(user("ca-baichay"), false, mkTips); n != 0 {
		t.Fatalf("CA-BAICHAY sees %d of Mạo Khê's tips", n)
	}
	if n := count(user("ca-maokhe"), false, bcTips); n != 0 {
		t.Fatalf("CA-MAOKHE sees %d of Bãi Cháy's tips", n)
	}
	if n := count(user("pc06"), false, `SELECT count(*) FROM tips`); n != all {
		t.Fatalf("PC06 sees %d of %d tips", n, all)
	}
	for _, table := range []string{"tips", "tip_units", "tip_events", "tip_photos", "tip_people"} {
		if n := count(0, false, `SELECT count(*) FROM `+table); n != 0 {
			t.Errorf("no user: %d rows of %s", n, table)
		}
		if n := count(user("tinh"), false, `SELECT count(*) FROM `+table); n != 0 {
			t.Errorf("a provincial official: %d rows of %s", n, table)
		}
	}
	// an anonymous request cannot touch an existing tip
	err := e.db.App.Transaction(func(tx *gorm.DB) error {
		if err := (policies.Scope{}).Apply(tx, 0); err != nil {
			return err
		}
		res := tx.Exec(`UPDATE tips SET status = 'closed'`)
		if res.Error == nil && res.RowsAffected > 0 {
			t.Errorf("anonymous closed %d tips", res.RowsAffected)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	bc := itoa(e.int(`SELECT min(t.id) FROM tips t JOIN areas a ON a.id = t.area_id WHERE a.code = '06703'`))
	for _, q := range []string{
		`INSERT INTO tip_units (tip_id, unit_id) SELECT ` + bc + `, id FROM police_units WHERE code = 'CA-MAOKHE'`,
		`INSERT INTO tip_events (tip_id, action) VALUES (` + bc + `, 'status')`,
		`INSERT INTO tip_people (tip_id, doc_type, doc_number, unit_id) SELECT ` + bc + `, 'cccd', '022095001234', id FROM police_units WHERE code = 'CA-MAOKHE'`,
	} {
		err := e.db.App.Transaction(func(tx *gorm.DB) error {
			if err := (policies.Scope{}).Apply(tx, user("ca-maokhe")); err != nil {
				return err
			}
			return tx.Exec(q).Error
		})
		if err == nil {
			t.Errorf("CA-MAOKHE could write: %s", q)
		}
	}
}
