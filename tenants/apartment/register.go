package apartment

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"portal06/app/iddoc"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/tenants/apartment/ui"
	"portal06/views"
)

// residentValues are the fields of the confirm form.
type residentValues struct {
	DocType, Number, FullName, BirthDate, Sex, Nationality, Address, OldNumber string
	Unit, Relation, ResidenceType, MoveIn, Source                              string
}

func valuesOf(id iddoc.Identity, source string) residentValues {
	v := residentValues{DocType: id.DocType, Number: id.Number, FullName: id.FullName, Sex: id.Sex, Nationality: id.Nationality,
		Address: id.Address, OldNumber: id.OldNumber, Source: source}
	if !id.BirthDate.IsZero() {
		v.BirthDate = id.BirthDate.Format("2006-01-02")
	}
	return v
}

func formValues(c *fiber.Ctx) residentValues {
	f := func(n string) string { return web.Form(c, n) }
	return residentValues{DocType: f("document_type"), Number: f("document_number"), FullName: f("full_name"), BirthDate: f("birth_date"),
		Sex: f("sex"), Nationality: f("nationality"), Address: f("address"), OldNumber: f("old_number"), Unit: f("unit"),
		Relation: f("relation"), ResidenceType: f("residence_type"), MoveIn: f("move_in"), Source: f("source")}
}

// identityOf validates the confirmed identity, which may have been corrected by hand.
func (k *Kind) identityOf(v residentValues) (iddoc.Identity, error) {
	id, err := iddoc.ParseManual(iddoc.Manual{DocType: v.DocType, Number: v.Number, FullName: v.FullName, BirthDate: v.BirthDate,
		Sex: v.Sex, Nationality: v.Nationality}, k.Host.Now())
	id.Address, id.OldNumber = strings.TrimSpace(v.Address), strings.TrimSpace(v.OldNumber)
	return id, err
}

// residentForm is the confirm form of a registration, for the manager's
// page and for the public self-registration page alike.
func (k *Kind) residentForm(r *web.Request, action string, v residentValues, errs map[string]string) views.Form {
	if v.MoveIn == "" {
		v.MoveIn = Day(k.Host.Now()).Format("2006-01-02")
	}
	if v.Relation == "" {
		v.Relation = "head"
	}
	if v.ResidenceType == "" {
		v.ResidenceType = "permanent"
	}
	fields := []views.Field{
		{Name: "unit", Label: label(r, "unit"), Type: "text", Value: v.Unit, Required: true, Hint: r.T.T("apt.unit_hint")},
		{Name: "relation", Label: label(r, "relation"), Type: "select", Value: v.Relation, Options: options(r, "apt.relation_", Relations), Required: true},
		{Name: "residence_type", Label: label(r, "residence_type"), Type: "select", Value: v.ResidenceType,
			Options: options(r, "apt.type_", ResidenceTypes), Required: true},
		{Name: "move_in", Label: label(r, "move_in"), Type: "date", Value: v.MoveIn, Required: true},
		{Name: "document_type", Label: label(r, "document_type"), Type: "select", Value: v.DocType,
			Options: options(r, "apt.doc_", []string{iddoc.TypeCCCD, iddoc.TypePassport, iddoc.TypeIDCard}), Required: true},
		{Name: "document_number", Label: label(r, "document_number"), Type: "text", Value: v.Number, Required: true},
		{Name: "full_name", Label: label(r, "full_name"), Type: "text", Value: v.FullName, Required: true},
		{Name: "birth_date", Label: label(r, "birth_date"), Type: "date", Value: v.BirthDate, Required: true},
		{Name: "sex", Label: label(r, "sex"), Type: "select", Value: v.Sex, Options: options(r, "apt.sex_", []string{"M", "F"}), Required: true},
		{Name: "nationality", Label: label(r, "nationality"), Type: "text", Value: v.Nationality, Required: true},
		{Name: "address", Label: label(r, "address"), Type: "text", Value: v.Address},
		{Name: "old_number", Type: "hidden", Value: v.OldNumber},
		{Name: "source", Type: "hidden", Value: v.Source},
		{Name: "_csrf", Type: "hidden", Value: r.CSRF},
	}
	// the unit comes first so that a scan's confirm form asks for it at once
	return views.Form{ID: "confirm-form", Action: action, Submit: r.T.T("apt.confirm_save"), Fields: withErrors(fields, errs),
		Target: "#confirm"}
}

func (k *Kind) registerPage(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	var panel *ui.Panel
	if id := web.Query(c, "saved"); id != "" {
		if n, err := parseID(id); err == nil {
			if res, err := GetResident(r.Tx, r.Tenant.ID, n); err == nil {
				panel = &ui.Panel{SavedName: res.FullName, SavedHref: residentHref(r, res.ID)}
			}
		}
	}
	return k.renderRegister(c, r, fiber.StatusOK, s, panel)
}

func (k *Kind) renderRegister(c *fiber.Ctx, r *web.Request, status int, s store.SiteRow, panel *ui.Panel) error {
	recent, _, err := ListResidents(r.Tx, r.Tenant.ID, ResidentFilter{SiteID: s.ID, Newest: true}, 1, 8)
	if err != nil {
		return err
	}
	d := ui.RegisterData{SiteName: s.Name, ScanAction: siteHref(r, s.ID, "/register/scan"), ManualHref: siteHref(r, s.ID, "/register/manual"),
		BoardHref: siteHref(r, s.ID, "/board"), CSRF: r.CSRF, Panel: panel, Recent: k.residentTable(r, "recent", recent, k.Host.Now()), RecentHead: r.T.T("apt.recent")}
	return web.Render(c, r, status, ui.RegisterPage(k.Host.Pages.Page(c, r, "apt.register_title", "Site", s.Name), d))
}

// panel answers with the panel alone for htmx, or the whole page.
func (k *Kind) panel(c *fiber.Ctx, r *web.Request, status int, s store.SiteRow, p *ui.Panel) error {
	if r.HTMX {
		return web.Render(c, r, status, ui.PanelView(*p))
	}
	return k.renderRegister(c, r, status, s, p)
}

func (k *Kind) registerManual(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	f := k.residentForm(r, siteHref(r, s.ID, "/register"), residentValues{DocType: iddoc.TypeCCCD, Nationality: "VNM", Source: "manual"}, nil)
	return k.panel(c, r, fiber.StatusOK, s, &ui.Panel{Form: &f})
}

// readScan reads the scan form; a refusal explains each field.
func (k *Kind) readScan(c *fiber.Ctx, r *web.Request) (iddoc.Identity, string, []string, error) {
	qr, mrz := web.RawForm(c, "id_qr"), web.RawForm(c, "mrz")
	if strings.TrimSpace(qr) == "" && strings.TrimSpace(mrz) == "" {
		return iddoc.Identity{}, "", []string{label(r, "id_qr") + ": " + r.T.T("apt.scan_empty")}, nil
	}
	if len(qr) > 2000 || len(mrz) > 200 {
		return iddoc.Identity{}, "", []string{label(r, "id_qr") + ": " + r.T.T("validation.too_long")}, nil
	}
	id, source, err := iddoc.Read(qr, mrz, k.Host.Now())
	if err != nil {
		_, lines, ok := fieldMessages(r, err)
		if !ok {
			return id, "", nil, err
		}
		return id, "", lines, nil
	}
	return id, source, nil, nil
}

// registerScan reads a scanned card and shows it to be confirmed with the unit.
func (k *Kind) registerScan(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	id, source, lines, err := k.readScan(c, r)
	if err != nil {
		return err
	}
	if lines != nil {
		return k.panel(c, r, fiber.StatusUnprocessableEntity, s, &ui.Panel{Errors: lines})
	}
	f := k.residentForm(r, siteHref(r, s.ID, "/register"), valuesOf(id, source), nil)
	return k.panel(c, r, fiber.StatusOK, s, &ui.Panel{Form: &f})
}

// checkSource keeps a form's source to the known ones.
func checkSource(s string) string {
	switch s {
	case "qr", "mrz", "manual":
		return s
	}
	return "manual"
}

// registerSave saves the confirmed resident.
func (k *Kind) registerSave(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	v := formValues(c)
	v.Source = checkSource(v.Source)
	res, err := k.register(r, s, v, v.Source, r.User.UserID)
	if err != nil {
		errs, _, ok := fieldMessages(r, err)
		if !ok {
			return err
		}
		f := k.residentForm(r, siteHref(r, s.ID, "/register"), v, errs)
		return k.panel(c, r, fiber.StatusUnprocessableEntity, s, &ui.Panel{Form: &f})
	}
	if r.HTMX {
		c.Set("HX-Trigger", "portal:saved")
		return web.Render(c, r, fiber.StatusOK, ui.PanelView(ui.Panel{SavedName: res.FullName, SavedHref: residentHref(r, res.ID)}))
	}
	return c.Redirect(siteHref(r, s.ID, "/register")+"?saved="+itoa(res.ID), fiber.StatusSeeOther)
}

// register validates the identity and the residence together, so every
// mistake shows at once, and stores the resident.
func (k *Kind) register(r *web.Request, s store.SiteRow, v residentValues, source string, userID int64) (Resident, error) {
	id, idErr := k.identityOf(v)
	bad := store.Invalid{}
	if idErr != nil {
		m, _, ok := fieldMessages(r, idErr)
		if !ok {
			return Resident{}, idErr
		}
		for f := range m {
			bad[f] = "" // filled below from the iddoc error
		}
	}
	unit, uerr := k.unitOf(r, s.ID, v.Unit, bad)
	if uerr != nil {
		return Resident{}, uerr
	}
	checkIdentityText(bad, id)
	checkResidence(bad, v.Relation, v.ResidenceType, v.MoveIn, Day(k.Host.Now()))
	if idErr != nil || len(bad) > 0 {
		return Resident{}, iddoc.Merge(idErr, bad)
	}
	return Register(r.Tx, r.Tenant.ID, RegisterInput{SiteID: s.ID, UnitID: unit.ID, Identity: id, Relation: v.Relation,
		ResidenceType: v.ResidenceType, MoveIn: v.MoveIn, Source: source, UserID: userID}, k.Host.Now())
}

// unitOf finds the unit a form names, noting a missing or unknown one in bad.
func (k *Kind) unitOf(r *web.Request, siteID int64, code string, bad store.Invalid) (Unit, error) {
	if strings.TrimSpace(code) == "" {
		bad["unit"] = "validation.required"
		return Unit{}, nil
	}
	if len(code) > 20 {
		bad["unit"] = "validation.too_long"
		return Unit{}, nil
	}
	u, err := UnitByCode(r.Tx, r.Tenant.ID, siteID, code)
	if err == errNoUnit {
		bad["unit"] = "apt.unit_unknown"
		return u, nil
	}
	return u, err
}

func parseID(s string) (int64, error) {
	var n int64
	for _, ch := range s {
		if ch < '0' || ch > '9' || n > 1e15 {
			return 0, fiber.ErrNotFound
		}
		n = n*10 + int64(ch-'0')
	}
	if n == 0 {
		return 0, fiber.ErrNotFound
	}
	return n, nil
}
