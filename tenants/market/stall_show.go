package market

import (
	"errors"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"
	qrcode "github.com/skip2/go-qrcode"

	"portal06/app/web"
	"portal06/tenants/market/ui"
	"portal06/tenants/market/vietqr"
)

func (k *Kind) stallPage(r *web.Request, s Stall) ui.StallPage {
	T := r.T.T
	d := ui.StallPage{Code: s.Code, Market: s.SiteName, Zone: s.Zone, Category: T("market.cat_" + s.Category), HolderName: s.HolderName,
		HolderPhone: s.HolderPhone, MaskedID: s.MaskedID(), Bank: s.BankName(), BIN: deref(s.BankBIN), Account: deref(s.Account), Card: s.Card,
		QRImage: stallHref(r, s.ID, "/qr.png"), PosterHref: stallHref(r, s.ID, "/poster"), EditHref: stallHref(r, s.ID, "/edit"),
		GenerateAction: stallHref(r, s.ID, "/qr"), RegisterAction: stallHref(r, s.ID, "/register"), InspectAction: stallHref(r, s.ID, "/inspect"),
		CSRF: r.CSRF, Accepts: T("market.no"), CanGenerate: s.BankBIN != nil && s.Account != nil && deref(s.QRSource) != "generated"}
	if s.Card {
		d.Account += " (" + T("market.card") + ")"
	}
	if s.HasQR() {
		d.Payload = *s.QRPayload
		d.QRSource = T("market.qr_" + deref(s.QRSource))
	}
	if s.AcceptsCashless {
		d.Accepts = T("market.yes")
	}
	if s.InspectedOn != nil {
		d.Inspected = r.T.Date(*s.InspectedOn) + " · " + deref(s.InspectedBy)
	}
	return d
}

// stallShow shows a stall with its QR, the scan box and the inspection tick.
func (k *Kind) stallShow(c *fiber.Ctx, r *web.Request) error {
	s, err := k.stall(c, r)
	if err != nil {
		return err
	}
	d := k.stallPage(r, s)
	if n := c.Query("done"); n == "generated" || n == "registered" || n == "inspected" {
		d.Notice = r.T.T("market.done_" + n)
	}
	return web.Render(c, r, fiber.StatusOK, ui.StallView(k.Host.Pages.Page(c, r, "market.stall_title", "Code", s.Code), d))
}

// stallGenerateQR builds the stall's static VietQR from its bank account.
func (k *Kind) stallGenerateQR(c *fiber.Ctx, r *web.Request) error {
	s, err := k.stall(c, r)
	if err != nil {
		return err
	}
	if err := setDay(r.Tx, k.now()); err != nil {
		return err
	}
	if _, err := SetGeneratedQR(r.Tx, r.Tenant.ID, s.ID); errors.Is(err, ErrNoAccount) {
		d := k.stallPage(r, s)
		d.ScanError = r.T.T("market.need_account")
		return web.Render(c, r, fiber.StatusUnprocessableEntity, ui.StallView(k.Host.Pages.Page(c, r, "market.stall_title", "Code", s.Code), d))
	} else if err != nil {
		return err
	}
	return web.Redirect(c, r, stallHref(r, s.ID, "?done=generated"))
}

// scanMessage translates why a scanned code was refused.
func scanMessage(r *web.Request, err error) string {
	var de *vietqr.DecodeError
	if !errors.As(err, &de) {
		return r.T.T("market.scan_bad", "Reason", err.Error())
	}
	switch de.Kind {
	case vietqr.ErrCRC:
		return r.T.T("market.scan_crc", "Got", de.Got, "Want", de.Want)
	case vietqr.ErrLength:
		return r.T.T("market.scan_length", "Tag", de.Tag)
	case vietqr.ErrMissing:
		return r.T.T("market.scan_missing", "Tag", de.Tag)
	case vietqr.ErrGUID:
		return r.T.T("market.scan_guid", "Got", de.Got)
	}
	return r.T.T("market.scan_bad", "Reason", de.Error())
}

// stallRegisterQR keeps a bank's existing QR, read by camera or scanner:
// decoded, checked, its bank and account filled in; a bad code is refused
// with the reason.
func (k *Kind) stallRegisterQR(c *fiber.Ctx, r *web.Request) error {
	s, err := k.stall(c, r)
	if err != nil {
		return err
	}
	payload := web.RawForm(c, "payload")
	var msg string
	var dec vietqr.Decoded
	if len(payload) > 512 {
		msg = r.T.T("market.scan_too_long")
	} else if dec, err = vietqr.Decode(payload); err != nil {
		msg = scanMessage(r, err)
	} else if dec.Initiation != "static" {
		msg = r.T.T("market.scan_dynamic")
	} else if vietqr.BankName(dec.BIN) == "" {
		msg = r.T.T("market.scan_unknown_bank", "BIN", dec.BIN)
	} else if vietqr.Validate(dec) != nil {
		msg = r.T.T("market.err_account")
	}
	if msg != "" {
		d := k.stallPage(r, s)
		d.ScanError = msg
		return web.Render(c, r, fiber.StatusUnprocessableEntity, ui.StallView(k.Host.Pages.Page(c, r, "market.stall_title", "Code", s.Code), d))
	}
	if err := setDay(r.Tx, k.now()); err != nil {
		return err
	}
	if err := SetRegisteredQR(r.Tx, r.Tenant.ID, s.ID, trimPayload(payload), dec); err != nil {
		return err
	}
	return web.Redirect(c, r, stallHref(r, s.ID, "?done=registered"))
}

// stallInspect records the inspection tick: does the stall accept cashless.
func (k *Kind) stallInspect(c *fiber.Ctx, r *web.Request) error {
	s, err := k.stall(c, r)
	if err != nil {
		return err
	}
	v := web.Form(c, "accepts")
	if v != "yes" && v != "no" {
		return fiber.ErrUnprocessableEntity
	}
	if err := setDay(r.Tx, k.now()); err != nil {
		return err
	}
	if err := Inspect(r.Tx, s, v == "yes", k.now(), r.User.FullName); err != nil {
		return err
	}
	return web.Redirect(c, r, stallHref(r, s.ID, "?done=inspected"))
}

// sendQR answers a PNG of payload, never cached by shared caches.
func sendQR(c *fiber.Ctx, payload string, size int) error {
	png, err := qrcode.Encode(payload, qrcode.Medium, size)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/png")
	c.Set(fiber.HeaderCacheControl, "private, max-age=300")
	return c.Send(png)
}

// stallQRImage serves the stall's QR as a PNG.
func (k *Kind) stallQRImage(c *fiber.Ctx, r *web.Request) error {
	s, err := k.stall(c, r)
	if err != nil {
		return err
	}
	if !s.HasQR() {
		return fiber.ErrNotFound
	}
	size := 512
	if n, err := strconv.Atoi(c.Query("size")); err == nil && n >= 128 && n <= 1024 {
		size = n
	}
	return sendQR(c, *s.QRPayload, size)
}

func (k *Kind) poster(r *web.Request, s Stall) ui.Poster {
	acc := deref(s.Account)
	return ui.Poster{Code: s.Code, Market: s.SiteName, Zone: s.Zone, HolderName: s.HolderName, Bank: s.BankName(), Account: acc,
		QRImage: stallHref(r, s.ID, "/qr.png?size=768"), Payload: deref(s.QRPayload)}
}

// stallPoster prints one stall's A4 poster.
func (k *Kind) stallPoster(c *fiber.Ctx, r *web.Request) error {
	s, err := k.stall(c, r)
	if err != nil {
		return err
	}
	if !s.HasQR() {
		return fiber.ErrNotFound
	}
	d := ui.PosterPage{Lang: r.T.Lang(), Title: r.T.T("market.poster_title", "Code", s.Code), PerPage: 1,
		Posters: []ui.Poster{k.poster(r, s)}, BackHref: stallHref(r, s.ID, "")}
	return web.Render(c, r, fiber.StatusOK, ui.PosterSheet(d))
}

// zonePosters prints the posters of a zone's stalls with a QR, four an A4 page.
func (k *Kind) zonePosters(c *fiber.Ctx, r *web.Request) error {
	site, _ := strconv.ParseInt(c.Query("site"), 10, 64)
	zone := web.Query(c, "zone")
	if site <= 0 || zone == "" || len([]rune(zone)) > 40 {
		return fiber.ErrNotFound
	}
	stalls, _, err := ListStalls(r.Tx, r.Tenant.ID, StallFilter{SiteID: site, Zone: zone}, 1, 1000)
	if err != nil {
		return err
	}
	d := ui.PosterPage{Lang: r.T.Lang(), Title: r.T.T("market.zone_posters_title", "Zone", zone), PerPage: 4,
		BackHref: base(r) + "stalls?" + url.Values{"site": {itoa(site)}, "zone": {zone}}.Encode(), Empty: r.T.T("market.no_posters")}
	for _, s := range stalls {
		if s.HasQR() {
			d.Posters = append(d.Posters, k.poster(r, s))
		}
	}
	return web.Render(c, r, fiber.StatusOK, ui.PosterSheet(d))
}
