package notary

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/export"
	"portal06/app/web"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// registerXLSX exports the register of acts for a period (default: the last
// 90 days), one row per act with its parties; every text cell is escaped
// against formula injection.
func (k *Kind) registerXLSX(c *fiber.Ctx, r *web.Request) error {
	now := k.Host.Now()
	f := ActFilter{From: dayStart(now).AddDate(0, 0, -90)}
	if t, err := time.ParseInLocation("2006-01-02", web.Query(c, "from"), zone); err == nil {
		f.From = t
	}
	if t, err := time.ParseInLocation("2006-01-02", web.Query(c, "to"), zone); err == nil {
		f.To = t.AddDate(0, 0, 1)
	}
	acts, _, err := ListActs(r.Tx, r.Scope, r.Tenant.ID, f, 1, 20000)
	if err != nil {
		return err
	}
	var parties []struct {
		ActID              int64
		Role, FullName     string
		DocNumber, Verdict string
	}
	err = r.Scope.Where(r.Tx.Table("notary_parties p").Joins("JOIN sites s ON s.tenant_id = p.tenant_id AND s.id = p.site_id").
		Joins(latestCheck).Joins("JOIN notary_acts a ON a.tenant_id = p.tenant_id AND a.id = p.act_id"), "s").
		Where("p.tenant_id = ? AND a.created_at >= ?", r.Tenant.ID, f.From).
		Select("p.act_id, p.role, p.full_name, p.doc_number, coalesce(c.verdict, 'unverified') AS verdict").Order("p.act_id, p.id").
		Limit(100000).Scan(&parties).Error
	if err != nil {
		return fmt.Errorf("notary: parties for the register: %w", err)
	}
	byAct := map[int64][]string{}
	for _, p := range parties {
		byAct[p.ActID] = append(byAct[p.ActID], fmt.Sprintf("%s: %s (%s) – %s", r.T.T("notary.role_"+p.Role), p.FullName, p.DocNumber,
			r.T.T("notary.verdict_short_"+p.Verdict)))
	}
	T := r.T.T
	sh := export.Sheet{Name: T("notary.register_sheet"), Headers: []string{"#", T("notary.created"), T("notary.act_number"), T("notary.act_type"),
		T("notary.land_certificate"), T("notary.parcel"), T("notary.map_sheet"), T("notary.office"), T("notary.parties"), T("field.status"),
		T("notary.completed"), T("notary.override_reason")}}
	for i, a := range acts {
		done := ""
		if a.CompletedAt != nil {
			done = r.T.DateTime(*a.CompletedAt)
		}
		sh.Rows = append(sh.Rows, []any{i + 1, r.T.DateTime(a.CreatedAt), a.Number, T("notary.type_" + a.ActType), a.LandCertificate,
			a.Parcel, a.MapSheet, a.SiteName, strings.Join(byAct[a.ID], "\n"), actStatus(r, a), done, a.OverrideReason})
	}
	var buf bytes.Buffer
	if err := export.Write(&buf, sh); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, xlsxType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="so-cong-chung-`+r.Tenant.Slug+"-"+now.In(zone).Format("20060102")+`.xlsx"`)
	return c.Send(buf.Bytes())
}
