package apartment

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"portal06/app/iddoc"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

// site loads the :site of the path within the request's scope; a site of
// another tenant, outside a staff member's sites or unknown is a 404.
func (k *Kind) site(c *fiber.Ctx, r *web.Request) (store.SiteRow, error) {
	id, err := strconv.ParseInt(c.Params("site"), 10, 64)
	if err != nil || id <= 0 {
		return store.SiteRow{}, fiber.ErrNotFound
	}
	s, err := store.GetSite(r.Tx, r.Scope, r.Tenant.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return s, fiber.ErrNotFound
	}
	return s, err
}

// sitePick goes straight to the only site's board, or lets the user pick one.
func (k *Kind) sitePick(c *fiber.Ctx, r *web.Request) error {
	rows, err := store.SitesPage(r.Tx, r.Scope, store.SiteFilter{TenantID: r.Tenant.ID}, 1)
	if err != nil {
		return err
	}
	if len(rows) == 1 {
		return c.Redirect(siteHref(r, rows[0].ID, "/board"), fiber.StatusSeeOther)
	}
	t := &views.Table{ID: "sites", Empty: r.T.T("sites.none"), Headers: []string{r.T.T("sites.name")}}
	for _, s := range rows {
		t.Rows = append(t.Rows, []views.Cell{{Text: s.Name, Href: siteHref(r, s.ID, "/board")}})
	}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(k.Host.Pages.Page(c, r, "apt.pick_site"), views.Screen{Sections: []views.Section{{ID: "pick", Table: t}}}))
}

func siteHref(r *web.Request, siteID int64, rest string) string {
	return "/t/" + r.Tenant.Slug + "/blocks/" + itoa(siteID) + rest
}

func residentHref(r *web.Request, id int64) string {
	return "/t/" + r.Tenant.Slug + "/residents/" + itoa(id)
}

func unitHref(r *web.Request, id int64) string { return "/t/" + r.Tenant.Slug + "/units/" + itoa(id) }

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// coreFields are form fields whose labels the core's messages hold.
var coreFields = map[string]bool{"document_type": true, "document_number": true, "full_name": true, "birth_date": true, "sex": true,
	"nationality": true, "address": true, "id_qr": true, "mrz": true, "code": true, "old_number": true}

// label is the translated label of a form field.
func label(r *web.Request, field string) string {
	if strings.ContainsAny(field, "-ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		return field // a header name, such as Idempotency-Key
	}
	if coreFields[field] {
		return r.T.T("field." + field)
	}
	return r.T.T("apt.f_" + field)
}

// fieldMessages translates iddoc and store errors into messages by form
// field, and lines that name the field; ok is false for any other error.
func fieldMessages(r *web.Request, err error) (map[string]string, []string, bool) {
	out := map[string]string{}
	var lines []string
	add := func(field, msg string) {
		if _, seen := out[field]; !seen {
			out[field] = msg
		}
		lines = append(lines, label(r, field)+": "+msg)
	}
	var ie *iddoc.Errors
	var inv store.Invalid
	switch {
	case errors.As(err, &ie):
		for _, f := range ie.List {
			add(f.Field, r.T.T(f.Code, f.Args...))
		}
	case errors.As(err, &inv):
		for f, code := range inv {
			add(f, r.T.T(code))
		}
	default:
		return nil, nil, false
	}
	return out, lines, true
}

// options builds select options whose labels are message ids prefix+value.
func options(r *web.Request, prefix string, values []string) []views.Option {
	out := make([]views.Option, len(values))
	for i, v := range values {
		out[i] = views.Option{Value: v, Label: r.T.T(prefix + v)}
	}
	return out
}

func withErrors(fields []views.Field, errs map[string]string) []views.Field {
	for i := range fields {
		if msg, ok := errs[fields[i].Name]; ok {
			fields[i].Error = msg
		}
	}
	return fields
}
