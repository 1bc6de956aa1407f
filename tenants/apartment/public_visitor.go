package apartment

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"portal06/app/iddoc"
	"portal06/app/national"
	"portal06/app/stays"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/tenants/apartment/ui"
	"portal06/views"
)

// The host resident reports an overnight visitor from the poster's page:
// the report waits in the manager's queue, whose confirmation records the
// visitor's stay through the core's pipeline. Like self-registration it
// needs no account and its answer reveals nothing about who lives there.

func (k *Kind) visitorData(c *fiber.Ctx, r *web.Request, p posterSite) ui.PublicData {
	base := posterPath(web.Param(c, "token"))
	return ui.PublicData{SiteName: p.Name, ScanAction: base + "/visitor/scan", ManualHref: base + "/visitor/manual", CSRF: r.CSRF,
		Intro: r.T.T("apt.visitor_intro", "Site", p.Name), OtherHref: base, OtherLabel: r.T.T("apt.self_link")}
}

func (k *Kind) renderVisitorPublic(c *fiber.Ctx, r *web.Request, status int, p posterSite, panel *ui.Panel, done bool) error {
	if r.HTMX && !done {
		return web.Render(c, r, status, ui.PanelView(*panel))
	}
	d := k.visitorData(c, r, p)
	d.Panel = panel
	if done {
		d.Done = r.T.T("apt.visitor_received")
	}
	return web.Render(c, r, status, ui.PublicPage(k.Host.Pages.Page(c, r, "apt.visitor_report_title", "Site", p.Name), d))
}

func (k *Kind) visitorPage(c *fiber.Ctx, r *web.Request) error {
	p, err := k.openPoster(c, r)
	if err != nil {
		return err
	}
	return k.renderVisitorPublic(c, r, fiber.StatusOK, p, nil, c.Query("sent") == "1")
}

func (k *Kind) visitorPublicForm(c *fiber.Ctx, r *web.Request, v visitValues, errs map[string]string) views.Form {
	return k.visitForm(r, posterPath(web.Param(c, "token"))+"/visitor", v, errs)
}

func (k *Kind) visitorManual(c *fiber.Ctx, r *web.Request) error {
	p, err := k.openPoster(c, r)
	if err != nil {
		return err
	}
	f := k.visitorPublicForm(c, r, visitValues{residentValues: residentValues{DocType: iddoc.TypeCCCD, Nationality: "VNM", Source: "manual"}}, nil)
	return k.renderVisitorPublic(c, r, fiber.StatusOK, p, &ui.Panel{Form: &f}, false)
}

func (k *Kind) visitorScan(c *fiber.Ctx, r *web.Request) error {
	p, err := k.openPoster(c, r)
	if err != nil {
		return err
	}
	if over, err := limited(c, r, p); err != nil || over {
		if over {
			return fiber.NewError(fiber.StatusTooManyRequests, "too many requests")
		}
		return err
	}
	id, source, lines, err := k.readScan(c, r)
	if err != nil {
		return err
	}
	if lines != nil {
		r.KeepChanges()
		return k.renderVisitorPublic(c, r, fiber.StatusUnprocessableEntity, p, &ui.Panel{Errors: lines}, false)
	}
	f := k.visitorPublicForm(c, r, visitValues{residentValues: valuesOf(id, source)}, nil)
	return k.renderVisitorPublic(c, r, fiber.StatusOK, p, &ui.Panel{Form: &f}, false)
}

// checkVisitTimes checks a reported arrival and departure as the stays
// pipeline will: arrival not in the future nor older than 30 days, the
// departure on or after the arrival's day and within 30 days of it.
func checkVisitTimes(bad store.Invalid, arrival, departure string, now time.Time) (time.Time, time.Time) {
	a, ok := stays.ParseArrival(arrival)
	switch {
	case !ok:
		bad["arrival"] = "iddoc.date_invalid"
	case a.After(now.Add(15 * time.Minute)):
		bad["arrival"] = "stay.arrival_future"
	case a.Before(now.AddDate(0, 0, -30)):
		bad["arrival"] = "stay.arrival_old"
	}
	d, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(departure), national.Zone)
	switch {
	case strings.TrimSpace(departure) == "":
		bad["expected_departure"] = "validation.required"
	case err != nil:
		bad["expected_departure"] = "iddoc.date_invalid"
	case ok && d.Before(stays.DayOf(a)):
		bad["expected_departure"] = "stay.departure_before_arrival"
	case ok && d.After(stays.DayOf(a).AddDate(0, 0, 30)):
		bad["expected_departure"] = "stay.departure_too_far"
	}
	return a, d
}

// visitorSave files the report in the manager's queue.
func (k *Kind) visitorSave(c *fiber.Ctx, r *web.Request) error {
	p, err := k.openPoster(c, r)
	if err != nil {
		return err
	}
	if over, err := limited(c, r, p); err != nil || over {
		if over {
			return fiber.NewError(fiber.StatusTooManyRequests, "too many requests")
		}
		return err
	}
	v := visitValues{residentValues: formValues(c), Arrival: web.Form(c, "arrival"), Departure: web.Form(c, "expected_departure"),
		Reason: web.Form(c, "reason")}
	v.Source = checkSource(v.Source)
	id, idErr := k.identityOf(v.residentValues)
	bad := store.Invalid{}
	if _, err := k.unitOfTenant(r, p, v.Unit, bad); err != nil {
		return err
	}
	checkIdentityText(bad, id)
	arrival, departure := checkVisitTimes(bad, v.Arrival, v.Departure, k.Host.Now())
	if strings.TrimSpace(v.Reason) == "" {
		v.Reason = DefaultVisitReason
	} else if utf8.RuneCountInString(v.Reason) > 200 {
		bad["reason"] = "validation.too_long"
	}
	if idErr != nil || len(bad) > 0 {
		errs, _, ok := fieldMessages(r, iddoc.Merge(idErr, bad))
		if !ok {
			return idErr
		}
		r.KeepChanges()
		f := k.visitorPublicForm(c, r, v, errs)
		return k.renderVisitorPublic(c, r, fiber.StatusUnprocessableEntity, p, &ui.Panel{Form: &f}, false)
	}
	err = r.Tx.Exec(`INSERT INTO apt_visit_requests (tenant_id, site_id, poster_id, unit_code, doc_type, doc_number, old_number, full_name,
			birth_date, sex, nationality, address, arrival_at, expected_departure, reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.TenantID, p.SiteID, p.PosterID, NormCode(v.Unit), id.DocType, id.Number,
		id.OldNumber, id.FullName, id.BirthDate.Format("2006-01-02"), id.Sex, id.Nationality, id.Address, arrival,
		departure.Format("2006-01-02"), strings.TrimSpace(v.Reason)).Error
	if err != nil {
		return fmt.Errorf("apartment: file visitor report: %w", err)
	}
	if r.HTMX {
		c.Set("HX-Redirect", posterPath(web.Param(c, "token"))+"/visitor?sent=1")
		return c.SendStatus(fiber.StatusOK)
	}
	return k.renderVisitorPublic(c, r, fiber.StatusOK, p, nil, true)
}

// VisitRequest is a host's report of a visitor, waiting in the queue.
type VisitRequest struct {
	ID                int64
	SiteID            int64
	UnitCode          string
	DocType           string
	DocNumber         string
	OldNumber         string
	FullName          string
	BirthDate         time.Time
	Sex               string
	Nationality       string
	Address           string
	ArrivalAt         time.Time
	ExpectedDeparture time.Time
	Reason            string
	Status            string
	CreatedAt         time.Time
}

const visitRequestColumns = `id, site_id, unit_code, doc_type, doc_number, old_number, full_name, birth_date, sex, nationality, address,
	arrival_at, expected_departure, reason, status, created_at`

// visitRequestTable lists a site's pending visitor reports, numbers masked.
func (k *Kind) visitRequestTable(r *web.Request, siteID int64) (*views.Table, error) {
	var rows []VisitRequest
	if err := r.Tx.Raw(`SELECT `+visitRequestColumns+` FROM apt_visit_requests WHERE tenant_id = ? AND site_id = ? AND status = 'pending'
		ORDER BY created_at, id LIMIT 100`, r.Tenant.ID, siteID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("apartment: list visitor reports: %w", err)
	}
	t := &views.Table{ID: "visit-requests", Empty: r.T.T("apt.no_requests"), Headers: []string{r.T.T("apt.when"), label(r, "unit"),
		label(r, "full_name"), label(r, "document_number"), r.T.T("apt.arrival"), r.T.T("apt.expected_departure"), "", ""}}
	base := "/t/" + r.Tenant.Slug + "/visit-requests/"
	for _, q := range rows {
		t.Rows = append(t.Rows, []views.Cell{{Text: r.T.DateTime(q.CreatedAt)}, {Text: q.UnitCode}, {Text: q.FullName},
			{Text: iddoc.MaskNumber(q.DocNumber)}, {Text: r.T.DateTime(q.ArrivalAt)}, {Text: r.T.Date(q.ExpectedDeparture)},
			{Post: base + itoa(q.ID) + "/confirm", CSRF: r.CSRF, Button: r.T.T("apt.confirm")},
			{Post: base + itoa(q.ID) + "/reject", CSRF: r.CSRF, Button: r.T.T("apt.reject"), Danger: true}})
	}
	return t, nil
}

// visitRequestConfirm records the reported visitor's stay.
func (k *Kind) visitRequestConfirm(c *fiber.Ctx, r *web.Request) error {
	q, s, err := loadPending[VisitRequest](c, r, "apt_visit_requests", visitRequestColumns)
	if err != nil {
		return err
	}
	id, idErr := iddoc.ParseManual(iddoc.Manual{DocType: q.DocType, Number: q.DocNumber, FullName: q.FullName,
		BirthDate: q.BirthDate.Format("2006-01-02"), Sex: q.Sex, Nationality: q.Nationality}, k.Host.Now())
	id.Address, id.OldNumber = q.Address, q.OldNumber
	st, _, err := k.RecordVisit(r, VisitInput{SiteID: s.ID, Unit: q.UnitCode, Identity: id, DocumentErr: idErr, Source: "manual",
		Arrival: q.ArrivalAt, ExpectedDeparture: q.ExpectedDeparture.Format("2006-01-02"), Reason: q.Reason, UserID: r.User.UserID})
	if err != nil {
		_, lines, ok := fieldMessages(r, err)
		if !ok {
			return err
		}
		return k.renderQueue(c, r, fiber.StatusUnprocessableEntity, s.ID, s.Name, q.FullName+": "+strings.Join(lines, "; "))
	}
	if err := r.Tx.Exec(`UPDATE apt_visit_requests SET status = 'confirmed', stay_id = ?, decided_by = ?, decided_at = now()
		WHERE tenant_id = ? AND id = ?`, st.ID, r.User.UserID, r.Tenant.ID, q.ID).Error; err != nil {
		return fmt.Errorf("apartment: confirm visitor report %d: %w", q.ID, err)
	}
	return web.Redirect(c, r, siteHref(r, s.ID, "/requests"))
}

// visitRequestReject rejects a report with a reason; without one it asks for it.
func (k *Kind) visitRequestReject(c *fiber.Ctx, r *web.Request) error {
	q, s, err := loadPending[VisitRequest](c, r, "apt_visit_requests", visitRequestColumns)
	if err != nil {
		return err
	}
	reason := web.Form(c, "reason")
	if reason == "" || utf8.RuneCountInString(reason) > 500 {
		return k.askReason(c, r, "/t/"+r.Tenant.Slug+"/visit-requests/"+itoa(q.ID)+"/reject", q.FullName, reason)
	}
	if err := r.Tx.Exec(`UPDATE apt_visit_requests SET status = 'rejected', reject_reason = ?, decided_by = ?, decided_at = now()
		WHERE tenant_id = ? AND id = ?`, reason, r.User.UserID, r.Tenant.ID, q.ID).Error; err != nil {
		return fmt.Errorf("apartment: reject visitor report %d: %w", q.ID, err)
	}
	return web.Redirect(c, r, siteHref(r, s.ID, "/requests"))
}
