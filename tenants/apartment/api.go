package apartment

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/iddoc"
	"portal06/app/stays"
	"portal06/app/store"
	"portal06/app/web"
)

// APIResidentRequest is the body of POST /api/v1/residents. The person is
// given by id_qr (the raw CCCD QR text), by mrz, or by the document fields,
// as in POST /api/v1/stays.
type APIResidentRequest struct {
	Site           string `json:"site"`
	Unit           string `json:"unit"`
	IDQR           string `json:"id_qr"`
	MRZ            string `json:"mrz"`
	DocumentType   string `json:"document_type"`
	DocumentNumber string `json:"document_number"`
	FullName       string `json:"full_name"`
	BirthDate      string `json:"birth_date"`
	Sex            string `json:"sex"`
	Nationality    string `json:"nationality"`
	Address        string `json:"address"`
	Relation       string `json:"relation"`
	ResidenceType  string `json:"residence_type"`
	MoveIn         string `json:"move_in"`
}

// APIMoveOutRequest is the body of POST /api/v1/residents/{id}/move-out.
type APIMoveOutRequest struct {
	Date   string `json:"date"`
	Reason string `json:"reason"`
}

// APIDocument is a person's document in an answer.
type APIDocument = stays.APIDocument

// APITamtru is a resident's tạm trú: the stored status, and the state the
// law's rules give it today (due, expiring, overdue …).
type APITamtru struct {
	Status  string  `json:"status"`
	State   string  `json:"state"`
	Dossier string  `json:"dossier"`
	Until   *string `json:"until"`
}

// APIResident is a residence as the API answers it.
type APIResident struct {
	ID            int64       `json:"id"`
	Site          string      `json:"site"`
	Unit          string      `json:"unit"`
	Status        string      `json:"status"` // active or moved_out
	Document      APIDocument `json:"document"`
	FullName      string      `json:"full_name"`
	BirthDate     string      `json:"birth_date"`
	Sex           string      `json:"sex"`
	Nationality   string      `json:"nationality"`
	Relation      string      `json:"relation"`
	ResidenceType string      `json:"residence_type"`
	MoveIn        string      `json:"move_in"`
	MoveOut       *string     `json:"move_out"`
	MoveOutReason string      `json:"move_out_reason"`
	PreviousID    *int64      `json:"previous_id"`
	Tamtru        APITamtru   `json:"tamtru"`
}

// APIResidentList is a page of residents.
type APIResidentList struct {
	Items   []APIResident `json:"items"`
	Page    int           `json:"page"`
	PerPage int           `json:"per_page"`
	Total   int64         `json:"total"`
}

// APIError is one field's problem in a 422 answer, as every API gives it.
type APIError = web.APIError

// RegisterAPI adds the API for building-management software.
func (k *Kind) RegisterAPI(r *web.Router) {
	r.Post("/residents", "api.residents", k.apiCreate)
	r.Get("/residents", "api.residents", k.apiList)
	r.Get("/residents/:id", "api.residents", k.apiGet)
	r.Post("/residents/:id/move-out", "api.residents", k.apiMoveOut)
	r.Post("/visits", "api.residents", k.apiVisitCreate)
	r.Get("/visits/:id", "api.residents", k.apiVisitGet)
}

// OpenAPI documents the residents and visits API; the core serves it merged
// with the other kinds' at /api/v1/openapi.json.
func (*Kind) OpenAPI() []byte { return OpenAPI() }

func dateStr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.Format("2006-01-02")
	return &s
}

func (k *Kind) apiResident(r *web.Request, res Resident, site string) APIResident {
	status := "active"
	if !res.Active() {
		status = "moved_out"
	}
	return APIResident{ID: res.ID, Site: site, Unit: res.UnitCode, Status: status, Document: APIDocument{Type: res.DocType, Number: res.DocNumber},
		FullName: res.FullName, BirthDate: res.BirthDate.Format("2006-01-02"), Sex: res.Sex, Nationality: res.Nationality,
		Relation: res.Relation, ResidenceType: res.ResidenceType, MoveIn: res.MoveIn.Format("2006-01-02"), MoveOut: dateStr(res.MoveOut),
		MoveOutReason: res.MoveOutReason, PreviousID: res.PreviousID,
		Tamtru: APITamtru{Status: res.TamtruStatus, State: State(res.Tamtru(), k.Host.Now()), Dossier: res.TamtruDossier, Until: dateStr(res.TamtruUntil)}}
}

func (k *Kind) siteSlug(r *web.Request, siteID int64) (string, error) {
	var slug string
	if err := r.Tx.Raw(`SELECT slug FROM sites WHERE tenant_id = ? AND id = ?`, r.Tenant.ID, siteID).Scan(&slug).Error; err != nil {
		return "", fmt.Errorf("apartment: site %d: %w", siteID, err)
	}
	return slug, nil
}

// apiCreate registers a resident.
func (k *Kind) apiCreate(c *fiber.Ctx, r *web.Request) error {
	return web.Idempotent(c, r, func(body []byte) (int, any, error) {
		var req APIResidentRequest
		if ok, err := web.DecodeJSON(c, r, body, &req); !ok {
			return 422, nil, err
		}
		res, slug, err := k.apiRegister(r, req)
		if err != nil {
			return 422, nil, web.APIInvalid(c, r, err)
		}
		return fiber.StatusCreated, k.apiResident(r, res, slug), nil
	})
}

func (k *Kind) apiRegister(r *web.Request, req APIResidentRequest) (Resident, string, error) {
	errs := &iddoc.Errors{}
	add := func(field, code string) { errs.List = append(errs.List, iddoc.FieldError{Field: field, Code: code}) }
	var site struct {
		ID   int64
		Slug string
		Kind string
	}
	if strings.TrimSpace(req.Site) == "" {
		add("site", "validation.required")
	} else if len(req.Site) > 63 {
		add("site", "validation.too_long")
	} else if err := r.Tx.Raw(`SELECT id, slug, kind FROM sites WHERE tenant_id = ? AND slug = ? AND kind IN ?`,
		r.Tenant.ID, req.Site, k.SiteKinds()).Scan(&site).Error; err != nil {
		return Resident{}, "", err
	} else if site.ID == 0 {
		add("site", "apt.api_unknown_site")
	}
	var id iddoc.Identity
	var err error
	switch {
	case strings.TrimSpace(req.IDQR) != "" || strings.TrimSpace(req.MRZ) != "":
		if len(req.IDQR) > 2000 || len(req.MRZ) > 200 {
			add("id_qr", "validation.too_long")
		} else {
			id, _, err = iddoc.Read(req.IDQR, req.MRZ, k.Host.Now())
		}
	default:
		id, err = iddoc.ParseManual(iddoc.Manual{DocType: req.DocumentType, Number: req.DocumentNumber, FullName: req.FullName,
			BirthDate: req.BirthDate, Sex: req.Sex, Nationality: req.Nationality}, k.Host.Now())
		id.Address = strings.TrimSpace(req.Address)
	}
	if err != nil {
		var e *iddoc.Errors
		if !errors.As(err, &e) {
			return Resident{}, "", err
		}
		errs.List = append(errs.List, e.List...)
	}
	bad := store.Invalid{}
	var unit Unit
	if site.ID != 0 {
		if unit, err = k.unitOf(r, site.ID, req.Unit, bad); err != nil {
			return Resident{}, "", err
		}
	} else if strings.TrimSpace(req.Unit) == "" {
		bad["unit"] = "validation.required"
	}
	checkIdentityText(bad, id)
	checkResidence(bad, req.Relation, req.ResidenceType, req.MoveIn, Day(k.Host.Now()))
	for f, code := range bad {
		add(f, code)
	}
	if len(errs.List) > 0 {
		return Resident{}, "", errs
	}
	res, err := Register(r.Tx, r.Tenant.ID, RegisterInput{SiteID: site.ID, UnitID: unit.ID, Identity: id, Relation: req.Relation,
		ResidenceType: req.ResidenceType, MoveIn: req.MoveIn, Source: "api"}, k.Host.Now())
	return res, site.Slug, err
}

func (k *Kind) apiLoad(c *fiber.Ctx, r *web.Request) (Resident, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return Resident{}, fiber.ErrNotFound
	}
	res, err := GetResident(r.Tx, r.Tenant.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return res, fiber.ErrNotFound
	}
	return res, err
}

func (k *Kind) apiGet(c *fiber.Ctx, r *web.Request) error {
	res, err := k.apiLoad(c, r)
	if err != nil {
		return err
	}
	slug, err := k.siteSlug(r, res.SiteID)
	if err != nil {
		return err
	}
	return c.JSON(k.apiResident(r, res, slug))
}

// apiMoveOut ends a residence on a date, for a reason.
func (k *Kind) apiMoveOut(c *fiber.Ctx, r *web.Request) error {
	res, err := k.apiLoad(c, r)
	if err != nil {
		return err
	}
	return web.Idempotent(c, r, func(body []byte) (int, any, error) {
		var req APIMoveOutRequest
		if ok, err := web.DecodeJSON(c, r, body, &req); !ok {
			return 422, nil, err
		}
		out, err := MoveOut(r.Tx, r.Tenant.ID, res.ID, req.Date, req.Reason, 0, k.Host.Now())
		if errors.Is(err, ErrEnded) {
			return 409, nil, fiber.NewError(fiber.StatusConflict, "the residence has already ended")
		}
		if err != nil {
			return 422, nil, web.APIInvalid(c, r, err)
		}
		slug, err := k.siteSlug(r, out.SiteID)
		if err != nil {
			return 500, nil, err
		}
		return fiber.StatusOK, k.apiResident(r, out, slug), nil
	})
}

// apiList lists the residents of a site, or of one unit, a page at a time.
func (k *Kind) apiList(c *fiber.Ctx, r *web.Request) error {
	siteSlug, unit := web.Query(c, "site"), web.Query(c, "unit")
	var siteID int64
	if siteSlug == "" {
		return web.APIInvalid(c, r, store.Invalid{"site": "validation.required"})
	}
	if err := r.Tx.Raw(`SELECT id FROM sites WHERE tenant_id = ? AND slug = ? AND kind IN ?`, r.Tenant.ID, siteSlug, k.SiteKinds()).Scan(&siteID).Error; err != nil {
		return err
	}
	if siteID == 0 {
		return web.APIInvalid(c, r, store.Invalid{"site": "apt.api_unknown_site"})
	}
	page := web.PageNum(c)
	per, err := strconv.Atoi(c.Query("per_page", "50"))
	if err != nil || per < 1 || per > 200 {
		return web.APIInvalid(c, r, store.Invalid{"per_page": "apt.per_page"})
	}
	f := ResidentFilter{SiteID: siteID, Unit: unit, Today: k.Host.Now(), All: c.Query("all") == "true"}
	rows, total, err := ListResidents(r.Tx, r.Tenant.ID, f, page, per)
	if err != nil {
		return err
	}
	out := APIResidentList{Items: make([]APIResident, len(rows)), Page: page, PerPage: per, Total: total}
	for i, x := range rows {
		out.Items[i] = k.apiResident(r, x, siteSlug)
	}
	return c.JSON(out)
}
