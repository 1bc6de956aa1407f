package apartment

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"portal06/app/iddoc"
	"portal06/app/national"
	"portal06/app/stays"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/tenants/apartment/ui"
	"portal06/views"
)

// DefaultVisitReason is the reason of a visit when none is given.
const DefaultVisitReason = "Thăm thân"

// VisitInput is an overnight visitor to record in a unit.
type VisitInput struct {
	SiteID            int64
	Unit              string
	Identity          iddoc.Identity
	DocumentErr       error // the document's problems, reported with the visit's own
	Source            string
	Arrival           time.Time
	ExpectedDeparture string
	Reason            string
	UserID            int64
}

// ErrNoStays is a portal running without the stays pipeline (seeding).
var ErrNoStays = errors.New("apartment: no stays service")

// RecordVisit records a visitor's stay through the core's pipeline
// (deadline 23:00 or 08:00, 12 hours for foreigners; durable delivery) and
// ties it to the unit. A visitor already staying at the site is returned
// with existing set.
func (k *Kind) RecordVisit(r *web.Request, in VisitInput) (stays.Stay, bool, error) {
	if k.Host.Stays == nil {
		return stays.Stay{}, false, ErrNoStays
	}
	bad := store.Invalid{}
	unit, err := k.unitOf(r, in.SiteID, in.Unit, bad)
	if err != nil {
		return stays.Stay{}, false, err
	}
	if strings.TrimSpace(in.Reason) == "" {
		in.Reason = DefaultVisitReason
	}
	docErr := in.DocumentErr
	if len(bad) > 0 {
		docErr = iddoc.Merge(docErr, bad)
	}
	st, existing, err := k.Host.Stays.CheckIn(r.Ctx, r.Tx, r.Tenant.ID, stays.CheckInInput{SiteID: in.SiteID, Room: unit.Code,
		Identity: in.Identity, Source: in.Source, Arrival: in.Arrival, ExpectedDeparture: in.ExpectedDeparture, Reason: in.Reason,
		UserID: in.UserID, DocumentErr: docErr})
	if err != nil || existing {
		return st, existing, err
	}
	if err := r.Tx.Exec(`INSERT INTO apt_visits (tenant_id, stay_id, site_id, unit_id) VALUES (?, ?, ?, ?)`,
		r.Tenant.ID, st.ID, in.SiteID, unit.ID).Error; err != nil {
		return st, false, fmt.Errorf("apartment: visit of stay %d: %w", st.ID, err)
	}
	return st, false, nil
}

// VisitRow is a visitor as the board lists them.
type VisitRow struct {
	StayID        int64
	UnitCode      string
	FullName      string
	DocNumber     string
	Nationality   string
	ArrivalAt     time.Time
	DeadlineAt    time.Time
	Status        string
	NotifyStatus  string
	NotifyReceipt *string
}

// Tonight lists the visitors staying at a site now.
func Tonight(tx *gorm.DB, tenantID, siteID int64, limit int) ([]VisitRow, error) {
	var out []VisitRow
	err := tx.Raw(`SELECT st.id AS stay_id, u.code AS unit_code, st.full_name, st.doc_number, st.nationality, st.arrival_at, st.deadline_at,
			st.status, coalesce(n.status, 'pending') AS notify_status, n.receipt AS notify_receipt
		FROM apt_visits v JOIN stays st ON st.tenant_id = v.tenant_id AND st.id = v.stay_id
		JOIN apt_units u ON u.tenant_id = v.tenant_id AND u.id = v.unit_id
		LEFT JOIN LATERAL (SELECT x.status, x.receipt FROM notifications x WHERE x.tenant_id = st.tenant_id AND x.stay_id = st.id
			AND x.event = 'check_in' ORDER BY x.id DESC LIMIT 1) n ON true
		WHERE v.tenant_id = ? AND v.site_id = ? AND st.status = 'open' ORDER BY st.arrival_at DESC LIMIT ?`, tenantID, siteID, limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("apartment: visitors tonight: %w", err)
	}
	return out, nil
}

// OnTime counts a site's visitor notifications of the last 30 days, and
// those the national system accepted before their deadline.
func OnTime(tx *gorm.DB, tenantID, siteID int64, now time.Time) (onTime, total int64, err error) {
	var x struct{ OnTime, Total int64 }
	err = tx.Raw(`SELECT count(*) FILTER (WHERE n.accepted_at IS NOT NULL AND n.accepted_at <= n.deadline_at) AS on_time,
			count(*) FILTER (WHERE n.accepted_at IS NOT NULL OR n.deadline_at < ?) AS total
		FROM apt_visits v JOIN notifications n ON n.tenant_id = v.tenant_id AND n.stay_id = v.stay_id AND n.event = 'check_in'
		WHERE v.tenant_id = ? AND v.site_id = ? AND v.created_at >= ?`, now, tenantID, siteID, now.AddDate(0, 0, -30)).Scan(&x).Error
	if err != nil {
		return 0, 0, fmt.Errorf("apartment: on-time visitor notifications: %w", err)
	}
	return x.OnTime, x.Total, nil
}

// visitorSections are the board's visitor figures: tonight's visitors with
// their notification, and the on-time rate of the last 30 days.
func (k *Kind) visitorSections(r *web.Request, siteID int64, now time.Time) ([]views.Section, error) {
	rows, err := Tonight(r.Tx, r.Tenant.ID, siteID, 50)
	if err != nil {
		return nil, err
	}
	onTime, total, err := OnTime(r.Tx, r.Tenant.ID, siteID, now)
	if err != nil {
		return nil, err
	}
	t := k.visitTable(r, rows, now)
	rate := r.T.T("apt.on_time_rate", "OnTime", onTime, "Total", total, "Rate", pct(onTime, total))
	return []views.Section{{ID: "visitors", Title: r.T.T("apt.visitors_tonight") + fmt.Sprintf(" (%d)", len(rows)), Text: rate, Table: t}}, nil
}

func (k *Kind) visitTable(r *web.Request, rows []VisitRow, now time.Time) *views.Table {
	t := &views.Table{ID: "visitors-tonight", Empty: r.T.T("apt.no_visitors"), Headers: []string{label(r, "unit"), label(r, "full_name"),
		label(r, "document_number"), r.T.T("apt.arrival"), r.T.T("apt.notification")}}
	for _, v := range rows {
		state := r.T.T("apt.nstatus_" + v.NotifyStatus)
		switch {
		case v.NotifyReceipt != nil:
			state += " · " + *v.NotifyReceipt
		case v.NotifyStatus == "pending" && now.After(v.DeadlineAt):
			state += " · " + r.T.T("apt.late")
		case v.NotifyStatus == "pending":
			state += " · " + r.T.T("apt.deadline", "At", r.T.DateTime(v.DeadlineAt))
		}
		t.Rows = append(t.Rows, []views.Cell{{Text: v.UnitCode}, {Text: v.FullName}, {Text: iddoc.MaskNumber(v.DocNumber)},
			{Text: r.T.DateTime(v.ArrivalAt)}, {Text: state}})
	}
	return t
}

// visitValues are the fields of a visitor's confirm form.
type visitValues struct {
	residentValues
	Arrival, Departure, Reason string
}

func (k *Kind) visitForm(r *web.Request, action string, v visitValues, errs map[string]string) views.Form {
	now := k.Host.Now()
	if v.Arrival == "" {
		v.Arrival = now.In(national.Zone).Format("2006-01-02T15:04")
	}
	if v.Departure == "" {
		v.Departure = now.In(national.Zone).AddDate(0, 0, 1).Format("2006-01-02")
	}
	if v.Reason == "" {
		v.Reason = DefaultVisitReason
	}
	f := k.residentForm(r, action, v.residentValues, errs)
	var fields []views.Field
	for _, fl := range f.Fields {
		switch fl.Name {
		case "relation", "residence_type", "move_in":
			continue
		}
		fields = append(fields, fl)
		if fl.Name == "unit" {
			fields = append(fields, withErrors([]views.Field{
				{Name: "arrival", Label: r.T.T("apt.arrival"), Type: "datetime-local", Value: v.Arrival, Required: true},
				{Name: "expected_departure", Label: r.T.T("apt.expected_departure"), Type: "date", Value: v.Departure, Required: true},
				{Name: "reason", Label: label(r, "reason"), Type: "text", Value: v.Reason, Required: true}}, errs)...)
		}
	}
	f.Fields, f.Submit = fields, r.T.T("apt.visit_save")
	return f
}

func (k *Kind) visitsPage(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	return k.renderVisits(c, r, fiber.StatusOK, s, nil)
}

func (k *Kind) renderVisits(c *fiber.Ctx, r *web.Request, status int, s store.SiteRow, panel *ui.Panel) error {
	if r.HTMX && panel != nil {
		return web.Render(c, r, status, ui.PanelView(*panel))
	}
	now := k.Host.Now()
	rows, err := Tonight(r.Tx, r.Tenant.ID, s.ID, 50)
	if err != nil {
		return err
	}
	d := ui.RegisterData{SiteName: s.Name, ScanAction: siteHref(r, s.ID, "/visitors/scan"), ManualHref: siteHref(r, s.ID, "/visitors/manual"),
		BoardHref: siteHref(r, s.ID, "/board"), CSRF: r.CSRF, Panel: panel, Recent: k.visitTable(r, rows, now), RecentHead: r.T.T("apt.visitors_tonight")}
	return web.Render(c, r, status, ui.RegisterPage(k.Host.Pages.Page(c, r, "apt.visitors_title", "Site", s.Name), d))
}

func (k *Kind) visitsManual(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	f := k.visitForm(r, siteHref(r, s.ID, "/visitors"), visitValues{residentValues: residentValues{DocType: iddoc.TypeCCCD, Nationality: "VNM",
		Source: "manual"}}, nil)
	return k.renderVisits(c, r, fiber.StatusOK, s, &ui.Panel{Form: &f})
}

func (k *Kind) visitsScan(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	id, source, lines, err := k.readScan(c, r)
	if err != nil {
		return err
	}
	if lines != nil {
		return k.renderVisits(c, r, fiber.StatusUnprocessableEntity, s, &ui.Panel{Errors: lines})
	}
	f := k.visitForm(r, siteHref(r, s.ID, "/visitors"), visitValues{residentValues: valuesOf(id, source)}, nil)
	return k.renderVisits(c, r, fiber.StatusOK, s, &ui.Panel{Form: &f})
}

// visitsSave records the confirmed visitor; the notification goes out at once.
func (k *Kind) visitsSave(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	v := visitValues{residentValues: formValues(c), Arrival: web.Form(c, "arrival"), Departure: web.Form(c, "expected_departure"),
		Reason: web.Form(c, "reason")}
	v.Source = checkSource(v.Source)
	id, idErr := k.identityOf(v.residentValues)
	in := VisitInput{SiteID: s.ID, Unit: v.Unit, Identity: id, DocumentErr: idErr, Source: v.Source, ExpectedDeparture: v.Departure,
		Reason: v.Reason, UserID: r.User.UserID}
	var arrivalBad bool
	if in.Arrival, arrivalBad = stays.ParseArrival(v.Arrival); !arrivalBad {
		in.DocumentErr = iddoc.Merge(idErr, store.Invalid{"arrival": "iddoc.date_invalid"})
	}
	st, existing, err := k.RecordVisit(r, in)
	if err != nil {
		errs, _, ok := fieldMessages(r, err)
		if !ok {
			return err
		}
		f := k.visitForm(r, siteHref(r, s.ID, "/visitors"), v, errs)
		return k.renderVisits(c, r, fiber.StatusUnprocessableEntity, s, &ui.Panel{Form: &f})
	}
	if existing {
		return k.renderVisits(c, r, fiber.StatusOK, s, &ui.Panel{Notice: r.T.T("apt.visitor_already", "Name", st.FullName)})
	}
	saved := &ui.Panel{SavedText: r.T.T("apt.visit_saved", "Name", st.FullName, "At", r.T.DateTime(st.DeadlineAt))}
	if r.HTMX {
		c.Set("HX-Trigger", "portal:saved")
		return web.Render(c, r, fiber.StatusOK, ui.PanelView(*saved))
	}
	return k.renderVisits(c, r, fiber.StatusOK, s, saved)
}
