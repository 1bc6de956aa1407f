package accommodation

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"portal06/app/iddoc"
	"portal06/app/national"
	"portal06/app/stays"
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
		lines, suspicious, ferr := refuse(r, s.ID, id, err, qr)
		if ferr != nil {
			return ferr
		}
		return k.panel(c, r, fiber.StatusUnprocessableEntity, s, &ui.Panel{Errors: lines, Suspicious: suspicious})
	}
	if open, err := openStayOf(r, s.ID, id); err != nil {
		return err
	} else if open != 0 {
		return k.panel(c, r, fiber.StatusOK, s, &ui.Panel{Notice: r.T.T("acc.already_in", "Name", id.FullName), ExistingHref: stayHref(r, open)})
	}
	v := valuesOf(id, source)
	v.TripID = web.Form(c, "trip_id")
	f := k.confirmForm(r, s, v, nil)
	return k.panel(c, r, fiber.StatusOK, s, &ui.Panel{Form: &f})
}

// refuse explains a refused card, field by field, and keeps a card that
// contradicts itself as a suspicious scan even though the request fails.
func refuse(r *web.Request, siteID int64, id iddoc.Identity, err error, raw string) ([]string, bool, error) {
	_, lines, suspicious := fieldMessages(r, err)
	if lines == nil {
		return nil, false, err
	}
	if suspicious {
		if err := recordSuspicious(r, siteID, id, err, raw); err != nil {
			return nil, false, err
		}
		r.KeepChanges() // the refusal is the answer, but the record stays
	}
	return lines, suspicious, nil
}

func openStayOf(r *web.Request, siteID int64, id iddoc.Identity) (int64, error) {
	var open int64
	err := r.Tx.Raw(`SELECT id FROM stays WHERE tenant_id = ? AND site_id = ? AND doc_type = ? AND doc_number = ? AND status = 'open'`,
		r.Tenant.ID, siteID, id.DocType, id.Number).Scan(&open).Error
	return open, err
}

func recordSuspicious(r *web.Request, siteID int64, id iddoc.Identity, err error, raw string) error {
	e, _ := err.(*iddoc.Errors)
	var reasons []string
	for _, f := range e.List {
		reasons = append(reasons, f.Field+":"+f.Code)
	}
	var birth any
	if !id.BirthDate.IsZero() {
		birth = id.BirthDate.Format("2006-01-02")
	}
	uid := int64(0)
	if r.User != nil {
		uid = r.User.UserID
	}
	return r.Tx.Exec(`INSERT INTO suspicious_scans (tenant_id, site_id, doc_number, full_name, birth_date, sex, reasons, raw, scanned_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.Tenant.ID, siteID, id.Number, id.FullName, birth, id.Sex,
		"{"+strings.Join(reasons, ",")+"}", raw, stays.NullUser(uid)).Error
}
