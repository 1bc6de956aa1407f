package accommodation

import (
	"strconv"

	"gorm.io/gorm"
)

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// gormSession clones a query so that counting it leaves it reusable.
var gormSession = gorm.Session{}
