package apartment

import "portal06/app/kind"

// The kind's indicators in figure_days.
const (
	IndSites     = "apt.sites_using"    // blocks and boarding houses with units in the portal (stock)
	IndResidents = "apt.residents"      // residents registered (stock)
	IndBacklog   = "apt.tamtru_backlog" // non-permanent residents whose tạm trú is still to be filed (stock)
)

// Indicators are the figures of models 45 ("Quản lý số" at apartment
// blocks and boarding houses) and 10 (boarding houses for workers).
func (*Kind) Indicators() []kind.Indicator {
	var out []kind.Indicator
	for _, model := range []int{45, 10} {
		out = append(out,
			kind.Indicator{Code: IndSites, Model: model, Label: "apt.ind_sites", Unit: "count", HigherIsBetter: true, Stock: true},
			kind.Indicator{Code: IndResidents, Model: model, Label: "apt.ind_residents", Unit: "count", HigherIsBetter: true, Stock: true},
			kind.Indicator{Code: IndBacklog, Model: model, Label: "apt.ind_backlog", Unit: "count", Stock: true},
		)
	}
	return out
}
