package kind

// Indicator is one figure of a Project 06 pilot model that a kind computes
// from its live data. The kind keeps the core's rollup table figure_days
// up to date in the same transaction as its records (figures.Add, or the
// SQL function figure_add from a trigger), one row per indicator, site and
// day; the province's pages read only that table.
type Indicator struct {
	Code  string // stable id, e.g. "acc.stays_on_time"
	Model int    // the pilot model's number (shared/data/de-an-06-models.csv)
	Label string // message id of its name
	// Unit is "count", "percent" (num/den × 100) or "vnd".
	Unit string
	// HigherIsBetter says which way the target is met.
	HigherIsBetter bool
	// Stock marks a level, such as residents registered: a row holds the
	// change of the day, and the value at a date is the sum of all changes
	// up to it. Otherwise the value of a period is the sum of its days.
	Stock bool
}

// FigureSource is a kind that feeds the province's indicators.
type FigureSource interface {
	Indicators() []Indicator
}
