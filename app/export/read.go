package export

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

// ErrBadFile is an upload that is neither an XLSX workbook nor a CSV text,
// or one larger than allowed.
var ErrBadFile = errors.New("export: not an XLSX or CSV file")

// ReadUpload reads an uploaded table of at most max bytes: the first sheet
// of an XLSX workbook, or the rows of a CSV text. Cells are trimmed and in
// Unicode NFC; empty rows at the end are dropped.
func ReadUpload(fh *multipart.FileHeader, max int64) ([][]string, error) {
	if fh.Size > max {
		return nil, ErrBadFile
	}
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("export: open upload: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("export: read upload: %w", err)
	}
	if int64(len(b)) > max {
		return nil, ErrBadFile
	}
	return ReadTable(b)
}

// ReadTable reads a workbook's first sheet or a CSV text (comma or
// semicolon, whichever its first lines use more), as ReadUpload does.
func ReadTable(b []byte) ([][]string, error) {
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		wb, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			return nil, ErrBadFile
		}
		defer wb.Close()
		sheets := wb.GetSheetList()
		if len(sheets) == 0 {
			return nil, ErrBadFile
		}
		rows, err := wb.GetRows(sheets[0])
		if err != nil {
			return nil, ErrBadFile
		}
		return tidy(rows), nil
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !isText(b) {
		return nil, ErrBadFile
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
		return nil, ErrBadFile
	}
	return tidy(rows), nil
}

func isText(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	return !bytes.ContainsRune(b, 0) && strings.ToValidUTF8(string(b), "\uFFFD") == string(b)
}

// tidy trims cells, puts them in NFC and drops empty rows at the end.
func tidy(rows [][]string) [][]string {
	for _, row := range rows {
		for j := range row {
			row[j] = strings.TrimSpace(norm.NFC.String(row[j]))
		}
	}
	for len(rows) > 0 && Blank(rows[len(rows)-1]) {
		rows = rows[:len(rows)-1]
	}
	return rows
}

// Blank reports whether every cell of the row is empty.
func Blank(row []string) bool {
	for _, c := range row {
		if c != "" {
			return false
		}
	}
	return true
}
