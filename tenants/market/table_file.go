package market

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// maxUpload is the largest spreadsheet the portal reads.
const maxUpload = 20 << 20

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
