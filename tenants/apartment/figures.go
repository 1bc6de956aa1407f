package apartment

import (
	"fmt"
	"time"

	"gorm.io/gorm"

	"portal06/app/figures"
	"portal06/app/kind"
)

// The kind's indicators in figure_days: model 45 ("Quản lý số" at
// apartment blocks and boarding houses) counts every site of the kind;
// model 10 (boarding houses for workers) counts boarding houses only.
const (
	IndSites     = "apt.sites_using"       // blocks and boarding houses with units in the portal (stock)
	IndResidents = "apt.residents"         // residents registered (stock)
	IndBacklog   = "apt.tamtru_backlog"    // non-permanent residents whose tạm trú is still to be filed (stock)
	IndBHSites   = "apt.bh_sites_using"    // the same, boarding houses only (model 10)
	IndBHResid   = "apt.bh_residents"      //
	IndBHBacklog = "apt.bh_tamtru_backlog" //
)

// boardingHouseCode is the model-10 twin of a model-45 indicator.
var boardingHouseCode = map[string]string{IndSites: IndBHSites, IndResidents: IndBHResid, IndBacklog: IndBHBacklog}

// Indicators are the figures the kind keeps for the province.
func (*Kind) Indicators() []kind.Indicator {
	return []kind.Indicator{
		{Code: IndSites, Model: 45, Label: "apt.ind_sites", Unit: "count", HigherIsBetter: true, Stock: true},
		{Code: IndResidents, Model: 45, Label: "apt.ind_residents", Unit: "count", HigherIsBetter: true, Stock: true},
		{Code: IndBacklog, Model: 45, Label: "apt.ind_backlog", Unit: "count", Stock: true},
		{Code: IndBHSites, Model: 10, Label: "apt.ind_bh_sites", Unit: "count", HigherIsBetter: true, Stock: true},
		{Code: IndBHResid, Model: 10, Label: "apt.ind_bh_residents", Unit: "count", HigherIsBetter: true, Stock: true},
		{Code: IndBHBacklog, Model: 10, Label: "apt.ind_bh_backlog", Unit: "count", Stock: true},
	}
}

// addFigure adds n to an indicator of a site on now's day, and to its
// boarding-house twin when the site is a boarding house, in tx.
func addFigure(tx *gorm.DB, code string, tenantID, siteID int64, now time.Time, n float64) error {
	if err := figures.Add(tx, code, tenantID, siteID, now, n, 0); err != nil {
		return err
	}
	var siteKind string
	if err := tx.Raw(`SELECT kind FROM sites WHERE tenant_id = ? AND id = ?`, tenantID, siteID).Scan(&siteKind).Error; err != nil {
		return fmt.Errorf("apartment: kind of site %d: %w", siteID, err)
	}
	if twin := boardingHouseCode[code]; twin != "" && siteKind == "boarding_house" {
		return figures.Add(tx, twin, tenantID, siteID, now, n, 0)
	}
	return nil
}
