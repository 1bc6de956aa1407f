package province

import (
	"math"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"portal06/app/i18n"
)

// Value is an indicator's value somewhere; OK is false when there is none.
type Value struct {
	V  float64
	OK bool
}

// ValueOf is ind's value of month m for area: from figure_days when live,
// from the month's entry for the area when reported.
func ValueOf(tx *gorm.DB, ind Indicator, m time.Time, area int64) (Value, error) {
	if ind.Live {
		s, err := LiveTotal(tx, ind, m, area)
		if err != nil {
			return Value{}, err
		}
		v, ok := ind.Value(s.Num, s.Den)
		return Value{v, ok}, nil
	}
	byArea, err := ReportedByArea(tx, ind.Code, m)
	if err != nil {
		return Value{}, err
	}
	v, ok := byArea[area]
	return Value{v, ok}, nil
}

// ChildValues are ind's values of month m for each area under parent.
func ChildValues(tx *gorm.DB, ind Indicator, m time.Time, parent int64, children []Area) (map[int64]Value, error) {
	out := make(map[int64]Value, len(children))
	if ind.Live {
		sums, err := LiveByArea(tx, ind, m, parent)
		if err != nil {
			return nil, err
		}
		for _, a := range children {
			s := sums[a.ID]
			v, ok := ind.Value(s.Num, s.Den)
			out[a.ID] = Value{v, ok}
		}
		return out, nil
	}
	byArea, err := ReportedByArea(tx, ind.Code, m)
	if err != nil {
		return nil, err
	}
	for _, a := range children {
		v, ok := byArea[a.ID]
		out[a.ID] = Value{v, ok}
	}
	return out, nil
}

// Trend is ind's value for each of the 12 months ending with end, for area
// or, when site is not 0, one site.
func Trend(tx *gorm.DB, ind Indicator, end time.Time, area int64, site *Site) ([]Value, error) {
	out := make([]Value, 12)
	if ind.Live {
		sums, err := LiveTrend(tx, ind, end, area, site)
		if err != nil {
			return nil, err
		}
		for i, s := range sums {
			v, ok := ind.Value(s.Num, s.Den)
			out[i] = Value{v, ok}
		}
		return out, nil
	}
	vals, ok, err := ReportedTrend(tx, ind.Code, end, area)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i] = Value{vals[i], ok[i]}
	}
	return out, nil
}

// Format writes a value of unit in lang: 1.234.567 and 83,5 % in
// Vietnamese, 1,234,567 and 83.5 % in English, money as 1.250.000 ₫.
func Format(lang, unit string, v Value) string {
	if !v.OK {
		return "–"
	}
	switch unit {
	case "vnd":
		return i18n.Money(int64(math.Round(v.V)))
	case "percent":
		return number(lang, v.V, 1) + " %"
	case "hours":
		if lang == "en" {
			return number(lang, v.V, 1) + " h"
		}
		return number(lang, v.V, 1) + " giờ"
	}
	return number(lang, v.V, 0)
}

func number(lang string, v float64, decimals int) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	if frac != "" && strings.Trim(frac, "0") == "" {
		frac = ""
	}
	group, point := ".", ","
	if lang == "en" {
		group, point = ",", "."
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(point + frac)
	}
	return b.String()
}
