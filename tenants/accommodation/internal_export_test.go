package accommodation

import (
	"time"

	"gorm.io/gorm"

	"portal06/policies"
)

// PageOfSites is the ids of a page of the police dashboard's sites (one
// more when another page follows), for the external tests.
func PageOfSites(tx *gorm.DB, scope policies.Scope, areaCode string, page int) ([]int64, error) {
	var ids []int64
	// with the statement's common table expressions, which the page reads
	with, args := dashboardWith(scope, areaCode, time.Now())
	sites, siteArgs := pageOfSites(tx, scope, areaCode, page)
	err := tx.Raw("WITH "+with+" SELECT p.id FROM ("+sites+") p ORDER BY p.area_name, p.area_code, p.name, p.id",
		append(args, siteArgs...)...).Scan(&ids).Error
	return ids, err
}

// PoliceTotals are the police dashboard's totals over the accommodation
// sites of scope (within the area of code areaCode when it is not empty),
// for the external tests: guests now, today's check-ins, late check-ins,
// refusals and suspicious scans.
func PoliceTotals(tx *gorm.DB, scope policies.Scope, areaCode string, now time.Time) ([5]int64, error) {
	_, t, err := dashboardPage(tx, scope, areaCode, now, 1)
	return [5]int64{t.Guests, t.Today, t.Late, t.Refused, t.Suspicious}, err
}
