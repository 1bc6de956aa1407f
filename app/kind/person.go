package kind

import (
	"strings"
	"time"

	"gorm.io/gorm"

	"portal06/app/web"
)

// PersonQuery is what a police officer searches for: a document number
// (exact), a name (accent-insensitive) or a date of birth.
type PersonQuery struct {
	Number    string
	NameFold  string
	BirthDate string // YYYY-MM-DD
}

// PersonHit is one person a kind's records hold, as a search lists them.
type PersonHit struct {
	DocType     string
	DocNumber   string
	FullName    string
	BirthDate   time.Time
	Nationality string
	LastSeen    time.Time
	LastPlace   string
	Records     int
}

// PersonEvent is one record of a person's history.
type PersonEvent struct {
	At     time.Time
	Place  string // site, with its area
	Tenant string
	What   string // translated
	Detail string
	Href   string // where a tenant member would open it; empty for the police
}

// PersonSource is a kind whose records the police person search covers.
// Both calls work in the request's transaction and scope.
type PersonSource interface {
	// PeopleQuery is the kind's part of a search, built but not run: the
	// people its records hold that match q at the sites in scope, one row
	// per document with the columns of PersonHit (doc_type, doc_number,
	// full_name, birth_date, nationality, last_seen, last_place, records),
	// newest first, at most limit. The police run every kind's part in one
	// statement. It is nil when q searches nothing in the kind.
	PeopleQuery(r *web.Request, q PersonQuery, limit int) *gorm.DB
	PersonHistory(r *web.Request, docType, number string) ([]PersonEvent, error)
}

// Where narrows db to the rows whose columns (named with the table alias,
// which holds doc_number, birth_date and name_fold) match the query: the
// number exactly, the date of birth, or the folded name as a substring. ok
// is false for an empty query, which searches nothing.
func (q PersonQuery) Where(db *gorm.DB, alias string) (out *gorm.DB, ok bool) {
	switch {
	case q.Number != "":
		return db.Where(alias+".doc_number = ?", strings.ToUpper(q.Number)), true
	case q.BirthDate != "":
		return db.Where(alias+".birth_date = ?", q.BirthDate), true
	case q.NameFold != "":
		esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q.NameFold)
		return db.Where(alias+".name_fold LIKE ?", "%"+esc+"%"), true
	}
	return db, false
}
