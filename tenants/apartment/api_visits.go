package apartment

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/iddoc"
	"portal06/app/stays"
	"portal06/app/store"
	"portal06/app/web"
)

// APIVisitRequest is the body of POST /api/v1/visits: the visitor by id_qr,
// mrz or the document fields, the unit they stay in, arrival (RFC 3339) and
// expected_departure (YYYY-MM-DD).
type APIVisitRequest struct {
	Site              string `json:"site"`
	Unit              string `json:"unit"`
	IDQR              string `json:"id_qr"`
	MRZ               string `json:"mrz"`
	DocumentType      string `json:"document_type"`
	DocumentNumber    string `json:"document_number"`
	FullName          string `json:"full_name"`
	BirthDate         string `json:"birth_date"`
	Sex               string `json:"sex"`
	Nationality       string `json:"nationality"`
	Address           string `json:"address"`
	Arrival           string `json:"arrival"`
	ExpectedDeparture string `json:"expected_departure"`
	Reason            string `json:"reason"`
}

// APIVisit is a visitor's stay, in the shape of GET /api/v1/stays/{id};
// room is the unit's code.
type APIVisit = stays.APIStay

// APINotification is the state of a visit's notification, as the stays API gives it.
type APINotification = stays.APINotification

// apiVisitCreate records an overnight visitor; 201 with the visit, or 200
// when the visitor already stays at the site.
func (k *Kind) apiVisitCreate(c *fiber.Ctx, r *web.Request) error {
	return web.Idempotent(c, r, func(body []byte) (int, any, error) {
		var req APIVisitRequest
		if ok, err := web.DecodeJSON(c, r, body, &req); !ok {
			return 422, nil, err
		}
		bad := store.Invalid{}
		var site struct {
			ID   int64
			Slug string
		}
		if strings.TrimSpace(req.Site) == "" {
			bad["site"] = "validation.required"
		} else if len(req.Site) > 63 {
			bad["site"] = "validation.too_long"
		} else if err := r.Tx.Raw(`SELECT id, slug FROM sites WHERE tenant_id = ? AND slug = ? AND kind IN ?`,
			r.Tenant.ID, req.Site, k.SiteKinds()).Scan(&site).Error; err != nil {
			return 500, nil, err
		} else if site.ID == 0 {
			bad["site"] = "apt.api_unknown_site"
		}
		var id iddoc.Identity
		var docErr error
		switch {
		case len(req.IDQR) > 2000 || len(req.MRZ) > 200:
			bad["id_qr"] = "validation.too_long"
		case strings.TrimSpace(req.IDQR) != "" || strings.TrimSpace(req.MRZ) != "":
			id, _, docErr = iddoc.Read(req.IDQR, req.MRZ, k.Host.Now())
		default:
			id, docErr = iddoc.ParseManual(iddoc.Manual{DocType: req.DocumentType, Number: req.DocumentNumber, FullName: req.FullName,
				BirthDate: req.BirthDate, Sex: req.Sex, Nationality: req.Nationality}, k.Host.Now())
			id.Address = strings.TrimSpace(req.Address)
		}
		if docErr != nil {
			var e *iddoc.Errors
			if !errors.As(docErr, &e) {
				return 500, nil, docErr
			}
		}
		in := VisitInput{SiteID: site.ID, Unit: req.Unit, Identity: id, Source: "api", ExpectedDeparture: req.ExpectedDeparture, Reason: req.Reason}
		if a := strings.TrimSpace(req.Arrival); a != "" {
			t, err := time.Parse(time.RFC3339, a)
			if err != nil {
				bad["arrival"] = "apt.rfc3339"
			}
			in.Arrival = t
		}
		if site.ID == 0 {
			if strings.TrimSpace(req.Unit) == "" {
				bad["unit"] = "validation.required"
			}
			return 422, nil, web.APIInvalid(c, r, iddoc.Merge(docErr, bad))
		}
		if len(bad) > 0 {
			docErr = iddoc.Merge(docErr, bad)
		}
		in.DocumentErr = docErr
		st, existing, err := k.RecordVisit(r, in)
		if err != nil {
			return 422, nil, web.APIInvalid(c, r, err)
		}
		status := fiber.StatusCreated
		if existing {
			status = fiber.StatusOK
		}
		return status, stays.Answer(st, site.Slug), nil
	})
}

// apiVisitGet reads a visit and its notification.
func (k *Kind) apiVisitGet(c *fiber.Ctx, r *web.Request) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	var n int64
	if err := r.Tx.Raw(`SELECT count(*) FROM apt_visits WHERE tenant_id = ? AND stay_id = ?`, r.Tenant.ID, id).Scan(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return fiber.ErrNotFound
	}
	st, err := stays.GetStay(r.Tx, r.Tenant.ID, id)
	if err != nil {
		return err
	}
	slug, err := k.siteSlug(r, st.SiteID)
	if err != nil {
		return err
	}
	return c.JSON(stays.Answer(st, slug))
}
