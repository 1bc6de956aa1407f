package apartment

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"portal06/app/web"
	"portal06/views"
)

// BuildingOccupancy is one building's (or a boarding house's) occupancy.
type BuildingOccupancy struct {
	Code      string
	Units     int64
	Occupied  int64
	Residents int64
	Capacity  int64
}

// Occupancy counts units, occupied units and residents per building, in SQL.
func Occupancy(tx *gorm.DB, tenantID, siteID int64) ([]BuildingOccupancy, error) {
	var out []BuildingOccupancy
	err := tx.Raw(`SELECT coalesce(b.code, '') AS code, count(*) AS units, count(*) FILTER (WHERE n.c > 0) AS occupied,
			coalesce(sum(n.c), 0) AS residents, sum(u.capacity) AS capacity
		FROM apt_units u LEFT JOIN apt_buildings b ON b.tenant_id = u.tenant_id AND b.id = u.building_id
		LEFT JOIN (SELECT unit_id, count(*) AS c FROM apt_residents WHERE tenant_id = ? AND site_id = ? AND move_out IS NULL GROUP BY unit_id) n
			ON n.unit_id = u.id
		WHERE u.tenant_id = ? AND u.site_id = ? GROUP BY b.code ORDER BY b.code`, tenantID, siteID, tenantID, siteID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("apartment: occupancy: %w", err)
	}
	return out, nil
}

// TypeCounts counts a site's active residents by residence type, and the
// tạm trú lists' lengths on today.
type TypeCounts struct {
	Permanent, Temporary, LongStay int64
	Due, Expiring, Overdue         int64
	Pending                        int64 // self-registrations waiting
}

// Counts computes a site's counts in one query.
func Counts(tx *gorm.DB, tenantID, siteID int64, now time.Time) (TypeCounts, error) {
	var out TypeCounts
	today := Day(now).Format("2006-01-02")
	err := tx.Raw(`SELECT count(*) FILTER (WHERE residence_type = 'permanent') AS permanent,
			count(*) FILTER (WHERE residence_type = 'temporary') AS temporary,
			count(*) FILTER (WHERE residence_type = 'long_stay') AS long_stay,
			count(*) FILTER (WHERE residence_type <> 'permanent' AND tamtru_status = 'due' AND move_in <= ?::date - ?::int) AS due,
			count(*) FILTER (WHERE residence_type <> 'permanent' AND tamtru_status = 'registered' AND tamtru_until BETWEEN ?::date AND ?::date + ?::int) AS expiring,
			count(*) FILTER (WHERE residence_type <> 'permanent' AND tamtru_status = 'registered' AND tamtru_until < ?::date) AS overdue,
			(SELECT count(*) FROM apt_selfregs q WHERE q.tenant_id = ? AND q.site_id = ? AND q.status = 'pending')
				+ (SELECT count(*) FROM apt_visit_requests q WHERE q.tenant_id = ? AND q.site_id = ? AND q.status = 'pending') AS pending
		FROM apt_residents WHERE tenant_id = ? AND site_id = ? AND move_out IS NULL`,
		today, TamtruAfterDays, today, today, ExtendWithinDays, today, tenantID, siteID, tenantID, siteID, tenantID, siteID).Scan(&out).Error
	if err != nil {
		return out, fmt.Errorf("apartment: counts: %w", err)
	}
	return out, nil
}

// board is the manager's board: occupancy per building, residents by type,
// the tạm trú lists, and the requests waiting.
func (k *Kind) board(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	now := k.Host.Now()
	occ, err := Occupancy(r.Tx, r.Tenant.ID, s.ID)
	if err != nil {
		return err
	}
	n, err := Counts(r.Tx, r.Tenant.ID, s.ID, now)
	if err != nil {
		return err
	}
	ot := &views.Table{ID: "occupancy", Empty: r.T.T("apt.no_units"), Headers: []string{label(r, "building"), r.T.T("apt.units"),
		r.T.T("apt.occupied"), r.T.T("apt.residents_now"), label(r, "capacity")}}
	for _, b := range occ {
		name := b.Code
		if name == "" {
			name = s.Name
		}
		ot.Rows = append(ot.Rows, []views.Cell{{Text: name}, {Text: fmt.Sprint(b.Units)}, {Text: fmt.Sprintf("%d (%s)", b.Occupied, pct(b.Occupied, b.Units))},
			{Text: fmt.Sprint(b.Residents)}, {Text: fmt.Sprint(b.Capacity)}})
	}
	list := func(state string) string { return siteHref(r, s.ID, "/residents") + "?tamtru=" + state }
	tt := &views.Table{ID: "types", Headers: []string{r.T.T("apt.type_permanent"), r.T.T("apt.type_temporary"), r.T.T("apt.type_long_stay")},
		Rows: [][]views.Cell{{{Text: fmt.Sprint(n.Permanent), Href: siteHref(r, s.ID, "/residents?type=permanent")},
			{Text: fmt.Sprint(n.Temporary), Href: siteHref(r, s.ID, "/residents?type=temporary")},
			{Text: fmt.Sprint(n.LongStay), Href: siteHref(r, s.ID, "/residents?type=long_stay")}}}}
	secs := []views.Section{{ID: "occupancy-section", Title: r.T.T("apt.occupancy"), Table: ot},
		{ID: "types-section", Title: r.T.T("apt.by_type"), Table: tt}}
	lists, err := TamtruLists(r.Tx, r.Tenant.ID, s.ID, now, 10)
	if err != nil {
		return err
	}
	for _, l := range []struct {
		state string
		n     int64
	}{{StateDue, n.Due}, {StateExpiring, n.Expiring}, {StateOverdue, n.Overdue}} {
		t := k.residentTable(r, "tamtru-"+l.state, lists[l.state], now)
		t.Empty = r.T.T("apt.list_empty")
		secs = append(secs, views.Section{ID: "list-" + l.state, Title: r.T.T("apt.list_"+l.state, "Count", l.n), Table: t,
			Text: r.T.T("apt.list_hint_" + l.state)})
		if l.n > 10 {
			secs[len(secs)-1].Table.Rows = append(secs[len(secs)-1].Table.Rows, []views.Cell{{Text: r.T.T("apt.see_all", "Count", l.n), Href: list(l.state)}})
		}
	}
	secs = append(secs, views.Section{ID: "pending", Title: r.T.T("apt.pending_title"), Table: &views.Table{ID: "pending-count",
		Headers: []string{r.T.T("apt.pending_count")}, Rows: [][]views.Cell{{{Text: fmt.Sprint(n.Pending), Href: siteHref(r, s.ID, "/requests")}}}}})
	vsecs, err := k.visitorSections(r, s.ID, now)
	if err != nil {
		return err
	}
	secs = append(secs, vsecs...)
	scr := views.Screen{
		Actions: []views.NavLink{{Label: r.T.T("apt.register_link"), Href: siteHref(r, s.ID, "/register")},
			{Label: r.T.T("apt.residents_link"), Href: siteHref(r, s.ID, "/residents")},
			{Label: r.T.T("apt.visitors_link"), Href: siteHref(r, s.ID, "/visitors")},
			{Label: r.T.T("apt.units_link"), Href: siteHref(r, s.ID, "/units")},
			{Label: r.T.T("apt.requests_link"), Href: siteHref(r, s.ID, "/requests")},
			{Label: r.T.T("apt.poster_link"), Href: siteHref(r, s.ID, "/poster")},
			{Label: r.T.T("apt.export"), Href: siteHref(r, s.ID, "/register.xlsx")}},
		Sections: secs,
	}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(k.Host.Pages.Page(c, r, "apt.board_title", "Site", s.Name), scr))
}

func pct(n, d int64) string {
	if d == 0 {
		return "0%"
	}
	return fmt.Sprintf("%d%%", n*100/d)
}

// listedResident is a resident of one of the board's tạm trú lists.
type listedResident struct {
	Resident
	List string
}

// TamtruLists reads the first n residents of each tạm trú list (due,
// expiring, overdue) in one query; the conditions are State's. Each list is
// its own top-n (ordered by unit code, byte-wise, then name), read through
// the partial index apt_residents_tamtru, so a block of thousands of flats
// sorts only what it shows, not every resident of the lists.
func TamtruLists(tx *gorm.DB, tenantID, siteID int64, now time.Time, n int) (map[string][]Resident, error) {
	today := Day(now).Format("2006-01-02")
	var rows []listedResident
	list := func(name, cond string) string {
		return `(SELECT ` + residentColumns + `, '` + name + `' AS list
			FROM apt_residents r JOIN apt_units u ON u.tenant_id = r.tenant_id AND u.id = r.unit_id
			WHERE r.tenant_id = @t AND r.site_id = @s AND r.move_out IS NULL AND r.residence_type <> 'permanent' AND ` + cond + `
			ORDER BY u.code COLLATE "C", r.full_name, r.id LIMIT @n)`
	}
	err := tx.Raw(list("due", `r.tamtru_status = 'due' AND r.move_in <= CAST(@today AS date) - CAST(@after AS int)`)+` UNION ALL `+
		list("overdue", `r.tamtru_status = 'registered' AND r.tamtru_until < CAST(@today AS date)`)+` UNION ALL `+
		list("expiring", `r.tamtru_status = 'registered' AND r.tamtru_until >= CAST(@today AS date)
			AND r.tamtru_until <= CAST(@today AS date) + CAST(@within AS int)`),
		map[string]any{"t": tenantID, "s": siteID, "today": today, "after": TamtruAfterDays, "within": ExtendWithinDays, "n": n}).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("apartment: tạm trú lists: %w", err)
	}
	out := map[string][]Resident{}
	for _, x := range rows {
		out[x.List] = append(out[x.List], x.Resident)
	}
	return out, nil
}
