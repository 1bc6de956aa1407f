package accommodation

import (
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	qrcode "github.com/skip2/go-qrcode"

	"portal06/app/auth"
	"portal06/app/live"
	"portal06/app/web"
	"portal06/tenants/accommodation/ui"
)

// PairingLife is how long a phone stays paired with a desk.
const PairingLife = 12 * time.Hour

// findPairing returns the live pairing of token, which must be the
// signed-in user's own; anything else is a 404.
func findPairing(c *fiber.Ctx, r *web.Request) (pairing, error) {
	p, err := livePairing(r.Tx, r.Tenant.ID, auth.HashToken(c.Params("token")))
	if err != nil {
		return p, err
	}
	if p.UserID != r.User.UserID {
		return p, fiber.ErrNotFound
	}
	return p, nil
}

func topic(p pairing) string { return fmt.Sprintf("pair:%d", p.ID) }

// pairDesk starts a pairing and shows the check-in page with its QR code;
// the page then listens for the phone's scans.
func (k *Kind) pairDesk(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	if k.d.Live == nil {
		return fiber.NewError(fiber.StatusServiceUnavailable, "live events are not running")
	}
	token := auth.NewToken()
	if err := createPairing(r.Tx, r.Tenant.ID, s.ID, r.User.UserID, auth.HashToken(token), k.d.Now().Add(PairingLife)); err != nil {
		return err
	}
	phone := k.d.Host.Config.BaseURL() + k.base(r) + "pair/" + token // not the request's Host: a forged one would send the phone elsewhere
	png, err := qrcode.Encode(phone, qrcode.Medium, 320)
	if err != nil {
		return fmt.Errorf("accommodation: draw pairing code: %w", err)
	}
	recent, err := k.recent(r, s.ID)
	if err != nil {
		return err
	}
	d := ui.CheckinData{SiteName: s.Name, ScanAction: siteHref(r, s.ID, "/checkin/scan"), ManualHref: siteHref(r, s.ID, "/checkin/manual"),
		BoardHref: siteHref(r, s.ID, "/board"), GroupHref: siteHref(r, s.ID, "/group"), CSRF: r.CSRF, Recent: recent,
		PairQR: "data:image/png;base64," + base64.StdEncoding.EncodeToString(png), PairURL: phone,
		EventsURL: k.base(r) + "pair/" + token + "/events"}
	return web.Render(c, r, fiber.StatusOK, ui.CheckinPage(k.s.Page(c, r, "acc.checkin_title", "Site", s.Name), d))
}

// pairPhone is the phone's page: a camera and a scan box that send each
// card to the paired desk.
func (k *Kind) pairPhone(c *fiber.Ctx, r *web.Request) error {
	p, err := findPairing(c, r)
	if err != nil {
		return err
	}
	d := ui.PhoneData{Action: k.base(r) + "pair/" + c.Params("token") + "/scan", CSRF: r.CSRF}
	return web.Render(c, r, fiber.StatusOK, ui.PhonePage(k.s.Page(c, r, "pair.phone_title", "Site", p.SiteName), d))
}

// pairScan relays a card scanned on the phone to the desk, through
// PostgreSQL, so the desk may be served by another instance.
func (k *Kind) pairScan(c *fiber.Ctx, r *web.Request) error {
	p, err := findPairing(c, r)
	if err != nil {
		return err
	}
	raw := strings.TrimSpace(web.RawForm(c, "id_qr"))
	if mrz := strings.TrimSpace(web.RawForm(c, "mrz")); raw == "" && mrz != "" {
		raw = strings.Join(strings.Fields(mrz), "")
	}
	if raw == "" || len(raw) > 2000 {
		return web.Render(c, r, fiber.StatusUnprocessableEntity, ui.PhoneSent(r.T.T("field.id_qr")+": "+r.T.T("acc.scan_empty"), false))
	}
	if err := live.Publish(r.Tx, topic(p), raw); err != nil {
		return err
	}
	c.Set("HX-Trigger", "portal:saved")
	return web.Render(c, r, fiber.StatusOK, ui.PhoneSent(r.T.T("pair.sent"), true))
}

// pairEvents streams the phone's scans to the desk as server-sent events.
func (k *Kind) pairEvents(c *fiber.Ctx, r *web.Request) error {
	p, err := findPairing(c, r)
	if err != nil {
		return err
	}
	if k.d.Live == nil {
		return fiber.ErrServiceUnavailable
	}
	events, cancel := k.d.Live.Subscribe(topic(p))
	return k.s.StreamEvents(c, events, cancel, "", PairingLife)
}
