// Package export writes spreadsheets for download. Every text cell is
// escaped against formula injection: a value that a spreadsheet would read
// as a formula gets a leading apostrophe.
package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Safe escapes a text value that a spreadsheet would take for a formula.
func Safe(v string) string {
	if v == "" {
		return v
	}
	switch v[0] {
	case '=', '+', '-', '@', '\t', '\r', '|', '%':
		return "'" + v
	}
	return v
}

// Sheet is one worksheet: a header row and rows of values. Strings are
// escaped; numbers stay numbers.
type Sheet struct {
	Name    string
	Headers []string
	Rows    [][]any
}

// Write streams sheets as an XLSX workbook to w.
func Write(w io.Writer, sheets ...Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		name := s.Name
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return fmt.Errorf("export: name sheet: %w", err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("export: add sheet: %w", err)
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return fmt.Errorf("export: stream sheet: %w", err)
		}
		bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
		head := make([]any, len(s.Headers))
		for j, h := range s.Headers {
			head[j] = excelize.Cell{Value: Safe(h), StyleID: bold}
		}
		if err := sw.SetRow("A1", head); err != nil {
			return fmt.Errorf("export: header row: %w", err)
		}
		for r, row := range s.Rows {
			cells := make([]any, len(row))
			for j, v := range row {
				if str, ok := v.(string); ok {
					cells[j] = Safe(strings.ToValidUTF8(str, "�"))
				} else {
					cells[j] = v
				}
			}
			ref, _ := excelize.CoordinatesToCellName(1, r+2)
			if err := sw.SetRow(ref, cells); err != nil {
				return fmt.Errorf("export: row %d: %w", r+2, err)
			}
		}
		if err := sw.Flush(); err != nil {
			return fmt.Errorf("export: flush sheet: %w", err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("export: write workbook: %w", err)
	}
	return nil
}
