package accommodation

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"portal06/app/iddoc"
	"portal06/app/national"
	"portal06/app/web"
	"portal06/tenants/accommodation/ui"
)

var zone = national.Zone

// readDocument reads what a scanner or camera sent: a CCCD QR, or a passport
// or ID card MRZ, typed as lines or as one run of 88 or 90 characters.
func readDocument(qr, mrz string, k *Kind) (iddoc.Identity, string, error) {
	return iddoc.Read(qr, mrz, k.d.Now())
}

// checkinScan reads a scanned card and shows it to be confirmed. A refused
// card explains each field; a card that contradicts itself is kept as a
// suspicious scan for the police.
func (k *Kind) checkinScan(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	qr, mrz := web.RawForm(c, "id_qr"), web.RawForm(c, "mrz")
	if strings.TrimSpace(qr) == "" && strings.TrimSpace(mrz) == "" {
		return k.panel(c, r, fiber.StatusUnprocessableEntity, s, &ui.Panel{Errors: []string{r.T.T("field.id_qr") + ": " + r.T.T("acc.scan_empty")}})
	}
	id, source, err := readDocument(qr, mrz, k)
	if err != nil {
		lines, suspicious, ferr := k.refuse(r, s.ID, id, err, qr)
		if ferr != nil {
			return ferr
		}
		return k.panel(c, r, fiber.StatusUnprocessableEntity, s, &ui.Panel{Errors: lines, Suspicious: suspicious})
	}
	if open, err := k.svc.OpenStay(r.Tx, r.Tenant.ID, s.ID, id.DocType, id.Number); err != nil {
		return err
	} else if open != 0 {
		return k.panel(c, r, fiber.StatusOK, s, &ui.Panel{Notice: r.T.T("acc.already_in", "Name", id.FullName), ExistingHref: stayHref(r, open)})
	}
	v := valuesOf(id, source)
	v.TripID = web.Form(c, "trip_id")
	f := k.confirmForm(r, s, v, nil)
	return k.panel(c, r, fiber.StatusOK, s, &ui.Panel{Form: &f})
}

// refuse explains a refused card, field by field; the service keeps a card
// that contradicts itself as a suspicious scan even though the request fails.
func (k *Kind) refuse(r *web.Request, siteID int64, id iddoc.Identity, err error, raw string) ([]string, bool, error) {
	_, lines, _ := fieldMessages(r, err)
	if lines == nil {
		return nil, false, err
	}
	uid := int64(0)
	if r.User != nil {
		uid = r.User.UserID
	}
	suspicious, serr := k.svc.RecordSuspicious(r.Tx, r.Tenant.ID, siteID, id, err, raw, uid)
	if serr != nil {
		return nil, false, serr
	}
	if suspicious {
		r.KeepChanges() // the refusal is the answer, but the record stays
	}
	return lines, suspicious, nil
}
