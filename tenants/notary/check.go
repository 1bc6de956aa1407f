package notary

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/iddoc"
	"portal06/app/web"
	"portal06/views"
)

// checkValues are the fields of the check form.
type checkValues struct {
	ChipNumber, ChipName, ChipBirth, ChipSex, ChipExpiry string
	PassiveAuth, ChipAuth, Liveness, Manual              bool
	Face, ManualName, VNeID                              string
}

func (k *Kind) checkPage(c *fiber.Ctx, r *web.Request, status int, a Act, p Party, v checkValues, errs map[string]string) error {
	sex := []views.Option{{Value: "", Label: r.T.T("form.choose")}, {Value: "M", Label: r.T.T("notary.sex_m")}, {Value: "F", Label: r.T.T("notary.sex_f")}}
	threshold, err := Threshold(r.Tx, r.Tenant.ID, a.SiteID)
	if err != nil {
		return err
	}
	fields := []views.Field{
		{Name: "manual", Label: r.T.T("notary.manual_verified"), Type: "checkbox", Checked: v.Manual, Hint: r.T.T("notary.manual_hint")},
		{Name: "manual_name", Label: r.T.T("notary.manual_name"), Type: "text", Value: v.ManualName},
		{Name: "chip_number", Label: r.T.T("notary.chip_number"), Type: "text", Value: v.ChipNumber},
		{Name: "chip_name", Label: r.T.T("notary.chip_name"), Type: "text", Value: v.ChipName},
		{Name: "chip_birth_date", Label: r.T.T("notary.chip_birth_date"), Type: "date", Value: v.ChipBirth},
		{Name: "chip_sex", Label: r.T.T("notary.chip_sex"), Type: "select", Value: v.ChipSex, Options: sex},
		{Name: "chip_expiry", Label: r.T.T("notary.chip_expiry"), Type: "date", Value: v.ChipExpiry},
		{Name: "passive_auth", Label: r.T.T("notary.passive_auth"), Type: "checkbox", Checked: v.PassiveAuth},
		{Name: "chip_auth", Label: r.T.T("notary.chip_auth"), Type: "checkbox", Checked: v.ChipAuth},
		{Name: "face_match", Label: r.T.T("notary.face_match"), Type: "text", Value: v.Face,
			Hint: r.T.T("notary.face_hint", "Threshold", strconv.FormatFloat(threshold, 'f', 2, 64))},
		{Name: "liveness", Label: r.T.T("notary.liveness"), Type: "checkbox", Checked: v.Liveness},
		{Name: "vneid_code", Label: r.T.T("notary.vneid_code"), Type: "text", Value: v.VNeID},
		{Name: "_csrf", Type: "hidden", Value: r.CSRF},
	}
	setErrors(fields, errs)
	f := views.Form{ID: "check-form", Action: actHref(r, a.ID) + "/parties/" + strconv.FormatInt(p.ID, 10) + "/check",
		Submit: r.T.T("notary.check_save"), Fields: fields}
	if len(errs) > 0 {
		f.Error = r.T.T("notary.check_invalid")
	}
	if r.HTMX && status == fiber.StatusUnprocessableEntity {
		return web.Render(c, r, status, views.FormView(f))
	}
	scr := views.Screen{Actions: []views.NavLink{{Label: r.T.T("notary.back_to_act"), Href: actHref(r, a.ID)}},
		Sections: []views.Section{
			{ID: "party", Title: r.T.T("notary.qr_says"), Text: r.T.T("notary.qr_line", "Name", p.FullName, "Number", iddoc.MaskNumber(p.DocNumber),
				"Birth", r.T.Date(p.BirthDate), "Sex", r.T.T("notary.sex_"+strings.ToLower(p.Sex)))},
			{ID: "check", Title: r.T.T("notary.check_title"), Text: r.T.T("notary.check_help"), Form: &f}}}
	page := k.Host.Pages.Page(c, r, "notary.check_page", "Name", p.FullName)
	page.Section = a.Number
	return web.Render(c, r, status, views.ScreenView(page, scr))
}

func (k *Kind) loadParty(c *fiber.Ctx, r *web.Request) (Act, Party, error) {
	a, err := loadAct(c, r)
	if err != nil {
		return a, Party{}, err
	}
	id, err := idParam(c, "party")
	if err != nil {
		return a, Party{}, err
	}
	p, err := GetParty(r.Tx, r.Tenant.ID, a.ID, id)
	if err == ErrNotFound {
		return a, p, fiber.ErrNotFound
	}
	return a, p, err
}

// checkForm is the identity check entry of one party: what the reader
// shows, or the manual "chip verified" tick of an office without a reader.
func (k *Kind) checkForm(c *fiber.Ctx, r *web.Request) error {
	a, p, err := k.loadParty(c, r)
	if err != nil {
		return err
	}
	return k.checkPage(c, r, fiber.StatusOK, a, p, checkValues{PassiveAuth: true, ChipAuth: true, Liveness: true}, nil)
}

// parseCheckForm reads the form into a check, or says what is wrong by field.
func parseCheckForm(c *fiber.Ctx) (checkValues, CheckInput, map[string]string) {
	on := func(n string) bool { return web.Form(c, n) == "on" }
	v := checkValues{ChipNumber: web.Form(c, "chip_number"), ChipName: web.Form(c, "chip_name"), ChipBirth: web.Form(c, "chip_birth_date"),
		ChipSex: web.Form(c, "chip_sex"), ChipExpiry: web.Form(c, "chip_expiry"), PassiveAuth: on("passive_auth"), ChipAuth: on("chip_auth"),
		Liveness: on("liveness"), Manual: on("manual"), Face: web.Form(c, "face_match"), ManualName: web.Form(c, "manual_name"),
		VNeID: web.Form(c, "vneid_code")}
	errs := map[string]string{}
	in := CheckInput{Manual: v.Manual, ManualName: v.ManualName, Liveness: v.Liveness, VNeIDCode: v.VNeID, Source: "form"}
	limit := func(field, val string, n int) {
		if len([]rune(val)) > n {
			errs[field] = "validation.too_long"
		}
	}
	limit("manual_name", v.ManualName, 100)
	limit("chip_number", v.ChipNumber, 20)
	limit("chip_name", v.ChipName, 100)
	limit("vneid_code", v.VNeID, 200)
	var expiry time.Time
	if v.ChipExpiry != "" {
		t, err := time.Parse("2006-01-02", v.ChipExpiry)
		if err != nil {
			errs["chip_expiry"] = "notary.api_date"
		}
		expiry = t
	}
	if v.Manual {
		if v.ManualName == "" {
			errs["manual_name"] = "notary.manual_name_required"
		}
		if !expiry.IsZero() {
			in.Chip = &Chip{Expiry: expiry}
		}
		return v, in, errs
	}
	chipGiven := v.ChipNumber != "" || v.ChipName != "" || v.ChipBirth != "" || v.ChipSex != ""
	if !chipGiven {
		return v, in, errs // no chip result: unverified
	}
	chip := &Chip{Person: Person{Number: v.ChipNumber, FullName: v.ChipName, Sex: v.ChipSex}, Expiry: expiry,
		PassiveAuth: v.PassiveAuth, ChipAuth: v.ChipAuth}
	for field, val := range map[string]string{"chip_number": v.ChipNumber, "chip_name": v.ChipName, "chip_birth_date": v.ChipBirth, "chip_sex": v.ChipSex} {
		if val == "" {
			errs[field] = "validation.required"
		}
	}
	if v.ChipBirth != "" {
		t, err := time.Parse("2006-01-02", v.ChipBirth)
		if err != nil {
			errs["chip_birth_date"] = "notary.api_date"
		}
		chip.BirthDate = t
	}
	if v.ChipSex != "" && v.ChipSex != "M" && v.ChipSex != "F" {
		errs["chip_sex"] = "notary.bad_sex"
	}
	if v.Face != "" {
		f, err := strconv.ParseFloat(strings.Replace(v.Face, ",", ".", 1), 64)
		if err != nil || f < 0 || f > 1 {
			errs["face_match"] = "notary.bad_face"
		} else {
			in.FaceMatch = &f
		}
	}
	in.Chip = chip
	return v, in, errs
}

// checkSave decides the check and goes back to the act, which says the verdict.
func (k *Kind) checkSave(c *fiber.Ctx, r *web.Request) error {
	a, p, err := k.loadParty(c, r)
	if err != nil {
		return err
	}
	v, in, errs := parseCheckForm(c)
	if a.Status != "open" {
		errs["manual"] = "notary.act_completed"
	}
	if len(errs) > 0 {
		msgs := map[string]string{}
		for f, code := range errs {
			msgs[f] = r.T.T(code)
		}
		return k.checkPage(c, r, fiber.StatusUnprocessableEntity, a, p, v, msgs)
	}
	in.At = k.Host.Now()
	res, err := SaveCheck(r.Tx, r.Tenant.ID, a, p, r.User.UserID, in)
	if err != nil {
		return err
	}
	return web.Redirect(c, r, actHref(r, a.ID)+"?check="+strconv.FormatInt(res.ID, 10))
}
