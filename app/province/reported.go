package province

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"portal06/app/store"
)

// ReportedByArea returns the current values of a reported indicator for
// month m, by area.
func ReportedByArea(tx *gorm.DB, code string, m time.Time) (map[int64]float64, error) {
	all, err := ReportedAllByArea(tx, []string{code}, m)
	if err != nil {
		return nil, err
	}
	if all[code] == nil {
		return map[int64]float64{}, nil
	}
	return all[code], nil
}

// ReportedAllByArea is ReportedByArea for every code at once, in one
// statement: code → area → the value entered for month m.
func ReportedAllByArea(tx *gorm.DB, codes []string, m time.Time) (map[string]map[int64]float64, error) {
	out := map[string]map[int64]float64{}
	if len(codes) == 0 {
		return out, nil
	}
	var rows []struct {
		Indicator string
		AreaID    int64
		Value     float64
	}
	err := tx.Raw(`SELECT indicator, area_id, value FROM reported_values WHERE indicator IN ? AND month = ? AND replaced_at IS NULL`,
		codes, m.Format("2006-01-02")).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("province: reported values of %s: %w", m.Format("2006-01"), err)
	}
	for _, r := range rows {
		if out[r.Indicator] == nil {
			out[r.Indicator] = map[int64]float64{}
		}
		out[r.Indicator][r.AreaID] = r.Value
	}
	return out, nil
}

// ReportedTrend returns a reported indicator's value of area for each of
// the 12 months ending with end; ok false where nothing was reported.
func ReportedTrend(tx *gorm.DB, code string, end time.Time, area int64) ([]float64, []bool, error) {
	first := end.AddDate(0, -11, 0)
	var rows []struct {
		Month time.Time
		Value float64
	}
	err := tx.Raw(`SELECT month, value FROM reported_values WHERE indicator = ? AND area_id = ? AND month >= ? AND month <= ?
		AND replaced_at IS NULL`, code, area, first.Format("2006-01-02"), end.Format("2006-01-02")).Scan(&rows).Error
	if err != nil {
		return nil, nil, fmt.Errorf("province: trend of %s: %w", code, err)
	}
	vals, ok := make([]float64, 12), make([]bool, 12)
	for _, r := range rows {
		i := (r.Month.Year()-first.Year())*12 + int(r.Month.Month()) - int(first.Month())
		if i >= 0 && i < 12 {
			vals[i], ok[i] = r.Value, true
		}
	}
	return vals, ok, nil
}

// ParseNumber reads a number as officials type it: "1.234.567", "83,5",
// "83.5" or "1234". A dot followed by exactly three digits groups thousands.
func ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(s, " ", ""))
	s = strings.TrimSuffix(s, "%")
	if s == "" || len(s) > 30 {
		return 0, false
	}
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	} else if strings.Contains(s, ",") {
		// 1.234,5: dots group thousands, the comma is the decimal point
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	} else if strings.Count(s, ".") > 1 || (strings.Count(s, ".") == 1 && len(s)-strings.Index(s, ".") == 4 && len(s) > 4) {
		s = strings.ReplaceAll(s, ".", "")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// Entry is one value typed into the monthly form.
type Entry struct {
	Indicator Indicator
	Text      string
	Note      string
}

// SaveReported writes the month's values of area typed by user. A value
// that differs from the current one replaces it, keeping the old row with
// who entered it and when; an empty field changes nothing. Nothing is saved
// when any field is wrong.
func SaveReported(tx *gorm.DB, m time.Time, area int64, entries []Entry, userID int64) (int, error) {
	bad := store.Invalid{}
	vals := make([]float64, len(entries))
	for i, e := range entries {
		if len([]rune(e.Note)) > 500 {
			bad["note_"+e.Indicator.Code] = "validation.too_long"
		}
		if e.Text == "" {
			continue
		}
		v, ok := ParseNumber(e.Text)
		switch {
		case !ok || v < 0 || v >= 1e15:
			bad["v_"+e.Indicator.Code] = "validation.province_number"
		case e.Indicator.Unit == "percent" && v > 100:
			bad["v_"+e.Indicator.Code] = "validation.province_percent"
		}
		vals[i] = v
	}
	if len(bad) > 0 {
		return 0, bad
	}
	saved := 0
	day := m.Format("2006-01-02")
	for i, e := range entries {
		if e.Text == "" {
			continue
		}
		var cur []struct {
			ID    int64
			Value float64
			Note  string
		}
		err := tx.Raw(`SELECT id, value, note FROM reported_values WHERE indicator = ? AND month = ? AND area_id = ? AND replaced_at IS NULL
			FOR UPDATE`, e.Indicator.Code, day, area).Scan(&cur).Error
		if err != nil {
			return 0, fmt.Errorf("province: read reported %s: %w", e.Indicator.Code, err)
		}
		if len(cur) > 0 && cur[0].Value == vals[i] && cur[0].Note == e.Note {
			continue
		}
		if len(cur) > 0 {
			if err := tx.Exec(`UPDATE reported_values SET replaced_at = now() WHERE id = ?`, cur[0].ID).Error; err != nil {
				return 0, fmt.Errorf("province: replace reported %s: %w", e.Indicator.Code, err)
			}
		}
		if err := tx.SavePoint("reported").Error; err != nil {
			return 0, fmt.Errorf("province: savepoint: %w", err)
		}
		var id int64
		err = tx.Raw(`INSERT INTO reported_values (indicator, month, area_id, value, note, entered_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			e.Indicator.Code, day, area, vals[i], e.Note, userID).Scan(&id).Error
		if _, dup := store.IsUniqueViolation(err); dup {
			// another official saved the same month a moment ago
			if rerr := tx.RollbackTo("reported").Error; rerr != nil {
				return 0, fmt.Errorf("province: roll back to savepoint: %w", rerr)
			}
			return 0, store.Invalid{"v_" + e.Indicator.Code: "validation.province_race"}
		}
		if err != nil {
			return 0, fmt.Errorf("province: save reported %s: %w", e.Indicator.Code, err)
		}
		if len(cur) > 0 {
			if err := tx.Exec(`UPDATE reported_values SET replaced_by = ? WHERE id = ?`, id, cur[0].ID).Error; err != nil {
				return 0, fmt.Errorf("province: link correction of %s: %w", e.Indicator.Code, err)
			}
		}
		saved++
	}
	return saved, nil
}

// ReportedEntry is one row of a reported indicator's history.
type ReportedEntry struct {
	Code, Username, Note string
	AreaName             string
	Month                time.Time
	Value                float64
	EnteredAt            time.Time
	ReplacedAt           *time.Time
}

// ReportedHistory lists the latest entries of month m, corrections and the
// values they replaced alike, newest first.
func ReportedHistory(tx *gorm.DB, m time.Time, limit int) ([]ReportedEntry, error) {
	var out []ReportedEntry
	err := tx.Raw(`SELECT v.indicator AS code, coalesce(u.username, '') AS username, v.note, a.name AS area_name, v.month, v.value,
			v.entered_at, v.replaced_at
		FROM reported_values v JOIN areas a ON a.id = v.area_id LEFT JOIN users u ON u.id = v.entered_by
		WHERE v.month = ? ORDER BY v.id DESC LIMIT ?`, m.Format("2006-01-02"), limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("province: history of reported values: %w", err)
	}
	return out, nil
}

// LatestReported is a reported indicator's latest value for area in a month
// up to m, and that month; ok is false when none was entered.
func LatestReported(tx *gorm.DB, code string, area int64, m time.Time) (float64, time.Time, bool, error) {
	var rows []struct {
		Month time.Time
		Value float64
	}
	err := tx.Raw(`SELECT month, value FROM reported_values WHERE indicator = ? AND area_id = ? AND month <= ? AND replaced_at IS NULL
		ORDER BY month DESC LIMIT 1`, code, area, m.Format("2006-01-02")).Scan(&rows).Error
	if err != nil {
		return 0, time.Time{}, false, fmt.Errorf("province: latest %s: %w", code, err)
	}
	if len(rows) == 0 {
		return 0, time.Time{}, false, nil
	}
	return rows[0].Value, rows[0].Month, true, nil
}

// Reported is a reported indicator's latest value and its month.
type Reported struct {
	Month time.Time
	Value float64
}

// LatestReportedAll is LatestReported for every code at once, in one
// statement; codes without a value up to m are absent from the map.
func LatestReportedAll(tx *gorm.DB, codes []string, area int64, m time.Time) (map[string]Reported, error) {
	out := map[string]Reported{}
	if len(codes) == 0 {
		return out, nil
	}
	var rows []struct {
		Indicator string
		Month     time.Time
		Value     float64
	}
	err := tx.Raw(`SELECT DISTINCT ON (indicator) indicator, month, value FROM reported_values
		WHERE indicator IN ? AND area_id = ? AND month <= ? AND replaced_at IS NULL
		ORDER BY indicator, month DESC`, codes, area, m.Format("2006-01-02")).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("province: latest reported values: %w", err)
	}
	for _, r := range rows {
		out[r.Indicator] = Reported{Month: r.Month, Value: r.Value}
	}
	return out, nil
}
