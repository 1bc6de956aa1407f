package accommodation

import (
	"gorm.io/gorm"

	"portal06/policies"
)

// PageOfSites is the ids of a page of the police dashboard's sites (one
// more when another page follows), for the external tests.
func PageOfSites(tx *gorm.DB, scope policies.Scope, areaCode string, page int) ([]int64, error) {
	var ids []int64
	err := tx.Table("(?) p", pageOfSites(tx, scope, areaCode, page)).Order("p.area_name, p.area_code, p.name, p.id").Pluck("p.id", &ids).Error
	return ids, err
}
