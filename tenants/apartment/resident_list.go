package apartment

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"portal06/app/iddoc"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

// ResidentFilter narrows a list of residents.
type ResidentFilter struct {
	SiteID  int64
	UnitID  int64
	Unit    string // unit code, exact
	Q       string // a document number (exact) or part of a name
	Type    string // residence type
	Tamtru  string // due, expiring or overdue, on Today
	Today   time.Time
	All     bool // ended residences too
	Newest  bool // newest first instead of by unit
	NoCount bool // skip counting the whole list (the total is then 0)
}

// residentQuery builds the filtered query; tạm trú lists follow State's rules.
func residentQuery(tx *gorm.DB, tenantID int64, f ResidentFilter, join bool) *gorm.DB {
	q := tx.Table("apt_residents r").Where("r.tenant_id = ?", tenantID)
	if join {
		q = q.Joins("JOIN apt_units u ON u.tenant_id = r.tenant_id AND u.id = r.unit_id")
	}
	if f.SiteID != 0 {
		q = q.Where("r.site_id = ?", f.SiteID)
	}
	if f.UnitID != 0 {
		q = q.Where("r.unit_id = ?", f.UnitID)
	}
	if f.Unit != "" {
		q = q.Where("r.unit_id IN (SELECT id FROM apt_units WHERE tenant_id = ? AND code = ?)", tenantID, NormCode(f.Unit))
	}
	if !f.All {
		q = q.Where("r.move_out IS NULL")
	}
	if oneOf(f.Type, ResidenceTypes) {
		q = q.Where("r.residence_type = ?", f.Type)
	}
	today := Day(f.Today).Format("2006-01-02")
	switch f.Tamtru {
	case StateDue:
		q = q.Where("r.residence_type <> 'permanent' AND r.tamtru_status = 'due' AND r.move_in <= ?::date - ?::int", today, TamtruAfterDays)
	case StateExpiring:
		q = q.Where("r.residence_type <> 'permanent' AND r.tamtru_status = 'registered' AND r.tamtru_until BETWEEN ?::date AND ?::date + ?::int",
			today, today, ExtendWithinDays)
	case StateOverdue:
		q = q.Where("r.residence_type <> 'permanent' AND r.tamtru_status = 'registered' AND r.tamtru_until < ?::date", today)
	}
	if s := strings.TrimSpace(f.Q); s != "" {
		if up := strings.ToUpper(s); docNumberLike(up) {
			q = q.Where("r.doc_number = ?", up)
		} else {
			esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(iddoc.Fold(s))
			q = q.Where("(r.name_fold LIKE ? OR r.unit_id IN (SELECT id FROM apt_units WHERE tenant_id = ? AND code LIKE ?))",
				"%"+esc+"%", tenantID, likePrefix(NormCode(s)))
		}
	}
	return q
}

// docNumberLike says whether a search looks like a document number.
func docNumberLike(s string) bool {
	if len(s) < 5 || len(s) > 20 {
		return false
	}
	digits := 0
	for _, ch := range s {
		switch {
		case ch >= '0' && ch <= '9':
			digits++
		case ch >= 'A' && ch <= 'Z':
		default:
			return false
		}
	}
	return digits >= 3
}

// ListResidents lists residents a page at a time, in SQL.
func ListResidents(tx *gorm.DB, tenantID int64, f ResidentFilter, page, perPage int) ([]Resident, int64, error) {
	var total int64
	if !f.NoCount {
		if err := residentQuery(tx, tenantID, f, false).Count(&total).Error; err != nil {
			return nil, 0, fmt.Errorf("apartment: count residents: %w", err)
		}
	}
	order := "u.code, r.relation = 'head' DESC, r.full_name, r.id"
	if f.Newest {
		order = "r.id DESC"
	}
	var out []Resident
	err := residentQuery(tx, tenantID, f, true).Select(residentColumns).Order(order).Offset((page - 1) * perPage).Limit(perPage).Scan(&out).Error
	if err != nil {
		return nil, 0, fmt.Errorf("apartment: list residents: %w", err)
	}
	return out, total, nil
}

// stateLabel is a resident's tạm trú state as a list shows it.
func stateLabel(r *web.Request, res Resident, now time.Time) string {
	st := State(res.Tamtru(), now)
	out := r.T.T("apt.state_" + st)
	switch st {
	case StateDue:
		out += " · " + r.T.T("apt.since", "Date", r.T.Date(DueDate(res.MoveIn)))
	case StateRegistered, StateExpiring, StateOverdue:
		out += " · " + r.T.T("apt.until", "Date", r.T.Date(*res.TamtruUntil))
	case StateSubmitted:
		out += " · " + res.TamtruDossier
	}
	return out
}

// residentTable shows residents with their ID numbers masked.
func (k *Kind) residentTable(r *web.Request, id string, rows []Resident, now time.Time) *views.Table {
	t := &views.Table{ID: id, Empty: r.T.T("apt.no_residents"), Headers: []string{label(r, "unit"), label(r, "full_name"),
		label(r, "document_number"), label(r, "relation"), label(r, "residence_type"), label(r, "move_in"), r.T.T("apt.tamtru")}}
	for _, x := range rows {
		t.Rows = append(t.Rows, []views.Cell{{Text: x.UnitCode, Href: unitHref(r, x.UnitID)}, {Text: x.FullName, Href: residentHref(r, x.ID)},
			{Text: iddoc.MaskNumber(x.DocNumber)}, {Text: r.T.T("apt.relation_" + x.Relation)}, {Text: r.T.T("apt.type_" + x.ResidenceType)},
			{Text: r.T.Date(x.MoveIn)}, {Text: stateLabel(r, x, now)}})
	}
	return t
}

// residentList is the site's register: filters by unit, name or number,
// type and tạm trú state, paginated in SQL. Numbers travel in the form's
// body only: the filter posts nothing and a number search is not kept in the URL.
func (k *Kind) residentList(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	now := k.Host.Now()
	f := ResidentFilter{SiteID: s.ID, Unit: web.Query(c, "unit"), Q: web.Query(c, "q"), Type: web.Query(c, "type"),
		Tamtru: web.Query(c, "tamtru"), Today: now}
	if utf8.RuneCountInString(f.Q) > 100 || len(f.Unit) > 20 || len(f.Type) > 20 || len(f.Tamtru) > 20 {
		return fiber.NewError(fiber.StatusUnprocessableEntity, "filter too long")
	}
	if docNumberLike(strings.ToUpper(strings.TrimSpace(f.Q))) {
		f.Q = "" // ID numbers never travel in a URL: search them from the board's form
	}
	page := web.PageNum(c)
	rows, total, err := ListResidents(r.Tx, r.Tenant.ID, f, page, store.PerPage)
	if err != nil {
		return err
	}
	base := siteHref(r, s.ID, "/residents") + "?unit=" + urlq(f.Unit) + "&q=" + urlq(f.Q) + "&type=" + urlq(f.Type) + "&tamtru=" + urlq(f.Tamtru) + "&"
	filter := &views.Filter{Action: siteHref(r, s.ID, "/residents"), Q: f.Q, Fields: []views.Field{
		{Name: "type", Label: label(r, "residence_type"), Type: "select", Value: f.Type,
			Options: append([]views.Option{{Value: "", Label: r.T.T("apt.any")}}, options(r, "apt.type_", ResidenceTypes)...)},
		{Name: "tamtru", Label: r.T.T("apt.tamtru"), Type: "select", Value: f.Tamtru,
			Options: append([]views.Option{{Value: "", Label: r.T.T("apt.any")}}, options(r, "apt.state_", []string{StateDue, StateExpiring, StateOverdue})...)},
	}}
	scr := views.Screen{
		Actions: []views.NavLink{{Label: r.T.T("apt.register_link"), Href: siteHref(r, s.ID, "/register")},
			{Label: r.T.T("apt.export"), Href: siteHref(r, s.ID, "/register.xlsx")}},
		Filter: filter,
		Sections: []views.Section{{ID: "residents", Table: k.residentTable(r, "resident-list", rows, now),
			Pager: &views.Pager{Page: page, PerPage: store.PerPage, Total: total, BaseHref: base}}},
	}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(k.Host.Pages.Page(c, r, "apt.residents_title", "Site", s.Name), scr))
}

func urlq(s string) string { return url.QueryEscape(s) }
