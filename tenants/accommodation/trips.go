package accommodation

import (
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
	"portal06/views"
)

// tripKinds are the site kinds whose guests travel on trips: buses and cruise boats.
var tripKinds = []string{"bus", "cruise"}

// hasTrips reports whether a site's guests travel on trips: buses and cruise boats.
func hasTrips(siteKind string) bool { return slices.Contains(tripKinds, siteKind) }

func (k *Kind) tripForm(r *web.Request, siteID int64, route, departs, vehicle string, errs map[string]string) views.Form {
	f := views.Form{ID: "trip-form", Action: siteHref(r, siteID, "/trips"), Submit: r.T.T("trip.create"), Fields: []views.Field{
		{Name: "route", Label: r.T.T("field.route"), Type: "text", Value: route, Required: true, Hint: r.T.T("trip.route_hint")},
		{Name: "departs_at", Label: r.T.T("field.departs_at"), Type: "datetime-local", Value: departs, Required: true},
		{Name: "vehicle", Label: r.T.T("field.vehicle"), Type: "text", Value: vehicle, Required: true, Hint: r.T.T("trip.vehicle_hint")},
		{Name: "_csrf", Type: "hidden", Value: r.CSRF},
	}}
	for i := range f.Fields {
		f.Fields[i].Error = errs[f.Fields[i].Name]
	}
	return f
}

// trips lists a bus's or a boat's trips and offers a new one.
func (k *Kind) trips(c *fiber.Ctx, r *web.Request) error {
	return k.renderTrips(c, r, fiber.StatusOK, nil)
}

func (k *Kind) renderTrips(c *fiber.Ctx, r *web.Request, status int, form *views.Form) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	if !hasTrips(s.Kind) {
		return fiber.ErrNotFound
	}
	trips, err := ListTrips(r.Tx, r.Tenant.ID, s.ID, 100)
	if err != nil {
		return err
	}
	t := &views.Table{ID: "trips", Empty: r.T.T("trip.none"), Headers: []string{r.T.T("field.departs_at"), r.T.T("field.route"),
		r.T.T("field.vehicle"), r.T.T("trip.passengers"), ""}}
	for _, tr := range trips {
		t.Rows = append(t.Rows, []views.Cell{{Text: r.T.DateTime(tr.DepartsAt), Href: siteHref(r, s.ID, "/trips/"+itoa(tr.ID))},
			{Text: tr.Route}, {Text: tr.Vehicle}, {Text: strconv.FormatInt(tr.Passengers, 10)},
			{Text: r.T.T("trip.board"), Href: siteHref(r, s.ID, "/checkin") + "?trip=" + itoa(tr.ID)}})
	}
	if form == nil {
		f := k.tripForm(r, s.ID, "", k.d.Now().In(zone).Add(time.Hour).Format("2006-01-02T15:04"), "", nil)
		form = &f
	}
	if r.HTMX && status == fiber.StatusUnprocessableEntity {
		return web.Render(c, r, status, views.FormView(*form))
	}
	p := k.s.Page(c, r, "trip.title", "Site", s.Name)
	scr := views.Screen{Sections: []views.Section{{ID: "list", Table: t}, {ID: "new-trip", Title: r.T.T("trip.create"), Form: form}}}
	return web.Render(c, r, status, views.ScreenView(p, scr))
}

func (k *Kind) tripCreate(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	if !hasTrips(s.Kind) {
		return fiber.ErrNotFound
	}
	route, departs, vehicle := web.Form(c, "route"), web.Form(c, "departs_at"), web.Form(c, "vehicle")
	if _, err := CreateTrip(r.Tx, r.Tenant.ID, s.ID, route, departs, vehicle); err != nil {
		msgs, _, _ := fieldMessages(r, err)
		if msgs == nil {
			return err
		}
		f := k.tripForm(r, s.ID, route, departs, vehicle, msgs)
		return k.renderTrips(c, r, fiber.StatusUnprocessableEntity, &f)
	}
	return web.Redirect(c, r, siteHref(r, s.ID, "/trips"))
}

// manifest lists a trip's passengers.
func (k *Kind) manifest(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(c.Params("trip"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	tr, err := GetTrip(r.Tx, r.Tenant.ID, s.ID, id)
	if err != nil {
		return err
	}
	passengers, err := TripPassengers(r.Tx, r.Tenant.ID, tr.ID)
	if err != nil {
		return err
	}
	t := &views.Table{ID: "manifest", Empty: r.T.T("trip.no_passengers"), Headers: []string{r.T.T("acc.seat"), r.T.T("field.full_name"),
		r.T.T("field.document_number"), r.T.T("field.nationality"), r.T.T("acc.notification")}}
	for _, row := range k.rows(r, passengers) {
		t.Rows = append(t.Rows, []views.Cell{{Text: row.Room}, {Text: row.Name, Href: row.Href}, {Text: row.Document}, {Text: row.Nationality}, {Text: row.Notify}})
	}
	p := k.s.Page(c, r, "trip.manifest", "Route", tr.Route, "At", r.T.DateTime(tr.DepartsAt))
	p.Section = s.Name + " · " + tr.Vehicle
	scr := views.Screen{Actions: []views.NavLink{{Label: r.T.T("trip.board"), Href: siteHref(r, s.ID, "/checkin") + "?trip=" + itoa(tr.ID)}},
		Sections: []views.Section{{ID: "passengers", Table: t}}}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(p, scr))
}
