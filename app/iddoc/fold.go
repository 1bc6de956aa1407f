package iddoc

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold turns a name into its search form: lower case, without diacritics,
// đ as d, single spaces. "Nguyễn Văn An" and "nguyen van an" fold alike.
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	out = strings.NewReplacer("đ", "d", "Đ", "d").Replace(out)
	return strings.Join(strings.Fields(strings.ToLower(out)), " ")
}
