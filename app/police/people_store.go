package police

import (
	"fmt"
	"strings"

	"portal06/app/audit"
	"portal06/app/kind"
	"portal06/app/web"
)

// The storage of the person search: every kind's part in one statement,
// which also reserves the audit entry that records the search.

// personRow is one row of findPeople's statement: the audit reservation,
// repeated on every row, and one person (all empty when none was found).
type personRow struct {
	audit.Reservation `gorm:"embedded;embeddedPrefix:audit_"`
	kind.PersonHit    `gorm:"embedded"`
}

// findPeople runs every source's part of the query q in one statement
// under the request's scope, newest first (ties in the sources' order,
// then by document), at most limit people, and in the same statement
// reserves the audit entry that must record the look (audit.Log.Append
// writes it). Without a part to run it still reserves.
func findPeople(r *web.Request, sources []kind.PersonSource, q kind.PersonQuery, limit int) ([]kind.PersonHit, audit.Reservation, error) {
	var parts []string
	var args []any
	for i, src := range sources {
		if db := src.PeopleQuery(r, q, limit); db != nil {
			parts = append(parts, fmt.Sprintf("(SELECT %d AS source, p.* FROM (?) p)", i))
			args = append(args, db)
		}
	}
	hits := `SELECT 0 AS source, NULL::text AS doc_type, NULL::text AS doc_number, NULL::text AS full_name, NULL::date AS birth_date,
		NULL::text AS nationality, NULL::timestamptz AS last_seen, NULL::text AS last_place, 0::bigint AS records WHERE false`
	if len(parts) > 0 {
		hits = strings.Join(parts, " UNION ALL ")
	}
	var rows []personRow
	err := r.Tx.Raw(`SELECT `+audit.ReserveColumns("res")+`, h.doc_type, h.doc_number, h.full_name, h.birth_date, h.nationality,
		h.last_seen, h.last_place, h.records
		FROM audit_reserve() res LEFT JOIN LATERAL (SELECT * FROM (`+hits+`) h ORDER BY h.last_seen DESC, h.source, h.doc_type, h.doc_number LIMIT ?) h ON true`,
		append(args, limit)...).Scan(&rows).Error
	if err != nil {
		return nil, audit.Reservation{}, fmt.Errorf("police: find people: %w", err)
	}
	if len(rows) == 0 {
		return nil, audit.Reservation{}, fmt.Errorf("police: find people: no audit entry reserved")
	}
	var out []kind.PersonHit
	for _, x := range rows {
		if x.DocNumber != "" {
			out = append(out, x.PersonHit)
		}
	}
	return out, rows[0].Reservation, nil
}
