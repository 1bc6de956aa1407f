package market

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

// maxUpload is the largest spreadsheet the portal reads.
const maxUpload = 20 << 20

// errBadFile is a file that is neither an XLSX workbook nor a CSV text.
var errBadFile = errors.New("market: not an XLSX or CSV file")

// readUpload reads the uploaded file's first sheet (XLSX) or its rows (CSV).
func readUpload(fh *multipart.FileHeader) ([][]string, error) {
	if fh.Size > maxUpload {
		return nil, errBadFile
	}
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("market: open upload: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxUpload+1))
	if err != nil {
		return nil, fmt.Errorf("market: read upload: %w", err)
	}
	return readTable(b)
}

// readTable reads a workbook's first sheet or a CSV text (comma or semicolon).
func readTable(b []byte) ([][]string, error) {
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		wb, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			return nil, errBadFile
		}
		defer wb.Close()
		sheets := wb.GetSheetList()
		if len(sheets) == 0 {
			return nil, errBadFile
		}
		rows, err := wb.GetRows(sheets[0])
		if err != nil {
			return nil, errBadFile
		}
		return clean(rows), nil
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !isText(b) {
		return nil, errBadFile
	}
	head := b // the separator most used in the first lines (a bank's title block has few)
	for i, n := 0, 0; i < len(b); i++ {
		if b[i] == '\n' {
			if n++; n == 10 {
				head = b[:i]
				break
			}
		}
	}
	r := csv.NewReader(bytes.NewReader(b))
	if bytes.Count(head, []byte(";")) > bytes.Count(head, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	rows, err := r.ReadAll()
	if err != nil {
		return nil, errBadFile
	}
	return clean(rows), nil
}

func isText(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	return !bytes.ContainsRune(b, 0) && strings.ToValidUTF8(string(b), "\uFFFD") == string(b)
}

// clean trims cells, puts them in NFC and drops empty rows at the end.
func clean(rows [][]string) [][]string {
	for _, row := range rows {
		for j := range row {
			row[j] = strings.TrimSpace(norm.NFC.String(row[j]))
		}
	}
	for len(rows) > 0 && blank(rows[len(rows)-1]) {
		rows = rows[:len(rows)-1]
	}
	return rows
}

func blank(row []string) bool {
	for _, c := range row {
		if c != "" {
			return false
		}
	}
	return true
}

// fold lower-cases a header and strips its Vietnamese diacritics, to match
// column names however a bank or a board wrote them.
func fold(s string) string {
	s = strings.ToLower(norm.NFD.String(s))
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == 'đ':
			b.WriteRune('d')
		case r >= 0x300 && r <= 0x36f:
		case r == ' ' || r == '_' || r == '-' || r == '.' || r == '/':
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// columns finds, in a header row, the column of each wanted field: the
// first header whose folded text holds one of the field's names.
func columns(header []string, want map[string][]string) map[string]int {
	out := map[string]int{}
	for field, names := range want {
		for j, h := range header {
			fh := fold(h)
			for _, n := range names {
				if fh == n || strings.Contains(fh, n) {
					if _, set := out[field]; !set {
						out[field] = j
					}
				}
			}
		}
	}
	return out
}

func cell(row []string, cols map[string]int, field string) string {
	j, ok := cols[field]
	if !ok || j >= len(row) {
		return ""
	}
	return row[j]
}
