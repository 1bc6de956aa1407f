package notary

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/iddoc"
	"portal06/app/store"
	"portal06/app/web"
)

// APIAct is the act a check belongs to; it is created on its first check.
type APIAct struct {
	Type            string `json:"type"`
	Number          string `json:"number"`
	LandCertificate string `json:"land_certificate,omitempty"`
	Parcel          string `json:"parcel,omitempty"` // "<parcel number>/<map sheet>", e.g. "123/45"
}

// APIChip is what the reader read from the chip and what it found.
type APIChip struct {
	Number      string `json:"number"`
	FullName    string `json:"full_name"`
	BirthDate   string `json:"birth_date"` // YYYY-MM-DD
	Sex         string `json:"sex"`        // M or F
	Expiry      string `json:"expiry"`     // YYYY-MM-DD
	PassiveAuth bool   `json:"passive_auth"`
	ChipAuth    bool   `json:"chip_auth"`
}

// APICheckRequest is the body of POST /api/v1/identity-checks.
type APICheckRequest struct {
	Site      string   `json:"site"`
	Act       APIAct   `json:"act"`
	PartyRole string   `json:"party_role"`
	IDQR      string   `json:"id_qr"`
	Chip      *APIChip `json:"chip"`
	FaceMatch *float64 `json:"face_match"`
	Liveness  bool     `json:"liveness"`
	VNeIDCode string   `json:"vneid_code,omitempty"`
}

// APICheck is the answer: the check's id, its verdict with reasons, and the
// kinds of the signals it raised.
type APICheck struct {
	ID      int64    `json:"id"`
	Verdict string   `json:"verdict"`
	Reasons []string `json:"reasons"`
	Signals []string `json:"signals"`
}

// APIError is one field's problem in a 422 answer, as every API gives it.
type APIError = web.APIError

var parcelAPIRe = regexp.MustCompile(`^\s*([0-9]{1,6})\s*/\s*([0-9]{1,4})\s*$`)

// apiCheck records one identity check from the reader software. With an
// Idempotency-Key, a retry gets the first answer and records nothing new.
func (k *Kind) apiCheck(c *fiber.Ctx, r *web.Request) error {
	return web.Idempotent(c, r, func(body []byte) (int, any, error) {
		var req APICheckRequest
		if ok, err := web.DecodeJSON(c, r, body, &req); !ok {
			return fiber.StatusUnprocessableEntity, nil, err
		}
		out, errs, err := k.apiRecord(r, req)
		if err != nil {
			return 0, nil, err
		}
		if len(errs) > 0 {
			return fiber.StatusUnprocessableEntity, nil, web.APIUnprocessable(c, errs)
		}
		return fiber.StatusCreated, out, nil
	})
}

// apiRecord validates the request whole, then finds or creates the act and
// the party and saves the check.
func (k *Kind) apiRecord(r *web.Request, req APICheckRequest) (APICheck, []APIError, error) {
	var errs []APIError
	add := func(field, msg string) { errs = append(errs, APIError{Field: field, Message: msg}) }
	now := k.Host.Now()
	var siteID int64
	if req.Site == "" {
		add("site", r.T.T("validation.required"))
	} else if err := r.Tx.Raw(`SELECT id FROM sites WHERE tenant_id = ? AND slug = ? AND kind = 'notary_office'`, r.Tenant.ID, req.Site).
		Scan(&siteID).Error; err != nil {
		return APICheck{}, nil, err
	} else if siteID == 0 {
		add("site", r.T.T("notary.api_unknown_site"))
	}
	in := ActInput{SiteID: siteID, ActType: req.Act.Type, Number: req.Act.Number, LandCertificate: req.Act.LandCertificate, At: now}
	if req.Act.Parcel != "" {
		if m := parcelAPIRe.FindStringSubmatch(req.Act.Parcel); m != nil {
			in.Parcel, in.MapSheet = m[1], m[2]
		} else {
			add("act.parcel", r.T.T("notary.bad_parcel_api"))
		}
	}
	if siteID == 0 {
		in.SiteID = -1 // reported above
	}
	for f, code := range in.Normalize() {
		if f == "site" {
			continue
		}
		if f == "act_type" {
			f = "type"
		}
		if f == "map_sheet" {
			f = "parcel"
		}
		add("act."+f, r.T.T(code))
	}
	if req.PartyRole == "" {
		add("party_role", r.T.T("validation.required"))
	} else if !oneOf(req.PartyRole, PartyRoles) {
		add("party_role", r.T.T("notary.bad_role"))
	}
	var id iddoc.Identity
	if strings.TrimSpace(req.IDQR) == "" {
		add("id_qr", r.T.T("validation.required"))
	} else if len(req.IDQR) > 2000 {
		add("id_qr", r.T.T("validation.too_long"))
	} else {
		var err error
		id, err = iddoc.ParseCCCD(req.IDQR, now)
		var e *iddoc.Errors
		if errors.As(err, &e) {
			for _, f := range e.List {
				add("id_qr", r.T.T("field."+f.Field)+": "+r.T.T(f.Code, f.Args...))
			}
		} else if err != nil {
			return APICheck{}, nil, err
		}
	}
	check := CheckInput{Liveness: req.Liveness, VNeIDCode: strings.TrimSpace(req.VNeIDCode), Source: "api", At: now}
	if len([]rune(check.VNeIDCode)) > 200 {
		add("vneid_code", r.T.T("validation.too_long"))
	}
	if req.FaceMatch != nil {
		if *req.FaceMatch < 0 || *req.FaceMatch > 1 {
			add("face_match", r.T.T("notary.bad_face"))
		}
		check.FaceMatch = req.FaceMatch
	}
	if ch := req.Chip; ch != nil {
		chip := &Chip{Person: Person{Number: strings.TrimSpace(ch.Number), FullName: strings.TrimSpace(ch.FullName), Sex: ch.Sex},
			PassiveAuth: ch.PassiveAuth, ChipAuth: ch.ChipAuth}
		switch {
		case chip.Number == "":
			add("chip.number", r.T.T("validation.required"))
		case len(chip.Number) > 20:
			add("chip.number", r.T.T("validation.too_long"))
		}
		switch {
		case chip.FullName == "":
			add("chip.full_name", r.T.T("validation.required"))
		case len([]rune(chip.FullName)) > 100:
			add("chip.full_name", r.T.T("validation.too_long"))
		}
		if ch.Sex != "M" && ch.Sex != "F" {
			add("chip.sex", r.T.T("notary.bad_sex"))
		}
		date := func(field, v string) time.Time {
			t, err := time.Parse("2006-01-02", v)
			if err != nil {
				add(field, r.T.T("notary.api_date"))
			}
			return t
		}
		chip.BirthDate = date("chip.birth_date", ch.BirthDate)
		chip.Expiry = date("chip.expiry", ch.Expiry)
		check.Chip = chip
	}
	if len(errs) > 0 {
		return APICheck{}, errs, nil
	}
	a, bad, err := k.apiAct(r, in)
	if err != nil || bad != nil {
		return APICheck{}, bad, err
	}
	pid, err := AddParty(r.Tx, r.Tenant.ID, a, 0, req.PartyRole, id, now)
	if err != nil && !errors.Is(err, errPartyExists) {
		var inv store.Invalid
		if errors.As(err, &inv) {
			return APICheck{}, []APIError{{Field: "id_qr", Message: r.T.T("notary.cccd_only")}}, nil
		}
		return APICheck{}, nil, err
	}
	p, err := GetParty(r.Tx, r.Tenant.ID, a.ID, pid)
	if err != nil {
		return APICheck{}, nil, err
	}
	res, err := SaveCheck(r.Tx, r.Tenant.ID, a, p, 0, check)
	if err != nil {
		return APICheck{}, nil, err
	}
	out := APICheck(res)
	if out.Reasons == nil {
		out.Reasons = []string{}
	}
	if out.Signals == nil {
		out.Signals = []string{}
	}
	return out, nil, nil
}

// apiAct finds the act by its number, or records it; an existing act must
// be open and of the same office and type.
func (k *Kind) apiAct(r *web.Request, in ActInput) (Act, []APIError, error) {
	var existing int64
	if err := r.Tx.Raw(`SELECT id FROM notary_acts WHERE tenant_id = ? AND number = ?`, r.Tenant.ID, in.Number).Scan(&existing).Error; err != nil {
		return Act{}, nil, fmt.Errorf("notary: look up act: %w", err)
	}
	if existing == 0 {
		id, err := CreateAct(r.Tx, r.Tenant.ID, 0, in)
		var bad store.Invalid
		if errors.As(err, &bad) {
			var out []APIError
			for f, code := range bad {
				out = append(out, APIError{Field: "act." + f, Message: r.T.T(code)})
			}
			return Act{}, out, nil
		}
		if err != nil {
			return Act{}, nil, err
		}
		existing = id
	}
	a, err := GetAct(r.Tx, r.Scope, r.Tenant.ID, existing)
	if err != nil {
		return a, nil, err
	}
	switch {
	case a.SiteID != in.SiteID || a.ActType != in.ActType:
		return a, []APIError{{Field: "act.number", Message: r.T.T("notary.number_other_act")}}, nil
	case a.Status != "open":
		return a, []APIError{{Field: "act.number", Message: r.T.T("notary.act_completed")}}, nil
	}
	return a, nil, nil
}
