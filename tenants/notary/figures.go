package notary

import "portal06/app/kind"

// Indicators are the notary figures of pilot model 8 (identity checks at
// notaries), kept in figure_days as checks are saved.
func (*Kind) Indicators() []kind.Indicator {
	return []kind.Indicator{
		{Code: "notary.acts_checked", Model: 8, Label: "notary.ind_acts_checked", Unit: "count", HigherIsBetter: true},
		{Code: "notary.mismatch_rate", Model: 8, Label: "notary.ind_mismatch_rate", Unit: "percent", HigherIsBetter: false},
		{Code: "notary.signals", Model: 8, Label: "notary.ind_signals", Unit: "count", HigherIsBetter: false},
	}
}
