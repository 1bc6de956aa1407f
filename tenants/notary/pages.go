package notary

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"portal06/app/i18n"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/tenants/notary/ui"
	"portal06/views"
)

var zone = i18n.Zone

func actHref(r *web.Request, id int64) string {
	return "/t/" + r.Tenant.Slug + "/acts/" + strconv.FormatInt(id, 10)
}

func idParam(c *fiber.Ctx, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Params(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, fiber.ErrNotFound
	}
	return id, nil
}

// loadAct loads the :act of the path within the request's scope; any other is a 404.
func loadAct(c *fiber.Ctx, r *web.Request) (Act, error) {
	id, err := idParam(c, "act")
	if err != nil {
		return Act{}, err
	}
	a, err := GetAct(r.Tx, r.Scope, r.Tenant.ID, id)
	if errors.Is(err, ErrNotFound) {
		return a, fiber.ErrNotFound
	}
	return a, err
}

// offices are the tenant's notary offices the user may see.
func (k *Kind) offices(r *web.Request) ([]store.SiteRow, error) {
	rows, err := store.SitesPage(r.Tx, r.Scope, store.SiteFilter{TenantID: r.Tenant.ID, Kind: "notary_office"}, 1)
	return rows, err
}

// verdictOf puts a verdict into plain words.
func verdictOf(r *web.Request, code string, reasons, signals []string, name string) ui.Verdict {
	v := ui.Verdict{Code: code, Text: r.T.T("notary.verdict_" + code), Name: name}
	for _, re := range reasons {
		v.Reasons = append(v.Reasons, r.T.T("notary.reason_"+re))
	}
	for _, s := range signals {
		v.Signals = append(v.Signals, r.T.T("notary.signal_raised", "Kind", r.T.T("notary.signal_"+s)))
	}
	return v
}

// fieldMsgs translates field errors into messages by field.
func fieldMsgs(r *web.Request, bad store.Invalid) map[string]string {
	out := map[string]string{}
	for f, code := range bad {
		out[f] = r.T.T(code)
	}
	return out
}

func options(r *web.Request, prefix string, values []string) []views.Option {
	out := make([]views.Option, 0, len(values)+1)
	out = append(out, views.Option{Value: "", Label: r.T.T("form.choose")})
	for _, v := range values {
		out = append(out, views.Option{Value: v, Label: r.T.T(prefix + v)})
	}
	return out
}

func setErrors(fields []views.Field, errs map[string]string) {
	for i := range fields {
		if msg, ok := errs[fields[i].Name]; ok {
			fields[i].Error = msg
		}
	}
}

func propertyText(r *web.Request, a Act) string {
	var parts []string
	if a.LandCertificate != "" {
		parts = append(parts, r.T.T("notary.certificate_short", "Serial", a.LandCertificate))
	}
	if a.Parcel != "" {
		parts = append(parts, r.T.T("notary.parcel_short", "Parcel", a.Parcel, "Sheet", a.MapSheet))
	}
	return strings.Join(parts, " · ")
}

// may reports whether the request's role holds perm for act; the routes
// enforce permissions, this only decides what a page offers.
func (k *Kind) may(r *web.Request, perm, act string) bool {
	if k.Host.Pages == nil || k.Host.Pages.Authz() == nil {
		return false
	}
	return k.Host.Pages.Authz().Allow(r.Role, perm, act)
}

var gormSession = gorm.Session{}
