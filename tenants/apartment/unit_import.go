package apartment

import (
	"errors"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"

	"gorm.io/gorm"

	"portal06/app/export"
	"portal06/app/store"
	"portal06/app/web"
)

// ImportProblem is one bad field of one row of an import.
type ImportProblem struct {
	Row   int // 1-based, as the spreadsheet numbers it
	Field string
	Code  string // message id
}

// importColumns are the columns of a units file, in order.
var importColumns = []string{"building", "code", "floor", "capacity"}

// MaxImportRows bounds one import.
const MaxImportRows = 5000

// ParseUnits reads the rows of a units file (columns: building, code,
// floor, capacity; a header row is skipped) and checks every row. It returns
// the units, or every problem found with its row and field.
func ParseUnits(rows [][]string, siteKind string) ([]unitRow, []ImportProblem) {
	var out []unitRow
	var problems []ImportProblem
	seen := map[string]int{}
	for i, row := range rows {
		cell := func(j int) string {
			if j < len(row) {
				return strings.TrimSpace(row[j])
			}
			return ""
		}
		if strings.Join(row, "") == "" {
			continue
		}
		if i == 0 && strings.EqualFold(cell(1), "code") || i == 0 && strings.Contains(strings.ToLower(cell(1)), "mã") {
			continue // the header row
		}
		u, bad := UnitInput{Building: cell(0), Code: cell(1), Floor: cell(2), Capacity: cell(3)}.check(siteKind)
		if _, dup := seen[u.code]; dup && u.code != "" && bad["code"] == "" {
			bad["code"] = "apt.code_dup"
		}
		if len(bad) > 0 {
			for _, f := range importColumns {
				if code, ok := bad[f]; ok {
					problems = append(problems, ImportProblem{Row: i + 1, Field: f, Code: code})
				}
			}
			continue
		}
		seen[u.code] = i + 1
		out = append(out, u)
	}
	if len(out)+len(problems) > MaxImportRows {
		return nil, []ImportProblem{{Row: MaxImportRows + 1, Field: "file", Code: "apt.import_too_many"}}
	}
	return out, problems
}

// ImportUnits stores the units of a file: all of them, or on any problem none.
func ImportUnits(tx *gorm.DB, tenantID, siteID int64, siteKind string, rows [][]string) (int, []ImportProblem, error) {
	units, problems := ParseUnits(rows, siteKind)
	if len(units) == 0 && len(problems) == 0 {
		return 0, []ImportProblem{{Row: 1, Field: "file", Code: "apt.import_empty"}}, nil
	}
	codes := make([]string, len(units))
	rowOf := map[string]int{}
	for i, u := range units {
		codes[i] = u.code
	}
	for i, row := range rows {
		if len(row) > 1 {
			rowOf[NormCode(row[1])] = i + 1
		}
	}
	var taken []string
	if len(codes) > 0 {
		if err := tx.Raw(`SELECT code FROM apt_units WHERE tenant_id = ? AND site_id = ? AND code IN ?`, tenantID, siteID, codes).Scan(&taken).Error; err != nil {
			return 0, nil, err
		}
	}
	for _, code := range taken {
		problems = append(problems, ImportProblem{Row: rowOf[code], Field: "code", Code: "apt.code_taken"})
	}
	if len(problems) > 0 {
		sort.Slice(problems, func(i, j int) bool { return problems[i].Row < problems[j].Row })
		return 0, problems, nil
	}
	n, err := insertUnits(tx, tenantID, siteID, units)
	var bad store.Invalid
	if errors.As(err, &bad) { // a concurrent import took a code
		return 0, []ImportProblem{{Row: rowOf[units[n].code], Field: "code", Code: "apt.code_taken"}}, nil
	}
	return n, nil, err
}

// unitImport takes an XLSX file of units; a refused file lists each bad
// row with its number and field, and keeps nothing.
func (k *Kind) unitImport(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	refuse := func(lines ...string) error {
		return k.renderUnits(c, r, fiber.StatusUnprocessableEntity, s, UnitInput{}, nil, lines)
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return refuse(r.T.T("apt.import_file") + ": " + r.T.T("validation.required"))
	}
	rows, err := export.ReadUpload(fh, 8<<20)
	if errors.Is(err, export.ErrBadFile) {
		return refuse(r.T.T("apt.import_file") + ": " + r.T.T("apt.not_xlsx"))
	} else if err != nil {
		return err
	}
	_, problems, err := ImportUnits(r.Tx, r.Tenant.ID, s.ID, s.Kind, rows)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		lines := make([]string, len(problems))
		for i, p := range problems {
			lines[i] = r.T.T("apt.import_row", "Row", p.Row, "Field", label(r, p.Field), "Problem", r.T.T(p.Code))
		}
		return refuse(lines...)
	}
	return web.Redirect(c, r, siteHref(r, s.ID, "/units"))
}
