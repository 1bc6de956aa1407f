package accommodation

import (
	"embed"
	"io/fs"

	"portal06/app/kind"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// The codes of the accommodation kind's live indicators in figure_days.
const (
	FigureSitesReporting = "acc.sites_reporting"
	FigureStaysNotified  = "acc.stays_notified"
	FigureStaysOnTime    = "acc.stays_on_time"
	FigureForeign12h     = "acc.foreign_12h"
	FigureTripsManifest  = "acc.trips_manifest"
)

// Migrations are the kind's own tables and triggers: the province's live
// indicators kept up to date by triggers on stays, notifications and trips.
func (*Kind) Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // the folder is embedded: cannot happen
	}
	return sub
}

// Indicators are the accommodation kind's live figures for the province's
// pilot models 9 (accommodation) and 12 (coach passengers); the triggers of
// migrations/10001_figures.sql keep them in figure_days.
func (*Kind) Indicators() []kind.Indicator {
	return []kind.Indicator{
		{Code: FigureSitesReporting, Model: 9, Label: "figure.acc_sites_reporting", Unit: "count", HigherIsBetter: true, Stock: true},
		{Code: FigureStaysNotified, Model: 9, Label: "figure.acc_stays_notified", Unit: "count", HigherIsBetter: true},
		{Code: FigureStaysOnTime, Model: 9, Label: "figure.acc_stays_on_time", Unit: "percent", HigherIsBetter: true},
		{Code: FigureForeign12h, Model: 9, Label: "figure.acc_foreign_12h", Unit: "percent", HigherIsBetter: true},
		{Code: FigureTripsManifest, Model: 12, Label: "figure.acc_trips_manifest", Unit: "count", HigherIsBetter: true},
	}
}
