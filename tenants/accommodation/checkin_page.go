package accommodation

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/iddoc"
	"portal06/app/stays"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/tenants/accommodation/ui"
	"portal06/views"
)

// checkinPick goes straight to the only site, or lets the user pick one.
func (k *Kind) checkinPick(c *fiber.Ctx, r *web.Request) error {
	rows, err := store.SitesPage(r.Tx, r.Scope, store.SiteFilter{TenantID: r.Tenant.ID}, 1)
	if err != nil {
		return err
	}
	if len(rows) == 1 {
		return c.Redirect(siteHref(r, rows[0].ID, "/checkin"), fiber.StatusSeeOther)
	}
	var links []views.NavLink
	for _, s := range rows {
		links = append(links, views.NavLink{Label: s.Name, Href: siteHref(r, s.ID, "/checkin")})
	}
	return web.Render(c, r, fiber.StatusOK, ui.CheckinPick(k.s.Page(c, r, "acc.pick_site"), links))
}

func (k *Kind) checkinPage(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	var panel *ui.Panel
	if id, _ := strconv.ParseInt(c.Query("saved"), 10, 64); id > 0 {
		if st, err := stays.GetStay(r.Tx, r.Tenant.ID, id); err == nil {
			panel = &ui.Panel{SavedName: st.FullName, SavedHref: stayHref(r, st.ID)}
		}
	}
	return k.renderCheckin(c, r, fiber.StatusOK, s, panel)
}

func (k *Kind) renderCheckin(c *fiber.Ctx, r *web.Request, status int, s store.SiteRow, panel *ui.Panel) error {
	recent, err := k.recent(r, s.ID)
	if err != nil {
		return err
	}
	d := ui.CheckinData{
		SiteName:   s.Name,
		ScanAction: siteHref(r, s.ID, "/checkin/scan"),
		ManualHref: siteHref(r, s.ID, "/checkin/manual"),
		BoardHref:  siteHref(r, s.ID, "/board"),
		GroupHref:  siteHref(r, s.ID, "/group"),
		PairHref:   siteHref(r, s.ID, "/pair"),
		CSRF:       r.CSRF,
		Trip:       web.Query(c, "trip"),
		Panel:      panel,
		Recent:     recent,
	}
	if hasTrips(s.Kind) {
		d.TripsHref = siteHref(r, s.ID, "/trips")
	}
	return web.Render(c, r, status, ui.CheckinPage(k.s.Page(c, r, "acc.checkin_title", "Site", s.Name), d))
}

// recent lists the site's latest check-ins.
func (k *Kind) recent(r *web.Request, siteID int64) ([]ui.StayRow, error) {
	stays, _, err := ListStays(r.Tx, r.Tenant.ID, StayFilter{SiteID: siteID}, Cursor{}, 8)
	if err != nil {
		return nil, err
	}
	return k.rows(r, stays), nil
}

func (k *Kind) checkinManual(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	f := k.confirmForm(r, s, confirmValues{DocType: iddoc.TypeCCCD, Nationality: "VNM", Source: "manual", TripID: web.Query(c, "trip")}, nil)
	f.FocusSubmit = false
	return k.panel(c, r, fiber.StatusOK, s, &ui.Panel{Form: &f})
}

// panel answers with the panel alone for htmx, or the whole page.
func (k *Kind) panel(c *fiber.Ctx, r *web.Request, status int, s store.SiteRow, p *ui.Panel) error {
	if r.HTMX {
		return web.Render(c, r, status, ui.PanelView(*p))
	}
	return k.renderCheckin(c, r, status, s, p)
}

// confirmValues are the fields of the confirm form.
type confirmValues struct {
	DocType, Number, FullName, BirthDate, Sex, Nationality, Address, OldNumber, IssueDate string
	Room, Arrival, Departure, Reason, Source, TripID                                      string
}

func valuesOf(id iddoc.Identity, source string) confirmValues {
	v := confirmValues{DocType: id.DocType, Number: id.Number, FullName: id.FullName, Sex: id.Sex, Nationality: id.Nationality,
		Address: id.Address, OldNumber: id.OldNumber, Source: source}
	if !id.BirthDate.IsZero() {
		v.BirthDate = id.BirthDate.Format("2006-01-02")
	}
	if !id.IssueDate.IsZero() {
		v.IssueDate = id.IssueDate.Format("2006-01-02")
	}
	return v
}

// reasons are the usual reasons of a stay, stored in Vietnamese as the police read them.
var reasons = []string{"Du lịch", "Công tác", "Thăm thân", "Học tập", "Chữa bệnh", "Lao động", "Khác"}

func (k *Kind) confirmForm(r *web.Request, s store.SiteRow, v confirmValues, errs map[string]string) views.Form {
	now := k.d.Now()
	if v.Departure == "" {
		v.Departure = now.In(iddocZone()).AddDate(0, 0, 1).Format("2006-01-02")
	}
	if v.Arrival == "" {
		v.Arrival = now.In(iddocZone()).Format("2006-01-02T15:04")
	}
	if v.Reason == "" {
		v.Reason = reasons[0]
	}
	opt := func(vals ...string) []views.Option {
		var o []views.Option
		for i := 0; i+1 < len(vals); i += 2 {
			o = append(o, views.Option{Value: vals[i], Label: r.T.T(vals[i+1])})
		}
		return o
	}
	var reasonOpts []views.Option
	for _, re := range reasons {
		reasonOpts = append(reasonOpts, views.Option{Value: re, Label: re})
	}
	roomLabel := "acc.room"
	switch s.Kind {
	case "cruise":
		roomLabel = "acc.cabin"
	case "bus":
		roomLabel = "acc.seat"
	}
	fields := []views.Field{
		// a site with rooms needs one: the receptionist types it, then Enter saves
		{Name: "room", Label: r.T.T(roomLabel), Type: "text", Value: v.Room, Required: hasRooms(s.Kind), MaxLength: 40,
			Autofocus: hasRooms(s.Kind) && v.Room == ""},
		{Name: "document_type", Label: r.T.T("field.document_type"), Type: "select", Value: v.DocType,
			Options: opt("cccd", "acc.doc_cccd", "passport", "acc.doc_passport", "id_card", "acc.doc_id_card"), Required: true},
		{Name: "document_number", Label: r.T.T("field.document_number"), Type: "text", Value: v.Number, Required: true, MaxLength: 20},
		{Name: "full_name", Label: r.T.T("field.full_name"), Type: "text", Value: v.FullName, Required: true, MaxLength: 100},
		{Name: "birth_date", Label: r.T.T("field.birth_date"), Type: "date", Value: v.BirthDate, Required: true},
		{Name: "sex", Label: r.T.T("field.sex"), Type: "select", Value: v.Sex, Options: opt("M", "acc.sex_m", "F", "acc.sex_f"), Required: true},
		{Name: "nationality", Label: r.T.T("field.nationality"), Type: "text", Value: v.Nationality, Required: true, MaxLength: 3, Hint: r.T.T("acc.nationality_hint")},
		{Name: "address", Label: r.T.T("field.address"), Type: "text", Value: v.Address, MaxLength: stays.MaxAddress},
		{Name: "arrival", Label: r.T.T("acc.arrival"), Type: "datetime-local", Value: v.Arrival, Required: true},
		{Name: "expected_departure", Label: r.T.T("acc.expected_departure"), Type: "date", Value: v.Departure, Required: true},
		{Name: "reason", Label: r.T.T("acc.reason"), Type: "select", Value: v.Reason, Options: reasonOpts, Required: true},
		{Name: "old_number", Type: "hidden", Value: v.OldNumber},
		{Name: "issue_date", Type: "hidden", Value: v.IssueDate},
		{Name: "source", Type: "hidden", Value: v.Source},
		{Name: "_csrf", Type: "hidden", Value: r.CSRF},
	}
	if hasTrips(s.Kind) {
		trips, _ := ListTrips(r.Tx, r.Tenant.ID, s.ID, 20)
		opts := []views.Option{{Value: "", Label: r.T.T("form.choose")}}
		for _, t := range trips {
			opts = append(opts, views.Option{Value: itoa(t.ID), Label: r.T.DateTime(t.DepartsAt) + " · " + t.Route + " · " + t.Vehicle})
		}
		fields = append([]views.Field{{Name: "trip_id", Label: r.T.T("field.trip_id"), Type: "select", Value: v.TripID, Options: opts,
			Required: true, Hint: r.T.T("trip.pick_hint")}}, fields...)
	}
	for i := range fields {
		if msg, ok := errs[fields[i].Name]; ok {
			fields[i].Error = msg
		}
	}
	return views.Form{ID: "confirm-form", Action: siteHref(r, s.ID, "/checkin"), Submit: r.T.T("acc.confirm_save"),
		Fields: fields, Target: "#confirm", FocusSubmit: !hasRooms(s.Kind) || v.Room != ""}
}

// fieldMessages translates iddoc and store errors into messages by form field.
func fieldMessages(r *web.Request, err error) (map[string]string, []string, bool) {
	out := map[string]string{}
	var lines []string
	suspicious := false
	add := func(field, msg string) {
		if _, seen := out[field]; !seen {
			out[field] = msg
		}
		lines = append(lines, r.T.T("field."+field)+": "+msg)
	}
	switch e := err.(type) {
	case *iddoc.Errors:
		suspicious = e.Suspicious
		for _, f := range e.List {
			add(f.Field, r.T.T(f.Code, f.Args...))
		}
	case store.Invalid:
		for f, code := range e {
			add(f, r.T.T(code))
		}
	default:
		return nil, nil, false
	}
	return out, lines, suspicious
}

func iddocZone() *time.Location { return zone }
