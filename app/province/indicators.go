package province

import (
	"fmt"
	"sort"

	"gorm.io/gorm"

	"portal06/app/i18n"
	"portal06/app/kind"
	"portal06/app/tips"
)

// Indicator is one figure the province follows: live (computed by a tenant
// kind into figure_days) or reported (entered each month).
type Indicator struct {
	Code           string
	Model          int
	Name           string // in the language asked for
	Unit           string // count, percent or vnd
	HigherIsBetter bool
	Live           bool
	Stock          bool
	Agency         string // who reports it
}

// Value turns a sum of num and den into the indicator's value; ok is false
// when a share has nothing to divide.
func (ind Indicator) Value(num, den float64) (float64, bool) {
	switch ind.Unit {
	case "percent":
		if den == 0 {
			return 0, false
		}
		return 100 * num / den, true
	case "hours": // a mean: hours over events
		if den == 0 {
			return 0, false
		}
		return num / den, true
	}
	return num, true
}

// Sources are every source of live figures: the tenant kinds present and
// the core's own (crime tips), all kept in the rollup figure_days.
func Sources(kinds kind.Registry) []kind.FigureSource {
	return append(kinds.FigureSources(), tips.Figures{})
}

// Behind says whether value misses target, in the indicator's direction.
func (ind Indicator) Behind(value, target float64) bool {
	if ind.HigherIsBetter {
		return value < target
	}
	return value > target
}

// Shortfall is how far value is from target, as a share of the target
// (0 when met), to rank the communes furthest behind.
func (ind Indicator) Shortfall(value, target float64) float64 {
	if !ind.Behind(value, target) {
		return 0
	}
	d := target - value
	if !ind.HigherIsBetter {
		d = value - target
	}
	if target == 0 {
		return d
	}
	return d / target
}

type reportedRow struct {
	Code, NameVi, NameEn, Unit, Agency string
	ModelNo                            int
	HigherIsBetter                     bool
}

// Indicators lists the live indicators of the kinds present and the
// reported ones of the catalogue, by model; names in t's language.
func Indicators(tx *gorm.DB, kinds kind.Registry, t *i18n.Translator) ([]Indicator, error) {
	var rows []reportedRow
	err := tx.Raw(`SELECT code, name_vi, name_en, unit, agency, model_no, higher_is_better FROM indicators
		WHERE source = 'reported' ORDER BY model_no, position, code LIMIT 1000`).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("province: list indicators: %w", err)
	}
	return mergeIndicators(liveIndicators(kinds, t), rows, t), nil
}

// liveIndicators are the live indicators of every source, named in t's
// language.
func liveIndicators(kinds kind.Registry, t *i18n.Translator) []Indicator {
	var out []Indicator
	for _, src := range Sources(kinds) {
		for _, i := range src.Indicators() {
			out = append(out, Indicator{Code: i.Code, Model: i.Model, Name: t.T(i.Label), Unit: i.Unit,
				HigherIsBetter: i.HigherIsBetter, Live: true, Stock: i.Stock})
		}
	}
	return out
}

// mergeIndicators adds the reported indicators of rows to live, named in
// t's language, and sorts them by model, the live ones first.
func mergeIndicators(live []Indicator, rows []reportedRow, t *i18n.Translator) []Indicator {
	out := live
	for _, r := range rows {
		name := r.NameVi
		if t.Lang() == "en" {
			name = r.NameEn
		}
		out = append(out, Indicator{Code: r.Code, Model: r.ModelNo, Name: name, Unit: r.Unit, HigherIsBetter: r.HigherIsBetter,
			Agency: r.Agency})
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Model != out[b].Model {
			return out[a].Model < out[b].Model
		}
		return out[a].Live && !out[b].Live
	})
	return out
}

// Find returns the indicator with code.
func Find(list []Indicator, code string) (Indicator, bool) {
	for _, i := range list {
		if i.Code == code {
			return i, true
		}
	}
	return Indicator{}, false
}
