package province

import (
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"portal06/app/i18n"
	"portal06/app/kind"
)

// Report is the monthly report sent upward. Past months are read from
// report_snapshots, frozen when first asked for after the month ended, so
// the same report reads the same years later; the current month is live.
type Report struct {
	Month    string       `json:"month"` // YYYY-MM
	TakenAt  time.Time    `json:"taken_at"`
	Live     bool         `json:"-"`
	Total    int          `json:"total"`
	Deployed int          `json:"deployed"`
	Piloting int          `json:"piloting"`
	Planned  int          `json:"planned"`
	Rows     []ReportRow  `json:"rows"`
	AreaCols []ReportCol  `json:"area_cols"`
	Areas    []ReportArea `json:"areas"`
}

// ReportRow is one indicator's line.
type ReportRow struct {
	Model     int      `json:"model"`
	ModelName string   `json:"model_name"`
	Code      string   `json:"code"`
	Name      string   `json:"name"`
	Unit      string   `json:"unit"`
	Live      bool     `json:"live"`
	Agency    string   `json:"agency"`
	Value     *float64 `json:"value"`
	Target    *float64 `json:"target"`
	Higher    bool     `json:"higher"`
}

// ReportCol is a live indicator of the per-commune table.
type ReportCol struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Unit string `json:"unit"`
}

// ReportArea is a commune's values of the live indicators.
type ReportArea struct {
	Name   string     `json:"name"`
	Values []*float64 `json:"values"`
}

func ptr(v Value) *float64 {
	if !v.OK {
		return nil
	}
	x := v.V
	return &x
}

// BuildReport computes the report of month m from the figures as they are
// now, in Vietnamese.
func BuildReport(tx *gorm.DB, kinds kind.Registry, vi *i18n.Translator, m time.Time, now time.Time) (Report, error) {
	rep := Report{Month: monthKey(m), TakenAt: now}
	models, err := ListModels(tx)
	if err != nil {
		return rep, err
	}
	end := m.AddDate(0, 1, -1)
	names := map[int]string{}
	for _, mo := range models {
		rep.Total++
		switch mo.StatusAt(end) {
		case "deployed":
			rep.Deployed++
		case "piloting":
			rep.Piloting++
		default:
			rep.Planned++
		}
		names[mo.No] = mo.NameVi
	}
	prov, err := ProvinceArea(tx)
	if err != nil {
		return rep, err
	}
	inds, err := Indicators(tx, kinds, vi)
	if err != nil {
		return rep, err
	}
	targets, err := ProvinceTargets(tx, m.Year(), prov.ID)
	if err != nil {
		return rep, err
	}
	areas, err := Children(tx, prov.ID)
	if err != nil {
		return rep, err
	}
	for _, a := range areas {
		rep.Areas = append(rep.Areas, ReportArea{Name: a.Name})
	}
	// every indicator's value and its areas' in three statements
	live, err := LiveTotals(tx, inds, m, prov.ID)
	if err != nil {
		return rep, err
	}
	byArea, err := LiveByAreaAll(tx, inds, m, prov.ID)
	if err != nil {
		return rep, err
	}
	var codes []string
	for _, ind := range inds {
		if !ind.Live {
			codes = append(codes, ind.Code)
		}
	}
	reported, err := ReportedAllByArea(tx, codes, m)
	if err != nil {
		return rep, err
	}
	for _, ind := range inds {
		var v Value
		if ind.Live {
			s := live[ind.Code]
			v.V, v.OK = ind.Value(s.Num, s.Den)
		} else {
			v.V, v.OK = reported[ind.Code][prov.ID]
		}
		row := ReportRow{Model: ind.Model, ModelName: names[ind.Model], Code: ind.Code, Name: ind.Name, Unit: ind.Unit, Live: ind.Live,
			Agency: ind.Agency, Value: ptr(v), Higher: ind.HigherIsBetter}
		if t, ok := targets[ind.Code]; ok {
			row.Target = &t
		}
		rep.Rows = append(rep.Rows, row)
		if !ind.Live {
			continue
		}
		rep.AreaCols = append(rep.AreaCols, ReportCol{Code: ind.Code, Name: ind.Name, Unit: ind.Unit})
		for i, a := range areas {
			s := byArea[ind.Code][a.ID]
			var av Value
			av.V, av.OK = ind.Value(s.Num, s.Den)
			rep.Areas[i].Values = append(rep.Areas[i].Values, ptr(av))
		}
	}
	return rep, nil
}

// MonthReport returns the report of month m: live for the current month
// (or a later one), from its snapshot for a closed month, taking the
// snapshot now if the month has none yet.
func MonthReport(tx *gorm.DB, kinds kind.Registry, vi *i18n.Translator, m, now time.Time) (Report, error) {
	if !m.Before(month(now)) {
		rep, err := BuildReport(tx, kinds, vi, m, now)
		rep.Live = true
		return rep, err
	}
	if rep, ok, err := Snapshot(tx, m); err != nil || ok {
		return rep, err
	}
	rep, err := BuildReport(tx, kinds, vi, m, now)
	if err != nil {
		return rep, err
	}
	if err := SaveSnapshot(tx, rep, m); err != nil {
		return rep, err
	}
	// a concurrent request may have frozen it a moment earlier: read back the one kept
	rep2, ok, err := Snapshot(tx, m)
	if err != nil || !ok {
		return rep, err
	}
	return rep2, nil
}

// Snapshot reads the frozen report of month m.
func Snapshot(tx *gorm.DB, m time.Time) (Report, bool, error) {
	var rows []struct{ Data string }
	if err := tx.Raw(`SELECT data::text AS data FROM report_snapshots WHERE month = ?`, m.Format("2006-01-02")).Scan(&rows).Error; err != nil {
		return Report{}, false, fmt.Errorf("province: read snapshot of %s: %w", monthKey(m), err)
	}
	if len(rows) == 0 {
		return Report{}, false, nil
	}
	var rep Report
	if err := json.Unmarshal([]byte(rows[0].Data), &rep); err != nil {
		return Report{}, false, fmt.Errorf("province: decode snapshot of %s: %w", monthKey(m), err)
	}
	return rep, true, nil
}

// SaveSnapshot freezes rep as month m's report, unless one is frozen already.
func SaveSnapshot(tx *gorm.DB, rep Report, m time.Time) error {
	b, err := json.Marshal(rep)
	if err != nil {
		return fmt.Errorf("province: encode snapshot: %w", err)
	}
	err = tx.Exec(`INSERT INTO report_snapshots (month, data) VALUES (?, ?::jsonb) ON CONFLICT (month) DO NOTHING`,
		m.Format("2006-01-02"), string(b)).Error
	if err != nil {
		return fmt.Errorf("province: save snapshot of %s: %w", monthKey(m), err)
	}
	return nil
}
