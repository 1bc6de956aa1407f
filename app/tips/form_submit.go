package tips

import (
	"errors"
	"io"
	"mime/multipart"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"portal06/app/i18n"
	"portal06/app/tips/ui"
	"portal06/app/web"
)

var phoneRe = regexp.MustCompile(`^\+?[0-9]{8,15}$`)

// formSubmit takes a tip: every field is checked first, then the form
// token and the limits, and the tip, its photos and its routing are saved
// in the request's one transaction, or nothing is.
func (h *Handlers) formSubmit(c *fiber.Ctx, r *web.Request) error {
	v := formValues{Category: web.Form(c, "category"), Description: web.Form(c, "description"), Area: web.Form(c, "area"),
		Address: web.Form(c, "address"), OccurredAt: web.Form(c, "occurred_at"), Name: web.Form(c, "reporter_name"),
		Phone: web.Form(c, "reporter_phone"), Keep: web.Form(c, "keep_location") == "on"}
	var site *Site
	if slug := web.Form(c, "site"); slug != "" {
		var err error
		if site, err = siteBySlug(r.Tx, slug, web.Form(c, "t")); err != nil {
			return err
		}
	}
	errs := map[string]string{}
	tip := Tip{Category: v.Category, Description: v.Description, Site: site}
	if !contains(Categories, v.Category) {
		errs["category"] = r.T.T("validation.choice")
	}
	switch n := utf8.RuneCountInString(v.Description); {
	case n == 0:
		errs["description"] = r.T.T("validation.required")
	case n > MaxDescription:
		errs["description"] = r.T.T("tips.too_long", "Max", MaxDescription, "Got", n)
	}
	if site != nil {
		tip.AreaID = site.AreaID
		v.Area = site.AreaCode
	} else if v.Area == "" {
		errs["area"] = r.T.T("validation.required")
	} else if a, err := areaByCode(r.Tx, v.Area); err != nil {
		return err
	} else if a == nil {
		errs["area"] = r.T.T("validation.choice")
	} else {
		tip.AreaID = a.ID
	}
	if n := utf8.RuneCountInString(v.Address); n > MaxAddress {
		errs["address"] = r.T.T("tips.too_long", "Max", MaxAddress, "Got", n)
	}
	tip.Address = v.Address
	if v.OccurredAt == "" {
		errs["occurred_at"] = r.T.T("validation.required")
	} else if at, err := parseWhen(v.OccurredAt); err != nil {
		errs["occurred_at"] = r.T.T("tips.bad_time")
	} else if at.After(h.now().Add(10 * time.Minute)) {
		errs["occurred_at"] = r.T.T("tips.future_time")
	} else if at.Before(h.now().AddDate(-5, 0, 0)) {
		errs["occurred_at"] = r.T.T("tips.old_time")
	} else {
		tip.OccurredAt = at
	}
	if n := utf8.RuneCountInString(v.Name); n > MaxName {
		errs["reporter_name"] = r.T.T("tips.too_long", "Max", MaxName, "Got", n)
	}
	tip.ReporterName = v.Name
	tip.ReporterPhone = strings.NewReplacer(" ", "", ".", "", "-", "").Replace(v.Phone)
	if tip.ReporterPhone != "" && !phoneRe.MatchString(tip.ReporterPhone) {
		errs["reporter_phone"] = r.T.T("tips.bad_phone")
	}
	photos, photoErr := h.readPhotos(c, r, v.Keep)

	device := c.Cookies(deviceCookie)
	formErr := ""
	token := web.Form(c, "form_token")
	switch err := h.token.Check(token, device, h.now()); {
	case errors.Is(err, ErrTooFast):
		formErr = r.T.T("tips.too_fast")
	case errors.Is(err, ErrExpired):
		formErr = r.T.T("tips.expired")
	case err != nil:
		formErr = r.T.T("tips.token_missing")
	}
	if len(errs) > 0 || photoErr != "" || formErr != "" {
		if formErr == "" {
			formErr = r.T.T("tips.fix_errors")
		}
		return h.renderForm(c, r, fiber.StatusUnprocessableEntity, site, v, errs, formErr, photoErr)
	}
	if used, err := tokenUsed(r.Tx, token); err != nil {
		return err
	} else if used {
		return h.renderForm(c, r, fiber.StatusConflict, site, v, nil, r.T.T("tips.already_sent"), "")
	}
	ipHash, devHash := hashFor(h.key, "ip", c.IP()), hashFor(h.key, "device", device)
	if ok, err := h.limits.AllowSubmit(r.Tx, ipHash, devHash); err != nil {
		return err
	} else if !ok {
		return h.renderForm(c, r, fiber.StatusTooManyRequests, site, v, nil, r.T.T("tips.too_many"), "")
	}
	display, hash := NewCode()
	tip.CodeHash = hash
	if _, _, err := insertTip(r.Tx, tip, photos); err != nil {
		return err
	}
	if err := record(r.Tx, actionSubmit, ipHash, devHash, token); err != nil {
		return err
	}
	return web.Render(c, r, fiber.StatusOK, ui.TipDone(h.s.Page(c, r, "tips.done_title"), display))
}

// readPhotos reads up to MaxPhotos photos of the multipart form; the
// message says what is wrong with the first bad one.
func (h *Handlers) readPhotos(c *fiber.Ctx, r *web.Request, keep bool) ([]Photo, string) {
	form, err := c.MultipartForm()
	if err != nil {
		return nil, "" // not multipart: no photos
	}
	var files []*multipart.FileHeader
	for _, f := range form.File["photos"] {
		if f.Size > 0 || f.Filename != "" {
			files = append(files, f)
		}
	}
	if len(files) > MaxPhotos {
		return nil, r.T.T("tips.photo_count", "Max", MaxPhotos)
	}
	var out []Photo
	for i, fh := range files {
		if fh.Size > MaxPhotoBytes {
			return nil, r.T.T("tips.photo_too_big", "N", i+1, "Name", fh.Filename)
		}
		f, err := fh.Open()
		if err != nil {
			return nil, r.T.T("tips.photo_broken", "N", i+1, "Name", fh.Filename)
		}
		data, err := io.ReadAll(io.LimitReader(f, MaxPhotoBytes+1))
		f.Close()
		if err != nil {
			return nil, r.T.T("tips.photo_broken", "N", i+1, "Name", fh.Filename)
		}
		p, err := ProcessPhoto(data, keep)
		switch {
		case errors.Is(err, ErrPhotoTooBig):
			return nil, r.T.T("tips.photo_too_big", "N", i+1, "Name", fh.Filename)
		case errors.Is(err, ErrPhotoType):
			return nil, r.T.T("tips.photo_type", "N", i+1, "Name", fh.Filename)
		case err != nil:
			return nil, r.T.T("tips.photo_broken", "N", i+1, "Name", fh.Filename)
		}
		out = append(out, p)
	}
	return out, ""
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// parseWhen reads a datetime-local value (seconds optional) in Vietnam's time.
func parseWhen(s string) (time.Time, error) {
	at, err := time.ParseInLocation("2006-01-02T15:04", s, i18n.Zone)
	if err != nil {
		at, err = time.ParseInLocation("2006-01-02T15:04:05", s, i18n.Zone)
	}
	return at, err
}
