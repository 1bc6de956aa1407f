package notary

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

// actList lists the office's acts, newest first, with the form that records one.
func (k *Kind) actList(c *fiber.Ctx, r *web.Request) error {
	return k.renderActs(c, r, fiber.StatusOK, ActInput{}, nil)
}

func (k *Kind) actForm(r *web.Request, in ActInput, errs map[string]string) (views.Form, error) {
	sites, err := k.offices(r)
	if err != nil {
		return views.Form{}, err
	}
	siteOpts := []views.Option{}
	for _, s := range sites {
		siteOpts = append(siteOpts, views.Option{Value: strconv.FormatInt(s.ID, 10), Label: s.Name})
	}
	site := ""
	if in.SiteID > 0 {
		site = strconv.FormatInt(in.SiteID, 10)
	}
	fields := []views.Field{
		{Name: "site", Label: r.T.T("notary.office"), Type: "select", Value: site, Options: siteOpts, Required: true},
		{Name: "act_type", Label: r.T.T("notary.act_type"), Type: "select", Value: in.ActType, Options: options(r, "notary.type_", ActTypes), Required: true},
		{Name: "number", Label: r.T.T("notary.act_number"), Type: "text", Value: in.Number, Required: true, Hint: r.T.T("notary.act_number_hint")},
		{Name: "land_certificate", Label: r.T.T("notary.land_certificate"), Type: "text", Value: in.LandCertificate, Hint: r.T.T("notary.land_certificate_hint")},
		{Name: "parcel", Label: r.T.T("notary.parcel"), Type: "text", Value: in.Parcel},
		{Name: "map_sheet", Label: r.T.T("notary.map_sheet"), Type: "text", Value: in.MapSheet},
		{Name: "_csrf", Type: "hidden", Value: r.CSRF},
	}
	setErrors(fields, errs)
	return views.Form{ID: "act-form", Action: "/t/" + r.Tenant.Slug + "/acts", Submit: r.T.T("notary.act_create"), Fields: fields}, nil
}

func (k *Kind) renderActs(c *fiber.Ctx, r *web.Request, status int, in ActInput, errs map[string]string) error {
	f, err := k.actForm(r, in, errs)
	if err != nil {
		return err
	}
	if r.HTMX && status == fiber.StatusUnprocessableEntity {
		return web.Render(c, r, status, views.FormView(f))
	}
	pg := web.PageNum(c)
	acts, total, err := ListActs(r.Tx, r.Scope, r.Tenant.ID, ActFilter{}, pg, store.PerPage)
	if err != nil {
		return err
	}
	t := &views.Table{ID: "acts", Empty: r.T.T("notary.no_acts"), Headers: []string{r.T.T("notary.created"), r.T.T("notary.act_number"),
		r.T.T("notary.act_type"), r.T.T("notary.property"), r.T.T("notary.office"), r.T.T("notary.parties"), r.T.T("field.status")}}
	for _, a := range acts {
		t.Rows = append(t.Rows, []views.Cell{{Text: r.T.DateTime(a.CreatedAt)}, {Text: a.Number, Href: actHref(r, a.ID)},
			{Text: r.T.T("notary.type_" + a.ActType)}, {Text: propertyText(r, a)}, {Text: a.SiteName},
			{Text: strconv.Itoa(a.Parties)}, {Text: actStatus(r, a)}})
	}
	scr := views.Screen{
		Actions: []views.NavLink{{Label: r.T.T("notary.board_link"), Href: "/t/" + r.Tenant.Slug + "/board"}},
		Sections: []views.Section{{ID: "new-act", Title: r.T.T("notary.act_new"), Form: &f},
			{ID: "act-list", Title: r.T.T("notary.acts_title"), Table: t,
				Pager: &views.Pager{Page: pg, PerPage: store.PerPage, Total: total, BaseHref: "/t/" + r.Tenant.Slug + "/acts?"}}},
	}
	return web.Render(c, r, status, views.ScreenView(k.Host.Pages.Page(c, r, "notary.acts_title"), scr))
}

func actStatus(r *web.Request, a Act) string {
	switch {
	case a.Status == "completed" && a.OverrideReason != "":
		return r.T.T("notary.status_overridden")
	case a.Status == "completed":
		return r.T.T("notary.status_completed")
	case a.NotMatched > 0:
		return r.T.T("notary.status_open_unchecked", "Count", a.NotMatched)
	}
	return r.T.T("notary.status_open")
}

// actCreate records an act and opens it to add its parties.
func (k *Kind) actCreate(c *fiber.Ctx, r *web.Request) error {
	in := ActInput{ActType: web.Form(c, "act_type"), Number: web.Form(c, "number"), LandCertificate: web.Form(c, "land_certificate"),
		Parcel: web.Form(c, "parcel"), MapSheet: web.Form(c, "map_sheet"), At: k.Host.Now()}
	if id, err := strconv.ParseInt(web.Form(c, "site"), 10, 64); err == nil && id > 0 {
		if _, err := store.GetSite(r.Tx, r.Scope, r.Tenant.ID, id); err == nil {
			in.SiteID = id
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	id, err := CreateAct(r.Tx, r.Tenant.ID, r.User.UserID, in)
	var bad store.Invalid
	if errors.As(err, &bad) {
		in.Normalize()
		return k.renderActs(c, r, fiber.StatusUnprocessableEntity, in, fieldMsgs(r, bad))
	}
	if err != nil {
		return err
	}
	return web.Redirect(c, r, actHref(r, id))
}
