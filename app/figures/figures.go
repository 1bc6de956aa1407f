// Package figures keeps the rollups of the province's live indicators
// (table figure_days): the tenant kinds add to them in the same transaction
// as the records they count.
package figures

import (
	"fmt"
	"time"

	"gorm.io/gorm"

	"portal06/app/i18n"
)

// Add adds num and den to indicator's row for a site on day (read as a
// date in Vietnam's time). A flow adds 1 per event; a stock adds +1 or -1 as the
// level changes; a share adds to its numerator and denominator.
func Add(tx *gorm.DB, indicator string, tenantID, siteID int64, day time.Time, num, den float64) error {
	err := tx.Exec(`SELECT figure_add(?, ?, ?, ?::date, ?, ?)`, indicator, tenantID, siteID, day.In(i18n.Zone).Format("2006-01-02"), num, den).Error
	if err != nil {
		return fmt.Errorf("figures: add to %s of site %d: %w", indicator, siteID, err)
	}
	return nil
}
