package accommodation

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"portal06/app/iddoc"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/tenants/accommodation/ui"
	"portal06/views"
)

// groupFields are carried by each row of a group list, in this order.
var groupFields = []string{"document_type", "document_number", "full_name", "birth_date", "sex", "nationality", "address",
	"old_number", "issue_date", "source"}

// postedRows reads the rows of the group list from the form.
func postedRows(c *fiber.Ctx) []confirmValues {
	args := c.Request().PostArgs()
	col := func(name string) []string {
		var out []string
		for _, v := range args.PeekMulti("g_" + name) {
			out = append(out, web.Clean(string(v)))
		}
		return out
	}
	cols := map[string][]string{}
	n := -1
	for _, f := range append(groupFields, "room") {
		cols[f] = col(f)
		if n < 0 || len(cols[f]) < n {
			n = len(cols[f])
		}
	}
	rows := make([]confirmValues, n)
	for i := range rows {
		g := func(f string) string { return cols[f][i] }
		rows[i] = confirmValues{DocType: g("document_type"), Number: g("document_number"), FullName: g("full_name"),
			BirthDate: g("birth_date"), Sex: g("sex"), Nationality: g("nationality"), Address: g("address"),
			OldNumber: g("old_number"), IssueDate: g("issue_date"), Source: g("source"), Room: g("room")}
	}
	return rows
}

func groupRow(v confirmValues, errMsg string) ui.GroupRow {
	return ui.GroupRow{Name: v.FullName, Document: iddoc.MaskNumber(v.Number), Room: v.Room, Error: errMsg, Hidden: map[string]string{
		"document_type": v.DocType, "document_number": v.Number, "full_name": v.FullName, "birth_date": v.BirthDate, "sex": v.Sex,
		"nationality": v.Nationality, "address": v.Address, "old_number": v.OldNumber, "issue_date": v.IssueDate, "source": v.Source}}
}

func (k *Kind) groupData(c *fiber.Ctx, r *web.Request, s store.SiteRow) ui.GroupData {
	d := ui.GroupData{Action: siteHref(r, s.ID, "/group"), AddAction: siteHref(r, s.ID, "/group/add"), CSRF: r.CSRF,
		Departure: web.Form(c, "expected_departure"), Reason: web.Form(c, "reason"), Reasons: reasons, Trip: web.Form(c, "trip_id")}
	if d.Departure == "" {
		d.Departure = k.d.Now().In(zone).AddDate(0, 0, 1).Format("2006-01-02")
	}
	if d.Trip == "" {
		d.Trip = web.Query(c, "trip")
	}
	if hasTrips(s.Kind) {
		trips, _ := ListTrips(r.Tx, r.Tenant.ID, s.ID, 20)
		d.Trips = []views.Option{{Value: "", Label: r.T.T("form.choose")}}
		for _, t := range trips {
			d.Trips = append(d.Trips, views.Option{Value: itoa(t.ID), Label: r.T.DateTime(t.DepartsAt) + " · " + t.Route + " · " + t.Vehicle})
		}
	}
	return d
}

// groupPage is the empty group check-in list.
func (k *Kind) groupPage(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	return web.Render(c, r, fiber.StatusOK, ui.GroupPage(k.s.Page(c, r, "group.title", "Site", s.Name), k.groupData(c, r, s)))
}

// groupAdd reads one more card into the list. htmx gets the new row alone;
// without JavaScript the whole page comes back with the list so far.
func (k *Kind) groupAdd(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	rows := postedRows(c)
	d := k.groupData(c, r, s)
	for _, v := range rows {
		d.Rows = append(d.Rows, groupRow(v, ""))
	}
	fail := func(lines []string) error {
		if r.HTMX {
			c.Set("HX-Retarget", "#group-errors")
			c.Set("HX-Reswap", "innerHTML")
			return web.Render(c, r, fiber.StatusUnprocessableEntity, ui.GroupErrors(lines))
		}
		d.Errors = lines
		return web.Render(c, r, fiber.StatusUnprocessableEntity, ui.GroupPage(k.s.Page(c, r, "group.title", "Site", s.Name), d))
	}
	qr, mrz := web.RawForm(c, "id_qr"), web.RawForm(c, "mrz")
	if qr == "" && mrz == "" {
		return fail([]string{r.T.T("field.id_qr") + ": " + r.T.T("acc.scan_empty")})
	}
	id, source, err := readDocument(qr, mrz, k)
	if err != nil {
		lines, suspicious, ferr := k.refuse(r, s.ID, id, err, qr)
		if ferr != nil {
			return ferr
		}
		if suspicious {
			lines = append([]string{r.T.T("acc.suspicious")}, lines...)
		}
		return fail(lines)
	}
	for _, v := range rows {
		if v.DocType == id.DocType && v.Number == id.Number {
			return fail([]string{r.T.T("group.duplicate", "Name", id.FullName)})
		}
	}
	row := groupRow(valuesOf(id, source), "")
	if r.HTMX {
		c.Set("HX-Trigger", "portal:added")
		return web.Render(c, r, fiber.StatusOK, ui.GroupRowView(row))
	}
	d.Rows = append(d.Rows, row)
	return web.Render(c, r, fiber.StatusOK, ui.GroupPage(k.s.Page(c, r, "group.title", "Site", s.Name), d))
}

// groupSave checks the whole list in, in one transaction: every guest or none.
func (k *Kind) groupSave(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	rows := postedRows(c)
	d := k.groupData(c, r, s)
	tripID, _ := strconv.ParseInt(d.Trip, 10, 64)
	var problems []string
	if len(rows) == 0 {
		problems = append(problems, r.T.T("group.empty"))
	}
	if hasTrips(s.Kind) && tripID == 0 {
		problems = append(problems, r.T.T("field.trip_id")+": "+r.T.T("trip.required"))
	}
	now := k.d.Now()
	failed := false
	saved, existed := 0, 0
	for _, v := range rows {
		msg := ""
		id, err := k.identityOf(v)
		if err == nil && len(problems) == 0 && !failed {
			_, existing, cerr := k.checkIn(r.Ctx, r.Tx, r.Tenant.ID, CheckInInput{SiteID: s.ID, TripID: tripID, Room: v.Room,
				Identity: id, Source: v.Source, Arrival: now, ExpectedDeparture: d.Departure, Reason: d.Reason, UserID: r.User.UserID})
			err = cerr
			switch {
			case err == nil && existing:
				msg = r.T.T("acc.already_in", "Name", id.FullName)
				existed++
			case err == nil:
				saved++
			}
		}
		if err != nil {
			_, lines, _ := fieldMessages(r, err)
			if lines == nil {
				return err
			}
			msg = lines[0]
			failed = true
		}
		d.Rows = append(d.Rows, groupRow(v, msg))
	}
	if failed || len(problems) > 0 {
		// nothing of the list is kept: the transaction rolls back on 422
		d.Errors = append(problems, r.T.T("group.not_saved"))
		return web.Render(c, r, fiber.StatusUnprocessableEntity, ui.GroupPage(k.s.Page(c, r, "group.title", "Site", s.Name), d))
	}
	return web.Redirect(c, r, siteHref(r, s.ID, "/board")+"?saved="+strconv.Itoa(saved)+"&existing="+strconv.Itoa(existed))
}
