package apartment

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"portal06/app/iddoc"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/policies"
	"portal06/tenants/apartment/ui"
	"portal06/views"
)

// Limits of the public self-registration pages: posts per client and poster
// per hour, and per poster per hour, counted in the database so that every
// instance shares them.
const (
	RatePerClient = 20
	RatePerPoster = 300
	rateWindow    = 3600
)

// RegisterPublic serves the self-registration pages a poster's QR opens.
func (k *Kind) RegisterPublic(r *web.Router) {
	r.Get("/r/:token", "public.apartment", k.publicPage)
	r.Get("/r/:token/manual", "public.apartment", k.publicManual)
	r.Post("/r/:token/scan", "public.apartment", k.publicScan)
	r.Post("/r/:token", "public.apartment", k.publicSave)
	r.Get("/r/:token/visitor", "public.apartment", k.visitorPage)
	r.Get("/r/:token/visitor/manual", "public.apartment", k.visitorManual)
	r.Post("/r/:token/visitor/scan", "public.apartment", k.visitorScan)
	r.Post("/r/:token/visitor", "public.apartment", k.visitorSave)
}

// posterSite is the site a poster opens, and the scope pinned to its tenant.
type posterSite struct {
	TenantID int64
	SiteID   int64
	PosterID int64
	Name     string
}

// openPoster finds the live poster of the path's token and pins the
// request to its tenant; an unknown or revoked token is a 404.
func (k *Kind) openPoster(c *fiber.Ctx, r *web.Request) (posterSite, error) {
	token := web.Param(c, "token")
	var p posterSite
	if len(token) < 20 || len(token) > 64 {
		return p, fiber.ErrNotFound
	}
	if err := r.Tx.Raw(`SELECT tenant_id, site_id, poster_id FROM apt_poster_site(?)`, token).Scan(&p).Error; err != nil {
		return p, fmt.Errorf("apartment: poster: %w", err)
	}
	if p.SiteID == 0 {
		return p, fiber.ErrNotFound
	}
	r.Scope = policies.Scope{Tenants: []int64{p.TenantID}, Pin: p.TenantID}
	if err := r.Scope.Apply(r.Tx, 0); err != nil {
		return p, err
	}
	if err := r.Tx.Raw(`SELECT name FROM sites WHERE tenant_id = ? AND id = ?`, p.TenantID, p.SiteID).Scan(&p.Name).Error; err != nil {
		return p, fmt.Errorf("apartment: poster site: %w", err)
	}
	return p, nil
}

// limited counts a post against the client's and the poster's limits.
func limited(c *fiber.Ctx, r *web.Request, p posterSite) (bool, error) {
	sum := sha256.Sum256([]byte(c.IP() + "|" + fmt.Sprint(p.PosterID)))
	for _, b := range []struct {
		key string
		max int
	}{{"selfreg:client:" + hex.EncodeToString(sum[:12]), RatePerClient}, {fmt.Sprintf("selfreg:poster:%d", p.PosterID), RatePerPoster}} {
		var ok bool
		if err := r.Tx.Raw(`SELECT apt_rate_hit(?, ?, ?)`, b.key, b.max, rateWindow).Scan(&ok).Error; err != nil {
			return false, fmt.Errorf("apartment: rate limit: %w", err)
		}
		if !ok {
			return true, nil
		}
	}
	return false, nil
}

func (k *Kind) publicData(c *fiber.Ctx, r *web.Request, p posterSite) ui.PublicData {
	base := posterPath(web.Param(c, "token"))
	return ui.PublicData{SiteName: p.Name, ScanAction: base + "/scan", ManualHref: base + "/manual", CSRF: r.CSRF,
		Intro: r.T.T("apt.self_intro", "Site", p.Name), OtherHref: base + "/visitor", OtherLabel: r.T.T("apt.visitor_report_link")}
}

func (k *Kind) renderPublic(c *fiber.Ctx, r *web.Request, status int, p posterSite, panel *ui.Panel, done bool) error {
	if r.HTMX && !done {
		return web.Render(c, r, status, ui.PanelView(*panel))
	}
	d := k.publicData(c, r, p)
	d.Panel = panel
	if done {
		d.Done = r.T.T("apt.self_received")
	}
	return web.Render(c, r, status, ui.PublicPage(k.Host.Pages.Page(c, r, "apt.self_title", "Site", p.Name), d))
}

func (k *Kind) publicPage(c *fiber.Ctx, r *web.Request) error {
	p, err := k.openPoster(c, r)
	if err != nil {
		return err
	}
	return k.renderPublic(c, r, fiber.StatusOK, p, nil, c.Query("sent") == "1")
}

func (k *Kind) publicManual(c *fiber.Ctx, r *web.Request) error {
	p, err := k.openPoster(c, r)
	if err != nil {
		return err
	}
	f := k.publicForm(c, r, residentValues{DocType: "cccd", Nationality: "VNM", Source: "manual"}, nil)
	return k.renderPublic(c, r, fiber.StatusOK, p, &ui.Panel{Form: &f}, false)
}

func (k *Kind) publicForm(c *fiber.Ctx, r *web.Request, v residentValues, errs map[string]string) views.Form {
	return k.residentForm(r, posterPath(web.Param(c, "token")), v, errs)
}

// publicScan reads the resident's own card; it shows only what the card says.
func (k *Kind) publicScan(c *fiber.Ctx, r *web.Request) error {
	p, err := k.openPoster(c, r)
	if err != nil {
		return err
	}
	if over, err := limited(c, r, p); err != nil || over {
		if over {
			r.KeepChanges()
			return fiber.NewError(fiber.StatusTooManyRequests, "too many requests")
		}
		return err
	}
	id, source, lines, err := k.readScan(c, r)
	if err != nil {
		return err
	}
	if lines != nil {
		r.KeepChanges() // the hit counts even though the scan is refused
		return k.renderPublic(c, r, fiber.StatusUnprocessableEntity, p, &ui.Panel{Errors: lines}, false)
	}
	f := k.publicForm(c, r, valuesOf(id, source), nil)
	return k.renderPublic(c, r, fiber.StatusOK, p, &ui.Panel{Form: &f}, false)
}

// publicSave files the request in the manager's queue. Its answer is the
// same whether or not the person already lives there, and shows nothing
// but what they sent.
func (k *Kind) publicSave(c *fiber.Ctx, r *web.Request) error {
	p, err := k.openPoster(c, r)
	if err != nil {
		return err
	}
	if over, err := limited(c, r, p); err != nil || over {
		if over {
			r.KeepChanges()
			return fiber.NewError(fiber.StatusTooManyRequests, "too many requests")
		}
		return err
	}
	v := formValues(c)
	v.Source = checkSource(v.Source)
	id, idErr := k.identityOf(v)
	bad := store.Invalid{}
	if _, err := k.unitOfTenant(r, p, v.Unit, bad); err != nil {
		return err
	}
	checkIdentityText(bad, id)
	moveIn := checkResidence(bad, v.Relation, v.ResidenceType, v.MoveIn, Day(k.Host.Now()))
	if idErr != nil || len(bad) > 0 {
		errs, _, ok := fieldMessages(r, iddoc.Merge(idErr, bad))
		if !ok {
			return idErr
		}
		r.KeepChanges()
		f := k.publicForm(c, r, v, errs)
		return k.renderPublic(c, r, fiber.StatusUnprocessableEntity, p, &ui.Panel{Form: &f}, false)
	}
	err = r.Tx.Exec(`INSERT INTO apt_selfregs (tenant_id, site_id, poster_id, unit_code, doc_type, doc_number, old_number, full_name,
			birth_date, sex, nationality, address, relation, residence_type, move_in, source)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.TenantID, p.SiteID, p.PosterID, NormCode(v.Unit), id.DocType, id.Number,
		id.OldNumber, id.FullName, id.BirthDate.Format("2006-01-02"), id.Sex, id.Nationality, id.Address, v.Relation, v.ResidenceType,
		moveIn.Format("2006-01-02"), v.Source).Error
	if err != nil {
		return fmt.Errorf("apartment: file self-registration: %w", err)
	}
	if r.HTMX {
		c.Set("HX-Redirect", posterPath(web.Param(c, "token"))+"?sent=1")
		return c.SendStatus(fiber.StatusOK)
	}
	return k.renderPublic(c, r, fiber.StatusOK, p, nil, true)
}

// unitOfTenant checks the unit code a resident typed against the poster's site.
func (k *Kind) unitOfTenant(r *web.Request, p posterSite, code string, bad store.Invalid) (Unit, error) {
	saved := r.Tenant
	r.Tenant = &web.Tenant{ID: p.TenantID}
	defer func() { r.Tenant = saved }()
	return k.unitOf(r, p.SiteID, code, bad)
}
