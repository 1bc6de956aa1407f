package accommodation

import (
	"strconv"

	"gorm.io/gorm"

	"portal06/app/iddoc"
	"portal06/app/store"
)

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// gormSession clones a query so that counting it leaves it reusable.
var gormSession = gorm.Session{}

func fieldErr(field, code string) error { return store.Invalid{field: code} }

// renameField moves the errors of a corrected field onto the form's value
// field, keeping the field's name in the message.
func renameField(err error, from, to string) error {
	switch e := err.(type) {
	case store.Invalid:
		if code, ok := e[from]; ok {
			return store.Invalid{to: code}
		}
	case *iddoc.Errors:
		for i := range e.List {
			if e.List[i].Field == from {
				e.List[i].Field = to
			}
		}
	}
	return err
}
