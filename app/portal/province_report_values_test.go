package portal_test

import (
	"testing"
	"time"

	"gorm.io/gorm"

	"portal06/app/province"
	"portal06/policies"
)

// TestReportValuesEqualEachIndicators: the report reads every indicator's
// value and its communes' values in a few statements; for this month and
// the last two of the demo (live and reported figures, targets, communes
// behind) each equals what the one-indicator functions the drill-down
// pages use compute, and each live value a recount from figure_days.
func TestReportValuesEqualEachIndicators(t *testing.T) {
	e := newEnv(t)
	vi := messages(t).For("vi")
	now := time.Now()
	cur := monthStart(now)
	err := e.DB.App.Transaction(func(tx *gorm.DB) error {
		if err := (policies.Scope{All: true}).Apply(tx, 0); err != nil {
			return err
		}
		prov, err := province.ProvinceArea(tx)
		if err != nil {
			return err
		}
		areas, err := province.Children(tx, prov.ID)
		if err != nil {
			return err
		}
		inds, err := province.Indicators(tx, kinds(), vi)
		if err != nil {
			return err
		}
		byCode := map[string]province.Indicator{}
		for _, ind := range inds {
			byCode[ind.Code] = ind
		}
		same := func(p *float64, v province.Value) bool {
			if p == nil {
				return !v.OK
			}
			return v.OK && *p == v.V
		}
		var liveSeen, reportedSeen, nonZero int
		for _, m := range []time.Time{cur, cur.AddDate(0, -1, 0), cur.AddDate(0, -2, 0)} {
			rep, err := province.BuildReport(tx, kinds(), vi, m, now)
			if err != nil {
				return err
			}
			if len(rep.Rows) != len(inds) {
				t.Fatalf("%s: %d rows for %d indicators", m.Format("2006-01"), len(rep.Rows), len(inds))
			}
			col := 0
			for _, row := range rep.Rows {
				ind := byCode[row.Code]
				want, err := province.ValueOf(tx, ind, m, prov.ID)
				if err != nil {
					return err
				}
				if !same(row.Value, want) {
					t.Errorf("%s %s: report %v, ValueOf %+v", m.Format("2006-01"), row.Code, row.Value, want)
				}
				if ind.Live {
					// and a recount from the daily rows, not the monthly ones
					// both of those read
					from := m.Format("2006-01-02")
					if ind.Stock {
						from = "2000-01-01"
					}
					var sum struct{ Num, Den float64 }
					if err := tx.Raw(`SELECT coalesce(sum(f.num), 0) AS num, coalesce(sum(f.den), 0) AS den FROM figure_days f
						WHERE f.indicator = ? AND f.day >= ? AND f.day < ?
						  AND f.area_id IN (SELECT descendant_id FROM area_closure WHERE ancestor_id = ?)`,
						ind.Code, from, m.AddDate(0, 1, 0).Format("2006-01-02"), prov.ID).Scan(&sum).Error; err != nil {
						return err
					}
					var days province.Value
					days.V, days.OK = ind.Value(sum.Num, sum.Den)
					if !same(row.Value, days) {
						t.Errorf("%s %s: report %v, recount from figure_days %+v", m.Format("2006-01"), row.Code, row.Value, days)
					}
				}
				if want.OK && want.V != 0 {
					nonZero++
				}
				if !ind.Live {
					reportedSeen++
					continue
				}
				liveSeen++
				kids, err := province.ChildValues(tx, ind, m, prov.ID, areas)
				if err != nil {
					return err
				}
				for i, a := range areas {
					if got := rep.Areas[i].Values[col]; !same(got, kids[a.ID]) {
						t.Errorf("%s %s %s: report %v, ChildValues %+v", m.Format("2006-01"), row.Code, a.Name, got, kids[a.ID])
					}
				}
				col++
			}
		}
		if liveSeen == 0 || reportedSeen == 0 || nonZero < 10 {
			t.Fatalf("the demo checked too little: %d live, %d reported, %d values not zero", liveSeen, reportedSeen, nonZero)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
