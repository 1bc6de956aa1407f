package ui

import (
	"strconv"
	"strings"
)

const (
	chartW = 640
	chartH = 260
	padL   = 44
	padR   = 20
	padT   = 12
	padB   = 30
)

func itoa(v int) string { return strconv.Itoa(v) }

// pct formats a percentage with at most one decimal.
func pct(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0")
}

func xPos(i, n int) string {
	if n <= 1 {
		return itoa(padL + (chartW-padL-padR)/2)
	}
	return strconv.FormatFloat(float64(padL)+float64(i)*float64(chartW-padL-padR)/float64(n-1), 'f', 1, 64)
}

func yPos(v float64) string {
	v = max(0, min(100, v))
	return strconv.FormatFloat(float64(padT)+(100-v)*float64(chartH-padT-padB)/100, 'f', 1, 64)
}

// points is a polyline's points; months without data are skipped.
func points(vs []float64) string {
	var b strings.Builder
	for i, v := range vs {
		if v < 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(xPos(i, len(vs)) + "," + yPos(v))
	}
	return b.String()
}
