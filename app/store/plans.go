package store

import (
	"fmt"

	"gorm.io/gorm"
)

// GenericPlans makes the rest of the transaction keep each statement's
// plan from one execution to the next (the prepared statement's generic
// plan), for pages whose statements read bounded sets under row-level
// security: PostgreSQL otherwise plans them again for every request when
// their generic plan's estimate looks dearer, and planning the policies of
// five or six tables costs more (5-10 ms) than running them (1-3 ms).
func GenericPlans(tx *gorm.DB) error {
	if err := tx.Exec(`SET LOCAL plan_cache_mode = force_generic_plan`).Error; err != nil {
		return fmt.Errorf("store: keep generic plans: %w", err)
	}
	return nil
}
