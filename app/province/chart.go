package province

import (
	"math"
	"strconv"
	"time"

	"portal06/views"
)

// chart draws 12 monthly values ending with end as an SVG line, with the
// target as a dashed line when there is one.
func chart(lang, unit, label string, end time.Time, vals []Value, target *float64) views.Chart {
	const w, h, left, right, top, bottom = 320, 140, 30, 5, 10, 20
	c := views.Chart{Label: label, Width: w, Height: h}
	hi := 0.0
	for _, v := range vals {
		if v.OK && v.V > hi {
			hi = v.V
		}
	}
	if target != nil && *target > hi {
		hi = *target
	}
	if hi == 0 {
		hi = 1
	}
	hi *= 1.1
	step := float64(w-left-right) / float64(len(vals)-1)
	y := func(v float64) float64 { return top + (h-top-bottom)*(1-v/hi) }
	f := func(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }
	first := end.AddDate(0, -len(vals)+1, 0)
	for i, v := range vals {
		x := left + step*float64(i)
		m := first.AddDate(0, i, 0)
		if i%3 == 0 || i == len(vals)-1 {
			anchor := "middle"
			if i == len(vals)-1 {
				anchor = "end"
			}
			c.Labels = append(c.Labels, views.ChartLabel{X: f(x), Text: m.Format("01/06"), Anchor: anchor})
		}
		if !v.OK {
			continue
		}
		if c.Line != "" {
			c.Line += " "
		}
		c.Line += f(x) + "," + f(y(v.V))
		c.Dots = append(c.Dots, views.ChartDot{X: f(x), Y: f(y(v.V)), Title: monthLabel(m) + ": " + Format(lang, unit, v)})
	}
	if target != nil {
		c.Target = f(y(*target))
	}
	return c
}
