package province

import (
	"fmt"

	"gorm.io/gorm"
)

// Targets returns an indicator's targets of year, by area (the province's
// own area holds the province's target).
func Targets(tx *gorm.DB, code string, year int) (map[int64]float64, error) {
	var rows []struct {
		AreaID int64
		Target float64
	}
	if err := tx.Raw(`SELECT area_id, target FROM indicator_targets WHERE indicator = ? AND year = ?`, code, year).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("province: targets of %s: %w", code, err)
	}
	out := make(map[int64]float64, len(rows))
	for _, r := range rows {
		out[r.AreaID] = r.Target
	}
	return out, nil
}

// ProvinceTargets returns every indicator's province target of year.
func ProvinceTargets(tx *gorm.DB, year int, province int64) (map[string]float64, error) {
	var rows []struct {
		Indicator string
		Target    float64
	}
	err := tx.Raw(`SELECT indicator, target FROM indicator_targets WHERE year = ? AND area_id = ?`, year, province).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("province: targets of %d: %w", year, err)
	}
	out := make(map[string]float64, len(rows))
	for _, r := range rows {
		out[r.Indicator] = r.Target
	}
	return out, nil
}

// SetTarget sets an indicator's target of year for area.
func SetTarget(tx *gorm.DB, code string, year int, area int64, target float64, userID int64) error {
	err := tx.Exec(`INSERT INTO indicator_targets (indicator, year, area_id, target, set_by) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (indicator, year, area_id) DO UPDATE SET target = excluded.target, set_by = excluded.set_by, set_at = now()`,
		code, year, area, target, userID).Error
	if err != nil {
		return fmt.Errorf("province: set target of %s: %w", code, err)
	}
	return nil
}
