package market

import (
	"fmt"
	"regexp"
	"time"

	"gorm.io/gorm"

	"portal06/tenants/market/vietqr"
)

// Bill is a monthly fee bill of a stall.
type Bill struct {
	ID         int64
	TenantID   int64
	SiteID     int64
	SiteName   string
	StallID    int64
	StallCode  string
	HolderName string
	Month      time.Time
	Code       string
	Amount     int64
	PaidMethod *string
	PaidOn     *time.Time
	PaidBy     *string
	FeeBIN     *string
	FeeAccount *string
	LinkToken  string
}

// BillCode is the code a bill's transfer note carries: PHI, the month
// (yymm), S and the stall's id on 7 digits.
func BillCode(month time.Time, stallID int64) string {
	return fmt.Sprintf("PHI%sS%07d", month.Format("0601"), stallID)
}

// billCodeRe finds bill codes in a bank's transfer note, once the note is
// upper-cased and stripped of everything but letters and digits.
var billCodeRe = regexp.MustCompile(`PHI[0-9]{4}S[0-9]{7}`)

// Payload is the bill's dynamic VietQR into the board's account, or "".
func (b Bill) Payload() string {
	if b.FeeBIN == nil || b.FeeAccount == nil {
		return ""
	}
	s, err := vietqr.Encode(vietqr.Code{BIN: *b.FeeBIN, Account: *b.FeeAccount, Amount: b.Amount, Purpose: b.Code})
	if err != nil {
		return ""
	}
	return s
}

// IssueBills issues the month's bills of every stall (of one market when
// siteID > 0) that has none, the amount by the stall's fee class. It
// returns how many it issued.
func IssueBills(tx *gorm.DB, tenantID, siteID int64, month time.Time, amounts [3]int64) (int64, error) {
	q := `INSERT INTO market_bills (tenant_id, site_id, stall_id, month, code, amount)
		SELECT st.tenant_id, st.site_id, st.id, ?::date, 'PHI' || ? || 'S' || lpad(st.id::text, 7, '0'),
		       (ARRAY[?, ?, ?]::bigint[])[st.fee_class]
		FROM stalls st WHERE st.tenant_id = ?`
	args := []any{month.Format("2006-01-02"), month.Format("0601"), amounts[0], amounts[1], amounts[2], tenantID}
	if siteID > 0 {
		q += ` AND st.site_id = ?`
		args = append(args, siteID)
	}
	q += ` ON CONFLICT DO NOTHING`
	res := tx.Exec(q, args...)
	if res.Error != nil {
		return 0, fmt.Errorf("market: issue bills: %w", res.Error)
	}
	return res.RowsAffected, nil
}

const billColumns = `b.id, b.tenant_id, b.site_id, s.name AS site_name, b.stall_id, st.code AS stall_code, st.holder_name, b.month, b.code,
	b.amount, b.paid_method, b.paid_on, b.paid_by, m.fee_bin, m.fee_account, b.link_token`

func billsQuery(tx *gorm.DB, tenantID int64) *gorm.DB {
	return tx.Table("market_bills b").Joins("JOIN stalls st ON st.tenant_id = b.tenant_id AND st.id = b.stall_id").
		Joins("JOIN sites s ON s.tenant_id = b.tenant_id AND s.id = b.site_id").
		Joins("LEFT JOIN markets m ON m.tenant_id = b.tenant_id AND m.site_id = b.site_id").Where("b.tenant_id = ?", tenantID)
}

// BillFilter narrows the bill list.
type BillFilter struct {
	Month  time.Time
	SiteID int64
	Status string // "", "paid", "unpaid"
	Q      string
}

// BillSummary counts a month's bills.
type BillSummary struct {
	Bills, Paid, PaidQR int64
	Amount, PaidAmount  int64
}

// ListBills lists a page of the month's bills.
func ListBills(tx *gorm.DB, tenantID int64, f BillFilter, page, perPage int) ([]Bill, int64, BillSummary, error) {
	q := func() *gorm.DB {
		x := billsQuery(tx, tenantID).Where("b.month = ?", f.Month.Format("2006-01-02"))
		if f.SiteID > 0 {
			x = x.Where("b.site_id = ?", f.SiteID)
		}
		if f.Q != "" {
			x = x.Where("(st.code ILIKE ? OR b.code = ?)", f.Q+"%", f.Q)
		}
		return x
	}
	var sum BillSummary
	err := q().Select(`count(*) AS bills, count(b.paid_method) AS paid, count(*) FILTER (WHERE b.paid_method = 'qr') AS paid_qr,
		coalesce(sum(b.amount), 0) AS amount, coalesce(sum(b.amount) FILTER (WHERE b.paid_method IS NOT NULL), 0) AS paid_amount`).Scan(&sum).Error
	if err != nil {
		return nil, 0, sum, fmt.Errorf("market: sum bills: %w", err)
	}
	list := q()
	switch f.Status {
	case "paid":
		list = list.Where("b.paid_method IS NOT NULL")
	case "unpaid":
		list = list.Where("b.paid_method IS NULL")
	}
	var total int64
	if err := list.Count(&total).Error; err != nil {
		return nil, 0, sum, fmt.Errorf("market: count bills: %w", err)
	}
	var out []Bill
	if err := list.Select(billColumns).Order("s.name, st.zone, st.code").Limit(perPage).Offset((max(page, 1) - 1) * perPage).Scan(&out).Error; err != nil {
		return nil, 0, sum, fmt.Errorf("market: list bills: %w", err)
	}
	return out, total, sum, nil
}

// GetBill loads one bill of the tenant.
func GetBill(tx *gorm.DB, tenantID, id int64) (Bill, error) {
	var out []Bill
	if err := billsQuery(tx, tenantID).Select(billColumns).Where("b.id = ?", id).Scan(&out).Error; err != nil {
		return Bill{}, fmt.Errorf("market: get bill: %w", err)
	}
	if len(out) == 0 {
		return Bill{}, ErrNotFound
	}
	return out[0], nil
}

// PayBill marks a bill paid unless it already is; it reports whether it did.
func PayBill(tx *gorm.DB, tenantID, id int64, method string, day time.Time, by string) (bool, error) {
	res := tx.Exec(`UPDATE market_bills SET paid_method = ?, paid_on = ?, paid_by = ? WHERE tenant_id = ? AND id = ? AND paid_method IS NULL`,
		method, day.Format("2006-01-02"), by, tenantID, id)
	if res.Error != nil {
		return false, fmt.Errorf("market: pay bill: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}
