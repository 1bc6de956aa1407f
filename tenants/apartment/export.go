package apartment

import (
	"bytes"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"portal06/app/audit"
	"portal06/app/export"
	"portal06/app/web"
)

// registerXLSX exports the site's register of current residents. Text cells
// are escaped against formula injection by app/export; the export is audited.
func (k *Kind) registerXLSX(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	now := k.Host.Now()
	rows, _, err := ListResidents(r.Tx, r.Tenant.ID, ResidentFilter{SiteID: s.ID, Today: now}, 1, 50000)
	if err != nil {
		return err
	}
	sheet := export.Sheet{Name: "Cu dan", Headers: []string{label(r, "unit"), label(r, "full_name"), label(r, "document_type"),
		label(r, "document_number"), label(r, "birth_date"), label(r, "sex"), label(r, "nationality"), label(r, "address"),
		label(r, "relation"), label(r, "residence_type"), label(r, "move_in"), r.T.T("apt.tamtru")}}
	for _, x := range rows {
		sheet.Rows = append(sheet.Rows, []any{x.UnitCode, x.FullName, r.T.T("apt.doc_" + x.DocType), x.DocNumber, r.T.Date(x.BirthDate),
			r.T.T("apt.sex_" + x.Sex), x.Nationality, x.Address, r.T.T("apt.relation_" + x.Relation), r.T.T("apt.type_" + x.ResidenceType),
			r.T.Date(x.MoveIn), stateLabel(r, x, now)})
	}
	if err := k.Host.AuditLook(r, audit.Entry{Action: "apartment_register_export", Query: s.Name, Results: len(rows)}); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := export.Write(&buf, sheet); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="so-cu-dan-%s.xlsx"`, s.Slug))
	return c.Send(buf.Bytes())
}
