package accommodation

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/iddoc"
	"portal06/app/stays"
	"portal06/app/store"
	"portal06/app/web"
)

// APIStayRequest is the body of POST /api/v1/stays. The guest is given by
// id_qr (the raw CCCD QR text), by mrz, or by the document fields.
// Every string has a length limit (maxlen, or web.MaxText); fields with a
// format of their own are given room enough for it to name what is wrong.
type APIStayRequest struct {
	Site              string `json:"site" maxlen:"63"`
	Room              string `json:"room" maxlen:"40"`
	IDQR              string `json:"id_qr" maxlen:"1000"`
	MRZ               string `json:"mrz" maxlen:"200"`
	DocumentType      string `json:"document_type" maxlen:"40"`
	DocumentNumber    string `json:"document_number" maxlen:"40"`
	FullName          string `json:"full_name" maxlen:"100"`
	BirthDate         string `json:"birth_date" maxlen:"40"`
	Sex               string `json:"sex" maxlen:"40"`
	Nationality       string `json:"nationality" maxlen:"40"`
	Address           string `json:"address" maxlen:"300"`
	Arrival           string `json:"arrival" maxlen:"40"`
	ExpectedDeparture string `json:"expected_departure" maxlen:"40"`
	Reason            string `json:"reason" maxlen:"200"`
}

// The stays API's answers, as the core gives them.
type (
	// APIStay is a stay as the API answers it.
	APIStay = stays.APIStay
	// APINotification is the state of a stay's check-in notification.
	APINotification = stays.APINotification
	// APIDocument is the guest's document in an answer.
	APIDocument = stays.APIDocument
)

// APIError is one field's problem in a 422 answer, as every API gives it.
type APIError = web.APIError

// RegisterAPI adds the API for hotel software.
func (k *Kind) RegisterAPI(r *web.Router) {
	r.Post("/stays", "api.stays", k.apiCreate)
	r.Get("/stays/:id", "api.stays", k.apiGet)
	r.Post("/stays/:id/checkout", "api.stays", k.apiCheckout)
}

// OpenAPI documents the stays API; the core serves it merged with the other
// kinds' at /api/v1/openapi.json.
func (*Kind) OpenAPI() []byte { return OpenAPI() }

// apiStay is a stay as the API answers it; slug is its site's, or "" to look it up.
func (k *Kind) apiStay(r *web.Request, st Stay, slug string) (APIStay, error) {
	if slug == "" {
		var err error
		if slug, err = store.SiteSlug(r.Tx, st.TenantID, st.SiteID); err != nil {
			return APIStay{}, fmt.Errorf("accommodation: site of stay %d: %w", st.ID, err)
		}
	}
	return stays.Answer(st, slug), nil
}

// apiCreate checks a guest in. With an Idempotency-Key, a retry of the same
// request gets the first answer and creates nothing.
func (k *Kind) apiCreate(c *fiber.Ctx, r *web.Request) error {
	return web.Idempotent(c, r, func(body []byte) (int, any, error) {
		var req APIStayRequest
		if ok, err := web.DecodeJSON(c, r, body, &req); !ok {
			return fiber.StatusUnprocessableEntity, nil, err
		}
		st, status, err := k.apiCheckIn(r, req)
		if err != nil {
			return fiber.StatusUnprocessableEntity, nil, web.APIInvalid(c, r, err)
		}
		out, err := k.apiStay(r, st, req.Site) // the site was found by this slug
		if err != nil {
			return 0, nil, err
		}
		return status, out, nil
	})
}

func (k *Kind) apiCheckIn(r *web.Request, req APIStayRequest) (Stay, int, error) {
	errs := &iddoc.Errors{}
	add := func(field, code string) { errs.List = append(errs.List, iddoc.FieldError{Field: field, Code: code}) }
	// the site is found by its slug, among this kind's, with the check-in
	site := req.Site
	if strings.TrimSpace(site) == "" {
		site = "" // answered "required"
	}
	var id iddoc.Identity
	var err error
	switch {
	case strings.TrimSpace(req.IDQR) != "":
		id, err = iddoc.ParseCCCD(req.IDQR, k.d.Now())
	case strings.TrimSpace(req.MRZ) != "":
		id, err = iddoc.ParseMRZ(req.MRZ, k.d.Now())
	default:
		id, err = iddoc.ParseManual(iddoc.Manual{DocType: req.DocumentType, Number: req.DocumentNumber, FullName: req.FullName,
			BirthDate: req.BirthDate, Sex: req.Sex, Nationality: req.Nationality}, k.d.Now())
		id.Address = strings.TrimSpace(req.Address)
	}
	if err != nil {
		var e *iddoc.Errors
		if !errors.As(err, &e) {
			return Stay{}, 0, err
		}
		errs.List = append(errs.List, e.List...)
	}
	in := CheckInInput{SiteSlug: site, SiteKinds: k.SiteKinds(), Room: req.Room, Identity: id, Source: "api", ExpectedDeparture: req.ExpectedDeparture, Reason: req.Reason}
	if a := strings.TrimSpace(req.Arrival); a != "" {
		t, perr := time.Parse(time.RFC3339, a)
		if perr != nil {
			add("arrival", "api.rfc3339")
		}
		in.Arrival = t
	}
	if len(errs.List) > 0 {
		in.DocumentErr = errs // reported together with the stay's own mistakes
	}
	st, existing, err := k.checkIn(r.Ctx, r.Tx, r.Tenant.ID, in)
	if err != nil {
		return Stay{}, 0, err
	}
	if existing {
		return st, fiber.StatusOK, nil
	}
	return st, fiber.StatusCreated, nil
}

func (k *Kind) apiGet(c *fiber.Ctx, r *web.Request) error {
	st, err := k.loadStay(c, r)
	if err != nil {
		return err
	}
	out, err := k.apiStay(r, st, "")
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (k *Kind) apiCheckout(c *fiber.Ctx, r *web.Request) error {
	st, err := k.loadStay(c, r)
	if err != nil {
		return err
	}
	if err := k.svc.CheckOut(r.Ctx, r.Tx, r.Tenant.ID, st.ID, 0); err != nil {
		if errors.Is(err, stays.ErrNotOpen) {
			return fiber.NewError(fiber.StatusConflict, "the stay is not open")
		}
		return err
	}
	if st, err = stays.GetStay(r.Tx, r.Tenant.ID, st.ID); err != nil {
		return err
	}
	out, err := k.apiStay(r, st, "")
	if err != nil {
		return err
	}
	return c.JSON(out)
}
