package market

import (
	"strconv"
	"strings"
)

// PostgreSQL array literals: gorm would spread a Go slice into a list, so
// bulk statements pass arrays as text and cast them.

func int64Array(v []int64) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, x := range v {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(x, 10))
	}
	b.WriteByte('}')
	return b.String()
}

func textArray(v []string) string {
	var b strings.Builder
	b.WriteByte('{')
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	for i, x := range v {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(r.Replace(x))
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}
