package market

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"portal06/app/export"
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
	folded, bins := map[string]string{}, map[string]string{}
	out := make([]StallInput, 0, len(rows)-1)
	for i, row := range rows[1:] {
		n := i + 2
		if export.Blank(row) {
			continue
		}
		in := StallInput{SiteID: onlySite, Code: cell(row, cols, "code"), Zone: cell(row, cols, "zone"),
			HolderName: cell(row, cols, "holder_name"), HolderPhone: cell(row, cols, "holder_phone"), HolderID: cell(row, cols, "holder_id"),
			Account: cell(row, cols, "account"), FeeClass: 1, row: n}
		if m := cell(row, cols, "market"); m != "" || onlySite == 0 {
			in.SiteID = markets[fold(m)]
		}
		cat := cell(row, cols, "category")
		fc, ok := folded[cat] // a sheet repeats a few categories: fold each once
		if !ok {
			fc = fold(cat)
			folded[cat] = fc
		}
		if k, ok := categories[fc]; ok {
			in.Category = k
		} else {
			in.Category = cat
		}
		if fc := cell(row, cols, "fee_class"); fc != "" {
			in.FeeClass, _ = strconv.Atoi(fc)
		}
		bank := cell(row, cols, "bank_bin")
		bin, ok := bins[bank]
		if !ok {
			bin = bankBIN(bank)
			bins[bank] = bin
		}
		in.BankBIN = bin
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
	rows, err := export.ReadUpload(fh, maxUpload)
	if errors.Is(err, export.ErrBadFile) {
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
		// COPY through a staging table, on a connection of its own under
		// this request's scope: every row or none
		scope, err := ReadScope(r.Tx)
		if err != nil {
			return err
		}
		errs, err = ImportStalls(c.UserContext(), k.Host.DB, scope, r.Tenant.ID, ins, k.now())
		if errors.Is(err, ErrDuplicateCode) {
			return k.renderImport(c, r, fiber.StatusConflict, nil, r.T.T("market.err_code_taken"))
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		if len(errs) > maxImportErrors {
			errs = errs[:maxImportErrors]
		}
		return k.renderImport(c, r, fiber.StatusUnprocessableEntity, errs, r.T.T("market.import_nothing"))
	}
	return web.Redirect(c, r, base(r)+"stalls?imported="+strconv.Itoa(len(ins)))
}
