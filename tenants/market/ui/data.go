// Package ui holds the market kind's templ views; they render plain data.
package ui

// StallPage is one stall's page: its details, its QR, the scan box that
// registers a bank's existing code, and the inspection tick.
type StallPage struct {
	Code, Market, Zone, Category string
	HolderName, HolderPhone      string
	MaskedID                     string
	Bank, BIN, Account           string
	Card                         bool
	QRSource                     string // translated, "" without a QR
	Payload                      string
	QRImage                      string
	PosterHref, EditHref         string
	GenerateAction               string
	RegisterAction               string
	InspectAction                string
	Accepts                      string // translated yes/no
	Inspected                    string // "dd/mm/yyyy · who", or ""
	CSRF                         string
	ScanError                    string
	Notice                       string
	CanGenerate                  bool
}

// Poster is one stall's A4 poster.
type Poster struct {
	Code, Market, Zone, HolderName, Bank, Account string
	QRImage                                       string
	Payload                                       string
}

// PosterPage is a sheet of posters: one stall, or a whole zone.
type PosterPage struct {
	Lang     string
	Title    string
	Posters  []Poster
	PerPage  int // posters on one A4 sheet: 1 or 4
	BackHref string
	Empty    string
}

// Share is a count out of a total, with its percentage.
type Share struct {
	Num, Den int64
	Percent  float64
	Met      bool // at or above the target
}

// AdoptionRow is one line of an adoption table: a market, zone or category.
type AdoptionRow struct {
	Label   string
	Stalls  int64
	QR      Share
	Accepts Share
	Paid    Share
}

// AdoptionTable is a titled adoption table.
type AdoptionTable struct {
	ID    string
	Title string
	First string // heading of the first column
	Rows  []AdoptionRow
}

// AdoptionPage is the board's (or the province's) adoption page.
type AdoptionPage struct {
	Target    float64
	Year      int
	Month     string
	Tables    []AdoptionTable
	Chart     Chart
	TodoCount int64
	TodoHref  string
	TodoXLSX  string
	Todo      []TodoRow
	Filter    string // the market filter form's action, "" without
	Markets   []Opt
	Site      string
	// TargetForm is set on the province's page: officials set the year's target.
	TargetAction string
	CSRF         string
	TargetError  string
	Note         string
	PaidHeading  string
}

// Opt is a select option.
type Opt struct{ Value, Label string }

// TodoRow is a stall still without a QR.
type TodoRow struct {
	Code, Market, Zone, Category, Holder, Href string
}

// Chart is a month-by-month line chart drawn as SVG on the server.
type Chart struct {
	Title       string
	Months      []string // labels of the x axis
	Series      []Series
	Target      float64 // a dashed line, percent
	TargetLabel string
}

// Series is one line of the chart, in percent per month (-1: no data).
type Series struct {
	Label  string
	Class  string // CSS class of its colour
	Values []float64
}

// BillPage is one fee bill with its dynamic VietQR.
type BillPage struct {
	Code, Stall, Market, Month, Amount, Holder string
	Status                                     string // translated
	Paid                                       bool
	Payload, QRImage, Link                     string
	PayAction, CSRF                            string
	BackHref                                   string
	Public                                     bool // the holder's view, by the link
}
