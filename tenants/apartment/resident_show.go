package apartment

import (
	"errors"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

// Event is one line of a residence's history.
type Event struct {
	Action    string
	Detail    string
	ChangedAt time.Time
	ByName    string
}

// residentEvents lists what happened to a person's residences in the tenant, oldest first.
func residentEvents(tx *gorm.DB, tenantID int64, docType, number string) ([]Event, error) {
	var out []Event
	err := tx.Raw(`SELECT e.action, e.detail, e.changed_at, coalesce(us.full_name, '') AS by_name
		FROM apt_resident_events e JOIN apt_residents r ON r.tenant_id = e.tenant_id AND r.id = e.resident_id
		LEFT JOIN users us ON us.id = e.changed_by
		WHERE e.tenant_id = ? AND r.doc_type = ? AND r.doc_number = ? ORDER BY e.id LIMIT 500`, tenantID, docType, number).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("apartment: history of resident: %w", err)
	}
	return out, nil
}

// personResidences lists a person's residences in the tenant, oldest first.
func personResidences(tx *gorm.DB, tenantID int64, docType, number string) ([]Resident, error) {
	var out []Resident
	err := tx.Raw(`SELECT `+residentColumns+` FROM apt_residents r JOIN apt_units u ON u.tenant_id = r.tenant_id AND u.id = r.unit_id
		WHERE r.tenant_id = ? AND r.doc_type = ? AND r.doc_number = ? ORDER BY r.move_in, r.id LIMIT 200`, tenantID, docType, number).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("apartment: residences of person: %w", err)
	}
	return out, nil
}

func (k *Kind) loadResident(c *fiber.Ctx, r *web.Request) (Resident, error) {
	id, err := parseID(c.Params("id"))
	if err != nil {
		return Resident{}, err
	}
	res, err := GetResident(r.Tx, r.Tenant.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return res, fiber.ErrNotFound
	}
	return res, err
}

func (k *Kind) residentShow(c *fiber.Ctx, r *web.Request) error {
	res, err := k.loadResident(c, r)
	if err != nil {
		return err
	}
	return k.renderResident(c, r, fiber.StatusOK, res, "", nil)
}

// renderResident shows a residence: the person, the tạm trú, the actions
// (move, move out, record tạm trú) and the person's whole history here.
func (k *Kind) renderResident(c *fiber.Ctx, r *web.Request, status int, res Resident, formID string, errs map[string]string) error {
	now := k.Host.Now()
	v := func(id string) map[string]string {
		if id == formID {
			return errs
		}
		return nil
	}
	info := &views.Table{ID: "resident", Headers: []string{r.T.T("apt.what"), r.T.T("apt.value")}, Rows: [][]views.Cell{
		{{Text: label(r, "full_name")}, {Text: res.FullName}},
		{{Text: label(r, "document_number")}, {Text: r.T.T("apt.doc_"+res.DocType) + " " + res.DocNumber}},
		{{Text: label(r, "birth_date")}, {Text: r.T.Date(res.BirthDate)}},
		{{Text: label(r, "sex")}, {Text: r.T.T("apt.sex_" + res.Sex)}},
		{{Text: label(r, "nationality")}, {Text: res.Nationality}},
		{{Text: label(r, "address")}, {Text: res.Address}},
		{{Text: label(r, "unit")}, {Text: res.UnitCode, Href: unitHref(r, res.UnitID)}},
		{{Text: label(r, "relation")}, {Text: r.T.T("apt.relation_" + res.Relation)}},
		{{Text: label(r, "residence_type")}, {Text: r.T.T("apt.type_" + res.ResidenceType)}},
		{{Text: label(r, "move_in")}, {Text: r.T.Date(res.MoveIn)}},
		{{Text: r.T.T("apt.tamtru")}, {Text: stateLabel(r, res, now)}},
	}}
	if res.MoveOut != nil {
		info.Rows = append(info.Rows, []views.Cell{{Text: label(r, "move_out")}, {Text: r.T.Date(*res.MoveOut) + " · " + res.MoveOutReason}})
	}
	sections := []views.Section{{ID: "person", Table: info}}
	base := residentHref(r, res.ID)
	today := Day(now).Format("2006-01-02")
	if res.Active() {
		move := views.Form{ID: "move-form", Action: base + "/move", Submit: r.T.T("apt.move"), Fields: withErrors([]views.Field{
			{Name: "unit", Label: r.T.T("apt.move_to"), Type: "text", Required: true, Value: c.FormValue("unit")},
			{Name: "date", Label: label(r, "date"), Type: "date", Required: true, Value: today},
			{Name: "_csrf", Type: "hidden", Value: r.CSRF}}, v("move"))}
		out := views.Form{ID: "move-out-form", Action: base + "/move-out", Submit: r.T.T("apt.move_out"), Fields: withErrors([]views.Field{
			{Name: "date", Label: label(r, "date"), Type: "date", Required: true, Value: today},
			{Name: "reason", Label: label(r, "reason"), Type: "text", Required: true},
			{Name: "_csrf", Type: "hidden", Value: r.CSRF}}, v("move_out"))}
		until := ""
		if res.TamtruUntil != nil {
			until = res.TamtruUntil.Format("2006-01-02")
		}
		tam := views.Form{ID: "tamtru-form", Action: base + "/tamtru", Submit: r.T.T("apt.tamtru_save"), Fields: withErrors([]views.Field{
			{Name: "status", Label: r.T.T("apt.tamtru"), Type: "select", Value: res.TamtruStatus,
				Options: options(r, "apt.tstatus_", []string{TamtruNotNeeded, TamtruDue, TamtruSubmitted, TamtruRegistered})},
			{Name: "dossier", Label: label(r, "dossier"), Type: "text", Value: res.TamtruDossier, Hint: r.T.T("apt.dossier_hint")},
			{Name: "until", Label: label(r, "until"), Type: "date", Value: until, Hint: r.T.T("apt.until_hint")},
			{Name: "_csrf", Type: "hidden", Value: r.CSRF}}, v("tamtru"))}
		sections = append(sections, views.Section{ID: "tamtru", Title: r.T.T("apt.tamtru"), Form: &tam},
			views.Section{ID: "move", Title: r.T.T("apt.move_title"), Form: &move},
			views.Section{ID: "move-out", Title: r.T.T("apt.move_out_title"), Form: &out})
	}
	history, err := personResidences(r.Tx, r.Tenant.ID, res.DocType, res.DocNumber)
	if err != nil {
		return err
	}
	ht := &views.Table{ID: "residences", Headers: []string{label(r, "unit"), label(r, "move_in"), label(r, "move_out"), label(r, "reason")}}
	for _, x := range history {
		end, reason := "", x.MoveOutReason
		if x.MoveOut != nil {
			end = r.T.Date(*x.MoveOut)
		}
		ht.Rows = append(ht.Rows, []views.Cell{{Text: x.UnitCode, Href: residentHref(r, x.ID)}, {Text: r.T.Date(x.MoveIn)}, {Text: end}, {Text: reason}})
	}
	events, err := residentEvents(r.Tx, r.Tenant.ID, res.DocType, res.DocNumber)
	if err != nil {
		return err
	}
	et := &views.Table{ID: "events", Headers: []string{r.T.T("apt.when"), r.T.T("apt.what"), r.T.T("apt.by")}}
	for _, e := range events {
		et.Rows = append(et.Rows, []views.Cell{{Text: r.T.DateTime(e.ChangedAt)}, {Text: r.T.T("apt.event_"+e.Action) + " " + e.Detail}, {Text: e.ByName}})
	}
	sections = append(sections, views.Section{ID: "history", Title: r.T.T("apt.history"), Table: ht}, views.Section{ID: "events", Table: et})
	p := k.Host.Pages.Page(c, r, "apt.resident_title", "Name", res.FullName)
	return web.Render(c, r, status, views.ScreenView(p, views.Screen{Sections: sections}))
}

// afterAction answers a successful action by opening the resulting residence.
func afterAction(c *fiber.Ctx, r *web.Request, id int64) error {
	return web.Redirect(c, r, residentHref(r, id))
}

// actionError shows the resident again with the form's errors, or fails.
func (k *Kind) actionError(c *fiber.Ctx, r *web.Request, res Resident, formID string, err error) error {
	if errors.Is(err, ErrEnded) {
		return fiber.NewError(fiber.StatusConflict, "the residence has ended")
	}
	errs, _, ok := fieldMessages(r, err)
	if !ok {
		return err
	}
	return k.renderResident(c, r, fiber.StatusUnprocessableEntity, res, formID, errs)
}

func (k *Kind) residentMove(c *fiber.Ctx, r *web.Request) error {
	res, err := k.loadResident(c, r)
	if err != nil {
		return err
	}
	bad := store.Invalid{}
	unit, err := k.unitOf(r, res.SiteID, web.Form(c, "unit"), bad)
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		return k.actionError(c, r, res, "move", bad)
	}
	n, err := Move(r.Tx, r.Tenant.ID, res.ID, unit.ID, web.Form(c, "date"), r.User.UserID, k.Host.Now())
	if err != nil {
		return k.actionError(c, r, res, "move", err)
	}
	return afterAction(c, r, n.ID)
}

func (k *Kind) residentMoveOut(c *fiber.Ctx, r *web.Request) error {
	res, err := k.loadResident(c, r)
	if err != nil {
		return err
	}
	if _, err := MoveOut(r.Tx, r.Tenant.ID, res.ID, web.Form(c, "date"), web.Form(c, "reason"), r.User.UserID, k.Host.Now()); err != nil {
		return k.actionError(c, r, res, "move_out", err)
	}
	return afterAction(c, r, res.ID)
}

func (k *Kind) residentTamtru(c *fiber.Ctx, r *web.Request) error {
	res, err := k.loadResident(c, r)
	if err != nil {
		return err
	}
	in := TamtruInput{Status: web.Form(c, "status"), Dossier: web.Form(c, "dossier"), Until: web.Form(c, "until")}
	if _, err := SetTamtru(r.Tx, r.Tenant.ID, res.ID, in, r.User.UserID, k.Host.Now()); err != nil {
		return k.actionError(c, r, res, "tamtru", err)
	}
	return afterAction(c, r, res.ID)
}
