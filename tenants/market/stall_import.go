package market

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"portal06/app/web"
	"portal06/tenants/market/ui"
	"portal06/tenants/market/vietqr"
)

// importColumns are the names a stall sheet's headers may use, folded.
var importColumns = map[string][]string{
	"market":       {"cho", "market"},
	"code":         {"ma quay", "ma so quay", "stall code", "code"},
	"zone":         {"khu", "day", "zone", "row"},
	"category":     {"nganh hang", "mat hang", "category", "goods"},
	"fee_class":    {"hang quay", "loai quay", "fee class", "class"},
	"holder_name":  {"chu quay", "ho ten", "ho va ten", "holder name", "holder"},
	"holder_phone": {"dien thoai", "so dien thoai", "sdt", "phone"},
	"holder_id":    {"cccd", "can cuoc", "id number"},
	"bank_bin":     {"ngan hang", "bin", "bank"},
	"account":      {"so tai khoan", "tai khoan", "account"},
	"card":         {"the", "card"},
}

// RowError is a bad cell of an import: its row number in the sheet, the field and why.
type RowError struct {
	Row   int
	Field string
	Msg   string // message id
	Args  []any
}

// ParseStallSheet reads a stall sheet (header row first) into inputs, or
// every problem found, by row and field. markets maps a folded market name
// to its site; with one market the column may be left out. categories maps
// folded category labels to keys.
func ParseStallSheet(rows [][]string, markets map[string]int64, onlySite int64, categories map[string]string) ([]StallInput, []RowError) {
	if len(rows) < 2 {
		return nil, []RowError{{Row: 1, Field: "file", Msg: "market.import_empty"}}
	}
	cols := columns(rows[0], importColumns)
	var errs []RowError
	for _, f := range []string{"code", "zone", "category", "holder_name", "holder_phone"} {
		if _, ok := cols[f]; !ok {
			errs = append(errs, RowError{Row: 1, Field: f, Msg: "market.import_no_column"})
		}
	}
	if _, ok := cols["market"]; !ok && onlySite == 0 {
		errs = append(errs, RowError{Row: 1, Field: "market", Msg: "market.import_no_column"})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	seen := map[string]int{}
	var out []StallInput
	for i, row := range rows[1:] {
		n := i + 2
		if blank(row) {
			continue
		}
		in := StallInput{SiteID: onlySite, Code: cell(row, cols, "code"), Zone: cell(row, cols, "zone"),
			HolderName: cell(row, cols, "holder_name"), HolderPhone: cell(row, cols, "holder_phone"), HolderID: cell(row, cols, "holder_id"),
			Account: cell(row, cols, "account"), FeeClass: 1, row: n}
		if m := cell(row, cols, "market"); m != "" || onlySite == 0 {
			in.SiteID = markets[fold(m)]
		}
		cat := cell(row, cols, "category")
		if k, ok := categories[fold(cat)]; ok {
			in.Category = k
		} else {
			in.Category = cat
		}
		if fc := cell(row, cols, "fee_class"); fc != "" {
			in.FeeClass, _ = strconv.Atoi(fc)
		}
		bank := cell(row, cols, "bank_bin")
		in.BankBIN = bankBIN(bank)
		if bank != "" && in.BankBIN == "" {
			in.BankBIN = bank // refused below with the field named
		}
		switch fold(cell(row, cols, "card")) {
		case "x", "1", "co", "yes", "the", "card", "true":
			in.Card = true
		}
		for f, id := range in.Check() {
			errs = append(errs, RowError{Row: n, Field: f, Msg: id})
		}
		if in.Code != "" && in.SiteID > 0 {
			key := itoa(in.SiteID) + "|" + in.Code
			if first, dup := seen[key]; dup {
				errs = append(errs, RowError{Row: n, Field: "code", Msg: "market.import_dup_row", Args: []any{"Row", first}})
			} else {
				seen[key] = n
			}
		}
		out = append(out, in)
	}
	if len(out) == 0 && len(errs) == 0 {
		errs = append(errs, RowError{Row: 2, Field: "file", Msg: "market.import_empty"})
	}
	return out, errs
}

// bankBIN reads a bank cell: a BIN, or a bank's name.
func bankBIN(v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	if vietqr.BankName(v) != "" {
		return v
	}
	f := fold(v)
	for _, b := range vietqr.Banks() {
		if fold(b.Name) == f {
			return b.BIN
		}
	}
	return ""
}

// existingCodes lists the codes the sheet's markets already have among codes.
func existingCodes(tx *gorm.DB, tenantID int64, ins []StallInput) (map[string]bool, error) {
	sites, codes := make([]int64, len(ins)), make([]string, len(ins))
	for i, in := range ins {
		sites[i], codes[i] = in.SiteID, in.Code
	}
	var rows []struct {
		SiteID int64
		Code   string
	}
	err := tx.Raw(`SELECT st.site_id, st.code FROM stalls st JOIN unnest(?::bigint[], ?::text[]) AS x(site_id, code)
		ON st.site_id = x.site_id AND st.code = x.code WHERE st.tenant_id = ?`, int64Array(sites), textArray(codes), tenantID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("market: look up existing stall codes: %w", err)
	}
	out := map[string]bool{}
	for _, r := range rows {
		out[itoa(r.SiteID)+"|"+r.Code] = true
	}
	return out, nil
}

// InsertStalls adds many stalls in one statement (the rollup trigger runs
// once for the lot).
func InsertStalls(tx *gorm.DB, tenantID int64, ins []StallInput) error {
	n := len(ins)
	site, class := make([]int64, n), make([]int64, n)
	code, zone, cat, name, phone, id, bin, acct := make([]string, n), make([]string, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	card := make([]bool, n)
	for i, in := range ins {
		site[i], class[i], code[i], zone[i], cat[i], name[i], phone[i] = in.SiteID, int64(in.FeeClass), in.Code, in.Zone, in.Category, in.HolderName, in.HolderPhone
		id[i], bin[i], acct[i], card[i] = in.HolderID, in.BankBIN, in.Account, in.Card
	}
	err := tx.Exec(`INSERT INTO stalls (tenant_id, site_id, code, zone, category, fee_class, holder_name, holder_phone, holder_id, bank_bin, account, card)
		SELECT ?, x.site_id, x.code, x.zone, x.category, x.fee_class, x.holder_name, x.holder_phone, nullif(x.holder_id, ''), nullif(x.bank_bin, ''),
		       nullif(x.account, ''), x.card
		FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::smallint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[])
		  AS x(site_id, code, zone, category, fee_class, holder_name, holder_phone, holder_id, bank_bin, account, card)`,
		tenantID, int64Array(site), textArray(code), textArray(zone), textArray(cat), int64Array(class), textArray(name), textArray(phone),
		textArray(id), textArray(bin), textArray(acct), boolArray(card)).Error
	if err != nil {
		return mapStallErr(err, "import stalls")
	}
	return nil
}

// importPage shows the upload form.
func (k *Kind) importPage(c *fiber.Ctx, r *web.Request) error {
	return k.renderImport(c, r, fiber.StatusOK, nil, "")
}

func (k *Kind) renderImport(c *fiber.Ctx, r *web.Request, status int, errs []RowError, fileErr string) error {
	T := r.T.T
	d := ui.ImportPage{Action: base(r) + "stalls/import", CSRF: r.CSRF, Title: T("market.import_file"), Hint: T("market.import_hint"),
		Error: fileErr, Report: T("market.import_refused", "N", len(errs))}
	for _, e := range errs {
		d.Rows = append(d.Rows, ui.ImportRow{Row: e.Row, Field: T("market.field_" + e.Field), Error: T(e.Msg, e.Args...)})
	}
	return web.Render(c, r, status, ui.ImportView(k.Host.Pages.Page(c, r, "market.import_title"), d))
}

// importSave imports a stall sheet: every row, or none and each bad row named.
func (k *Kind) importSave(c *fiber.Ctx, r *web.Request) error {
	fh, err := c.FormFile("file")
	if err != nil {
		return k.renderImport(c, r, fiber.StatusUnprocessableEntity, nil, r.T.T("market.import_no_file"))
	}
	rows, err := readUpload(fh)
	if errors.Is(err, errBadFile) {
		return k.renderImport(c, r, fiber.StatusUnprocessableEntity, nil, r.T.T("market.import_bad_file"))
	} else if err != nil {
		return err
	}
	ms, err := ListMarkets(r.Tx, r.Tenant.ID)
	if err != nil {
		return err
	}
	markets := map[string]int64{}
	var only int64
	for _, m := range ms {
		markets[fold(m.Name)] = m.ID
	}
	if len(ms) == 1 {
		only = ms[0].ID
	}
	cats := map[string]string{}
	for _, k := range Categories {
		cats[fold(k)] = k
		cats[fold(r.T.T("market.cat_"+k))] = k
	}
	ins, errs := ParseStallSheet(rows, markets, only, cats)
	if len(errs) == 0 {
		have, err := existingCodes(r.Tx, r.Tenant.ID, ins)
		if err != nil {
			return err
		}
		for _, in := range ins {
			if have[itoa(in.SiteID)+"|"+in.Code] {
				errs = append(errs, RowError{Row: in.row, Field: "code", Msg: "market.err_code_taken"})
			}
		}
	}
	if len(errs) > 0 {
		if len(errs) > 500 {
			errs = errs[:500]
		}
		return k.renderImport(c, r, fiber.StatusUnprocessableEntity, errs, r.T.T("market.import_nothing"))
	}
	if err := setDay(r.Tx, k.now()); err != nil {
		return err
	}
	if err := InsertStalls(r.Tx, r.Tenant.ID, ins); err != nil {
		if errors.Is(err, ErrDuplicateCode) {
			return k.renderImport(c, r, fiber.StatusConflict, nil, r.T.T("market.err_code_taken"))
		}
		return err
	}
	return web.Redirect(c, r, base(r)+"stalls?imported="+strconv.Itoa(len(ins)))
}
