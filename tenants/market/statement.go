package market

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"portal06/app/export"
	"portal06/app/i18n"
	"portal06/app/web"
	"portal06/tenants/market/ui"
)

// statementColumns are the names a bank statement's headers may use, folded.
var statementColumns = map[string][]string{
	"date":   {"ngay giao dich", "ngay hach toan", "ngay", "date", "transaction date"},
	"amount": {"so tien ghi co", "ghi co", "so tien", "credit", "amount"},
	"note":   {"noi dung", "dien giai", "mo ta", "description", "note", "details", "remark"},
	"ref":    {"so tham chieu", "ma giao dich", "so but toan", "reference", "ref", "transaction id"},
}

// StatementLine is one credit of a bank statement.
type StatementLine struct {
	Row    int
	Date   *time.Time
	Amount int64
	Note   string
	Ref    string
}

// ParseStatement reads a statement's rows (header first) into credits;
// debits and rows without an amount are left out. It fails naming what is
// missing when the header has no amount or note column.
func ParseStatement(rows [][]string) ([]StatementLine, error) {
	for h := 0; h < len(rows) && h < 15; h++ { // banks put a title block above the header
		cols := columns(rows[h], statementColumns)
		_, hasAmount := cols["amount"]
		_, hasNote := cols["note"]
		if !hasAmount || !hasNote {
			continue
		}
		var out []StatementLine
		for i, row := range rows[h+1:] {
			amt, ok := parseMoney(cell(row, cols, "amount"))
			if !ok || amt <= 0 {
				continue
			}
			l := StatementLine{Row: h + i + 2, Amount: amt, Note: truncate(cell(row, cols, "note"), 500), Ref: truncate(cell(row, cols, "ref"), 100)}
			if d, ok := parseDate(cell(row, cols, "date")); ok {
				l.Date = &d
			}
			out = append(out, l)
		}
		return out, nil
	}
	return nil, errors.New("market: no header with an amount and a note")
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

// parseMoney reads "1.500.000", "1,500,000", "1500000.00" or "1 500 000 VND".
func parseMoney(v string) (int64, bool) {
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(strings.ToUpper(v), "VND"), "Đ"))
	v = strings.ReplaceAll(v, " ", "")
	if v == "" {
		return 0, false
	}
	if i := strings.LastIndexAny(v, ".,"); i >= 0 && len(v)-i == 3 && allDigits(v[i+1:]) { // two decimals
		v = v[:i]
	}
	v = strings.NewReplacer(".", "", ",", "").Replace(v)
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil && n < 1e12
}

func parseDate(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if len(v) > 10 {
		v = v[:10]
	}
	for _, l := range []string{"02/01/2006", "2006-01-02", "02-01-2006", "2/1/2006", "01-02-06"} {
		if t, err := time.Parse(l, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// fingerprint identifies a credit across imports: the bank's reference when
// it has one, otherwise its date, amount, note and its rank among identical
// rows of the file.
func (l StatementLine) fingerprint(rank int) string {
	var key string
	if l.Ref != "" {
		key = "ref|" + l.Ref
	} else {
		d := ""
		if l.Date != nil {
			d = l.Date.Format("2006-01-02")
		}
		key = fmt.Sprintf("row|%s|%d|%s|%d", d, l.Amount, l.Note, rank)
	}
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}

// Reconciled is what became of one credit.
type Reconciled struct {
	Line    StatementLine
	Outcome string // paid, no_code, unknown_bill, already_paid, amount_short, or seen (imported before)
	Bill    string
}

// Reconcile records the credits and pays the bills their notes name. A
// credit already imported changes nothing; a bill is never paid twice.
func Reconcile(tx *gorm.DB, tenantID int64, lines []StatementLine, today time.Time, by string) ([]Reconciled, error) {
	ranks := map[string]int{}
	out := make([]Reconciled, 0, len(lines))
	for _, l := range lines {
		k := fmt.Sprintf("%v|%d|%s", l.Date, l.Amount, l.Note)
		ranks[k]++
		fp := l.fingerprint(ranks[k])
		var id []int64
		err := tx.Raw(`INSERT INTO market_statement_rows (tenant_id, fingerprint, txn_date, amount, note, ref, outcome)
			VALUES (?, ?, ?, ?, ?, ?, 'no_code') ON CONFLICT (tenant_id, fingerprint) DO NOTHING RETURNING id`,
			tenantID, fp, l.Date, l.Amount, l.Note, l.Ref).Scan(&id).Error
		if err != nil {
			return nil, fmt.Errorf("market: record a statement row: %w", err)
		}
		if len(id) == 0 {
			out = append(out, Reconciled{Line: l, Outcome: "seen"})
			continue
		}
		rc := Reconciled{Line: l, Outcome: "no_code"}
		var billID any
		if code := billCodeIn(l.Note); code != "" {
			rc.Bill = code
			var b []struct {
				ID         int64
				Amount     int64
				PaidMethod *string
			}
			if err := tx.Raw(`SELECT id, amount, paid_method FROM market_bills WHERE tenant_id = ? AND code = ?`, tenantID, code).Scan(&b).Error; err != nil {
				return nil, fmt.Errorf("market: find a bill: %w", err)
			}
			switch {
			case len(b) == 0:
				rc.Outcome = "unknown_bill"
			case b[0].PaidMethod != nil:
				rc.Outcome, billID = "already_paid", b[0].ID
			case l.Amount < b[0].Amount:
				rc.Outcome, billID = "amount_short", b[0].ID
			default:
				day := today
				if l.Date != nil {
					day = *l.Date
				}
				ok, err := PayBill(tx, tenantID, b[0].ID, "qr", day, by)
				if err != nil {
					return nil, err
				}
				rc.Outcome, billID = "already_paid", b[0].ID
				if ok {
					rc.Outcome = "paid"
				}
			}
		}
		if err := tx.Exec(`UPDATE market_statement_rows SET outcome = ?, bill_id = ? WHERE tenant_id = ? AND id = ?`,
			rc.Outcome, billID, tenantID, id[0]).Error; err != nil {
			return nil, fmt.Errorf("market: record the outcome: %w", err)
		}
		out = append(out, rc)
	}
	return out, nil
}

// billCodeIn finds a bill code in a transfer note, however the bank cased
// or cut it: the note is upper-cased and kept to its letters and digits.
func billCodeIn(note string) string {
	norm := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - 32
		}
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, note)
	return billCodeRe.FindString(norm)
}

func (k *Kind) statementData(r *web.Request) ui.ImportPage {
	T := r.T.T
	return ui.ImportPage{Action: base(r) + "statements", CSRF: r.CSRF, Title: T("market.statement_file"), Hint: T("market.statement_hint")}
}

// statementPage shows the statement upload form.
func (k *Kind) statementPage(c *fiber.Ctx, r *web.Request) error {
	return web.Render(c, r, fiber.StatusOK, ui.ImportView(k.Host.Pages.Page(c, r, "market.statement_title"), k.statementData(r)))
}

// statementImport matches a bank statement's credits to bills by the code
// in their note, and lists what it did with each.
func (k *Kind) statementImport(c *fiber.Ctx, r *web.Request) error {
	d := k.statementData(r)
	page := k.Host.Pages.Page(c, r, "market.statement_title")
	fh, err := c.FormFile("file")
	if err != nil {
		d.Error = r.T.T("market.import_no_file")
		return web.Render(c, r, fiber.StatusUnprocessableEntity, ui.ImportView(page, d))
	}
	rows, err := export.ReadUpload(fh, maxUpload)
	if errors.Is(err, export.ErrBadFile) {
		d.Error = r.T.T("market.import_bad_file")
		return web.Render(c, r, fiber.StatusUnprocessableEntity, ui.ImportView(page, d))
	} else if err != nil {
		return err
	}
	lines, err := ParseStatement(rows)
	if err != nil {
		d.Error = r.T.T("market.statement_no_header")
		return web.Render(c, r, fiber.StatusUnprocessableEntity, ui.ImportView(page, d))
	}
	res, err := Reconcile(r.Tx, r.Tenant.ID, lines, k.now().In(i18n.Zone), r.User.FullName)
	if err != nil {
		return err
	}
	counts := map[string]int{}
	for _, x := range res {
		counts[x.Outcome]++
		date := ""
		if x.Line.Date != nil {
			date = x.Line.Date.Format("02/01/2006")
		}
		cls := "unmatched"
		if x.Outcome == "paid" {
			cls = "matched"
		} else if x.Outcome == "seen" {
			cls = "seen"
		}
		d.Results = append(d.Results, ui.ImportResult{Row: x.Line.Row, Date: date, Amount: formatVND(x.Line.Amount), Note: x.Line.Note,
			Bill: x.Bill, Outcome: r.T.T("market.outcome_" + x.Outcome), Class: cls})
	}
	d.Report = r.T.T("market.statement_report", "Paid", counts["paid"], "Unmatched", len(res)-counts["paid"]-counts["seen"], "Seen", counts["seen"])
	return web.Render(c, r, fiber.StatusOK, ui.ImportView(page, d))
}
