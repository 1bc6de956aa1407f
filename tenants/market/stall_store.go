package market

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"portal06/app/i18n"
	"portal06/app/iddoc"
	"portal06/app/store"
	"portal06/tenants/market/vietqr"
)

// Categories are the goods categories a stall may sell, in display order.
var Categories = []string{"fresh_food", "produce", "dry_goods", "clothing", "household", "food_service", "services", "other"}

func validCategory(c string) bool {
	for _, x := range Categories {
		if x == c {
			return true
		}
	}
	return false
}

// Stall is one stall of a market.
type Stall struct {
	ID              int64
	TenantID        int64
	SiteID          int64
	SiteName        string
	Code            string
	Zone            string
	Category        string
	FeeClass        int
	HolderName      string
	HolderPhone     string
	HolderID        *string
	BankBIN         *string
	Account         *string
	Card            bool
	QRSource        *string
	QRPayload       *string
	AcceptsCashless bool
	InspectedOn     *time.Time
	InspectedBy     *string
}

// HasQR says whether the stall has a payment code.
func (s Stall) HasQR() bool { return s.QRPayload != nil }

// MaskedID is the holder's ID number as lists show it.
func (s Stall) MaskedID() string {
	if s.HolderID == nil {
		return ""
	}
	return iddoc.MaskNumber(*s.HolderID)
}

// BankName is the stall's bank, from its BIN.
func (s Stall) BankName() string {
	if s.BankBIN == nil {
		return ""
	}
	return vietqr.BankName(*s.BankBIN)
}

// StallInput is what the stall form or an import row sends.
type StallInput struct {
	SiteID      int64
	Code        string
	Zone        string
	Category    string
	FeeClass    int
	HolderName  string
	HolderPhone string
	HolderID    string
	BankBIN     string
	Account     string
	Card        bool
	row         int // the sheet's row number, on import
}

var (
	codeRe  = regexp.MustCompile(`^[A-Z0-9][A-Z0-9./-]{0,19}$`)
	phoneRe = regexp.MustCompile(`^0[0-9]{9,10}$`)
)

// normalize tidies the input the way the database stores it.
func (in *StallInput) normalize() {
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	in.Zone = strings.Join(strings.Fields(in.Zone), " ")
	in.HolderName = strings.Join(strings.Fields(in.HolderName), " ")
	in.HolderPhone = strings.NewReplacer(" ", "", ".", "", "-", "").Replace(strings.TrimSpace(in.HolderPhone))
	if strings.HasPrefix(in.HolderPhone, "+84") {
		in.HolderPhone = "0" + in.HolderPhone[3:]
	}
	in.HolderID = strings.TrimSpace(in.HolderID)
	in.BankBIN = strings.TrimSpace(in.BankBIN)
	in.Account = strings.ReplaceAll(strings.TrimSpace(in.Account), " ", "")
}

// Check returns the problems of the input, field name → message id.
func (in *StallInput) Check() map[string]string {
	in.normalize()
	errs := map[string]string{}
	if in.SiteID <= 0 {
		errs["site"] = "market.err_site"
	}
	if !codeRe.MatchString(in.Code) {
		errs["code"] = "market.err_code"
	}
	if in.Zone == "" || utf8.RuneCountInString(in.Zone) > 40 {
		errs["zone"] = "market.err_zone"
	}
	if !validCategory(in.Category) {
		errs["category"] = "market.err_category"
	}
	if in.FeeClass < 1 || in.FeeClass > 3 {
		errs["fee_class"] = "market.err_fee_class"
	}
	if in.HolderName == "" || utf8.RuneCountInString(in.HolderName) > 100 {
		errs["holder_name"] = "market.err_holder_name"
	}
	if !phoneRe.MatchString(in.HolderPhone) {
		errs["holder_phone"] = "market.err_phone"
	}
	if in.HolderID != "" {
		if len(in.HolderID) != 12 || !allDigits(in.HolderID) {
			errs["holder_id"] = "iddoc.cccd_digits"
		} else if _, ok := iddoc.ProvinceOf(in.HolderID); !ok {
			errs["holder_id"] = "market.err_cccd_province"
		}
	}
	if in.BankBIN != "" || in.Account != "" {
		if vietqr.BankName(in.BankBIN) == "" {
			errs["bank_bin"] = "market.err_bank"
		}
		c := vietqr.Code{BIN: "000000", Account: in.Account}
		if err := c.Validate(); err != nil {
			errs["account"] = "market.err_account"
		}
	}
	return errs
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// setDay makes the rollup triggers count this transaction's changes on the
// day of t in Vietnam.
func setDay(tx *gorm.DB, t time.Time) error {
	if err := tx.Exec(`SELECT set_config('market.day', ?, true)`, t.In(i18n.Zone).Format("2006-01-02")).Error; err != nil {
		return fmt.Errorf("market: set the day: %w", err)
	}
	return nil
}

const stallColumns = `st.id, st.tenant_id, st.site_id, s.name AS site_name, st.code, st.zone, st.category, st.fee_class,
	st.holder_name, st.holder_phone, st.holder_id, st.bank_bin, st.account, st.card, st.qr_source, st.qr_payload,
	st.accepts_cashless, st.inspected_on, st.inspected_by`

// StallFilter narrows the stall list.
type StallFilter struct {
	SiteID int64
	Zone   string
	Q      string // code or holder name
	NoQR   bool
}

func (f StallFilter) apply(q *gorm.DB) *gorm.DB {
	if f.SiteID > 0 {
		q = q.Where("st.site_id = ?", f.SiteID)
	}
	if f.Zone != "" {
		q = q.Where("st.zone = ?", f.Zone)
	}
	if f.Q != "" {
		p := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(f.Q) + "%"
		q = q.Where("(st.code ILIKE ? OR st.holder_name ILIKE ?)", p, p)
	}
	if f.NoQR {
		q = q.Where("st.qr_payload IS NULL")
	}
	return q
}

// ListStalls lists a page of the tenant's stalls by market, zone and code;
// perPage 0 lists them all.
func ListStalls(tx *gorm.DB, tenantID int64, f StallFilter, page, perPage int) ([]Stall, int64, error) {
	base := func() *gorm.DB {
		return f.apply(tx.Table("stalls st").Joins("JOIN sites s ON s.tenant_id = st.tenant_id AND s.id = st.site_id").
			Where("st.tenant_id = ?", tenantID))
	}
	var total int64
	if err := base().Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("market: count stalls: %w", err)
	}
	q := base().Select(stallColumns).Order("s.name, st.zone, st.code")
	if perPage > 0 {
		q = q.Limit(perPage).Offset((max(page, 1) - 1) * perPage)
	}
	var out []Stall
	if err := q.Scan(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("market: list stalls: %w", err)
	}
	return out, total, nil
}

// ErrNotFound is a stall or bill the request cannot see.
var ErrNotFound = errors.New("market: not found")

// GetStall loads one stall of the tenant.
func GetStall(tx *gorm.DB, tenantID, id int64) (Stall, error) {
	var out []Stall
	err := tx.Table("stalls st").Joins("JOIN sites s ON s.tenant_id = st.tenant_id AND s.id = st.site_id").
		Select(stallColumns).Where("st.tenant_id = ? AND st.id = ?", tenantID, id).Scan(&out).Error
	if err != nil {
		return Stall{}, fmt.Errorf("market: get stall: %w", err)
	}
	if len(out) == 0 {
		return Stall{}, ErrNotFound
	}
	return out[0], nil
}

// ErrDuplicateCode is a stall code the market already has.
var ErrDuplicateCode = errors.New("market: the market already has a stall with this code")

func mapStallErr(err error, what string) error {
	if c, ok := store.IsUniqueViolation(err); ok && strings.Contains(c, "code") {
		return ErrDuplicateCode
	}
	return fmt.Errorf("market: %s: %w", what, err)
}

// CreateStall adds a stall; the caller has checked in.
func CreateStall(tx *gorm.DB, tenantID int64, in StallInput) (int64, error) {
	var id int64
	err := tx.Raw(`INSERT INTO stalls (tenant_id, site_id, code, zone, category, fee_class, holder_name, holder_phone, holder_id, bank_bin, account, card)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, tenantID, in.SiteID, in.Code, in.Zone, in.Category, in.FeeClass,
		in.HolderName, in.HolderPhone, nullable(in.HolderID), nullable(in.BankBIN), nullable(in.Account), in.Card).Scan(&id).Error
	if err != nil {
		return 0, mapStallErr(err, "create stall")
	}
	return id, nil
}

// UpdateStall saves the form's fields. A generated QR follows the new bank
// account; a registered one that no longer matches it is dropped.
func UpdateStall(tx *gorm.DB, tenantID, id int64, in StallInput) error {
	old, err := GetStall(tx, tenantID, id)
	if err != nil {
		return err
	}
	res := tx.Exec(`UPDATE stalls SET site_id = ?, code = ?, zone = ?, category = ?, fee_class = ?, holder_name = ?, holder_phone = ?,
		holder_id = ?, bank_bin = ?, account = ?, card = ?, updated_at = now() WHERE tenant_id = ? AND id = ?`,
		in.SiteID, in.Code, in.Zone, in.Category, in.FeeClass, in.HolderName, in.HolderPhone, nullable(in.HolderID),
		nullable(in.BankBIN), nullable(in.Account), in.Card, tenantID, id)
	if res.Error != nil {
		return mapStallErr(res.Error, "update stall")
	}
	same := deref(old.BankBIN) == in.BankBIN && deref(old.Account) == in.Account && old.Card == in.Card
	if old.HasQR() && !same {
		if deref(old.QRSource) == "generated" && in.BankBIN != "" && in.Account != "" {
			_, err := SetGeneratedQR(tx, tenantID, id)
			return err
		}
		return tx.Exec(`UPDATE stalls SET qr_source = NULL, qr_payload = NULL WHERE tenant_id = ? AND id = ?`, tenantID, id).Error
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// ErrNoAccount is a QR asked for a stall without a bank account.
var ErrNoAccount = errors.New("market: the stall has no bank account")

// SetGeneratedQR builds the stall's static VietQR from its bank account.
func SetGeneratedQR(tx *gorm.DB, tenantID, id int64) (string, error) {
	s, err := GetStall(tx, tenantID, id)
	if err != nil {
		return "", err
	}
	if s.BankBIN == nil || s.Account == nil {
		return "", ErrNoAccount
	}
	payload, err := vietqr.Encode(vietqr.Code{BIN: *s.BankBIN, Account: *s.Account, Card: s.Card})
	if err != nil {
		return "", ErrNoAccount
	}
	err = tx.Exec(`UPDATE stalls SET qr_source = 'generated', qr_payload = ?, updated_at = now() WHERE tenant_id = ? AND id = ?`,
		payload, tenantID, id).Error
	if err != nil {
		return "", fmt.Errorf("market: save the QR: %w", err)
	}
	return payload, nil
}

// SetRegisteredQR keeps a bank's existing code, already decoded, and the
// bank account it names.
func SetRegisteredQR(tx *gorm.DB, tenantID, id int64, payload string, d vietqr.Decoded) error {
	err := tx.Exec(`UPDATE stalls SET qr_source = 'registered', qr_payload = ?, bank_bin = ?, account = ?, card = ?, updated_at = now()
		WHERE tenant_id = ? AND id = ?`, payload, d.BIN, d.Account, d.Card, tenantID, id).Error
	if err != nil {
		return fmt.Errorf("market: register the QR: %w", err)
	}
	return nil
}

// Inspect records an inspection tick.
func Inspect(tx *gorm.DB, s Stall, accepts bool, day time.Time, by string) error {
	if err := tx.Exec(`INSERT INTO stall_inspections (tenant_id, site_id, stall_id, day, accepts, by_name) VALUES (?, ?, ?, ?, ?, ?)`,
		s.TenantID, s.SiteID, s.ID, day.In(i18n.Zone).Format("2006-01-02"), accepts, by).Error; err != nil {
		return fmt.Errorf("market: record the inspection: %w", err)
	}
	if err := tx.Exec(`UPDATE stalls SET accepts_cashless = ?, inspected_on = ?, inspected_by = ?, updated_at = now() WHERE tenant_id = ? AND id = ?`,
		accepts, day.In(i18n.Zone).Format("2006-01-02"), by, s.TenantID, s.ID).Error; err != nil {
		return fmt.Errorf("market: record the inspection: %w", err)
	}
	return nil
}

// Market is a market site of the tenant with its class and ward.
type Market struct {
	ID         int64
	Name       string
	AreaName   string
	Class      int
	Stalls     int64
	FeeBIN     *string
	FeeAccount *string
}

// ListMarkets lists the tenant's market sites the request sees.
func ListMarkets(tx *gorm.DB, tenantID int64) ([]Market, error) {
	var out []Market
	err := tx.Raw(`SELECT s.id, s.name, a.name AS area_name, coalesce(m.class, 1) AS class, m.fee_bin, m.fee_account,
		(SELECT count(*) FROM stalls st WHERE st.tenant_id = s.tenant_id AND st.site_id = s.id) AS stalls
		FROM sites s JOIN areas a ON a.id = s.area_id LEFT JOIN markets m ON m.tenant_id = s.tenant_id AND m.site_id = s.id
		WHERE s.tenant_id = ? AND s.kind = 'market' ORDER BY s.name`, tenantID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("market: list markets: %w", err)
	}
	return out, nil
}

// SetMarket sets a market's class and the board's account for its fees.
func SetMarket(tx *gorm.DB, tenantID, siteID int64, class int, feeBIN, feeAccount string) error {
	err := tx.Exec(`INSERT INTO markets (tenant_id, site_id, class, fee_bin, fee_account) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (tenant_id, site_id) DO UPDATE SET class = excluded.class, fee_bin = excluded.fee_bin, fee_account = excluded.fee_account`,
		tenantID, siteID, class, nullable(feeBIN), nullable(feeAccount)).Error
	if err != nil {
		return fmt.Errorf("market: set class: %w", err)
	}
	return nil
}

// Zones lists the zones of the tenant's stalls (of one market when siteID > 0).
func Zones(tx *gorm.DB, tenantID, siteID int64) ([]string, error) {
	var out []string
	q := tx.Table("stalls").Where("tenant_id = ?", tenantID)
	if siteID > 0 {
		q = q.Where("site_id = ?", siteID)
	}
	if err := q.Distinct("zone").Order("zone").Limit(200).Pluck("zone", &out).Error; err != nil {
		return nil, fmt.Errorf("market: list zones: %w", err)
	}
	return out, nil
}

func trimPayload(s string) string { return strings.TrimSpace(s) }
