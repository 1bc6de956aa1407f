package accommodation

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/iddoc"
	"portal06/app/stays"
	"portal06/app/web"
	"portal06/tenants/accommodation/ui"
)

func formValues(c *fiber.Ctx) confirmValues {
	f := func(n string) string { return web.Form(c, n) }
	return confirmValues{DocType: f("document_type"), Number: f("document_number"), FullName: f("full_name"), BirthDate: f("birth_date"),
		Sex: f("sex"), Nationality: f("nationality"), Address: f("address"), OldNumber: f("old_number"), IssueDate: f("issue_date"),
		Room: f("room"), Arrival: f("arrival"), Departure: f("expected_departure"), Reason: f("reason"), Source: f("source"),
		TripID: f("trip_id")}
}

// identityOf validates the confirmed fields, which the receptionist may have corrected.
func (k *Kind) identityOf(v confirmValues) (iddoc.Identity, error) {
	id, err := iddoc.ParseManual(iddoc.Manual{DocType: v.DocType, Number: v.Number, FullName: v.FullName, BirthDate: v.BirthDate,
		Sex: v.Sex, Nationality: v.Nationality}, k.d.Now())
	id.Address, id.OldNumber = strings.TrimSpace(v.Address), strings.TrimSpace(v.OldNumber)
	if t, perr := time.Parse("2006-01-02", v.IssueDate); perr == nil {
		id.IssueDate = t
	}
	return id, err
}

// checkinSave saves the confirmed stay. htmx gets the saved panel and an
// event that clears the scan box for the next guest.
func (k *Kind) checkinSave(c *fiber.Ctx, r *web.Request) error {
	// the site is read only when the answer shows it: the check-in itself
	// finds it, under the request's scope, and checks its room and trip
	siteID, err := strconv.ParseInt(c.Params("site"), 10, 64)
	if err != nil || siteID <= 0 {
		return fiber.ErrNotFound
	}
	v := formValues(c)
	switch v.Source {
	case "qr", "mrz", "manual":
	default:
		v.Source = "manual"
	}
	id, idErr := k.identityOf(v)
	arrival, ok := stays.ParseArrival(v.Arrival)
	in := CheckInInput{SiteID: siteID, Room: v.Room, Identity: id, Source: v.Source, Arrival: arrival,
		ExpectedDeparture: v.Departure, Reason: v.Reason, UserID: r.User.UserID}
	in.TripID, _ = strconv.ParseInt(v.TripID, 10, 64)
	// every problem is reported at once: the document's, these, the stay's
	// (the site's room and trip among them)
	in.DocumentErr = idErr
	if !ok {
		in.DocumentErr = withProblem(in.DocumentErr, "arrival", "iddoc.date_invalid")
	}
	st, existing, err := k.checkIn(r.Ctx, r.Tx, r.Tenant.ID, in)
	if err == nil && !existing {
		if r.HTMX {
			c.Set("HX-Trigger", "portal:saved")
			return web.Render(c, r, fiber.StatusOK, ui.PanelView(ui.Panel{SavedName: st.FullName, SavedHref: stayHref(r, st.ID)}))
		}
		return c.Redirect(siteHref(r, siteID, "/checkin")+"?saved="+itoa(st.ID), fiber.StatusSeeOther)
	}
	errs, _, _ := fieldMessages(r, err)
	if err != nil && errs == nil {
		return err
	}
	// a site out of the scope, or of another tenant, is not found
	s, serr := k.site(c, r)
	if serr != nil {
		return serr
	}
	if existing {
		return k.panel(c, r, fiber.StatusOK, s, &ui.Panel{Notice: r.T.T("acc.already_in", "Name", st.FullName), ExistingHref: stayHref(r, st.ID)})
	}
	f := k.confirmForm(r, s, v, errs)
	f.FocusSubmit = false
	return k.panel(c, r, fiber.StatusUnprocessableEntity, s, &ui.Panel{Form: &f})
}
