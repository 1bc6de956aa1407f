// Package ui holds the accommodation kind's templ components. They render
// plain structs; the text comes from the message files.
package ui

import "portal06/views"

// CheckinData is the check-in page of one site.
type CheckinData struct {
	SiteName   string
	ScanAction string
	ManualHref string
	BoardHref  string
	TripsHref  string // buses and boats: their trips
	GroupHref  string // group check-in
	PairHref   string // pairs a phone with this desk
	PairQR     string // data: URL of the pairing code, once paired
	PairURL    string
	EventsURL  string
	Trip       string // the trip being boarded, if any
	CSRF       string
	Panel      *Panel // the confirm, error or saved panel, when the page was posted without JavaScript
	Recent     []StayRow
}

// Panel is what appears under the scan box: a form to confirm, the reasons a
// scan was refused, or the stay just saved.
type Panel struct {
	Form         *views.Form
	Errors       []string // translated "Field: reason" lines
	Suspicious   bool
	Notice       string // translated
	ExistingHref string // the open stay a scan found
	SavedName    string
	SavedHref    string
}

// StayRow is a stay in a list or on the board.
type StayRow struct {
	Href        string
	Room        string
	Name        string
	Document    string // masked
	Nationality string
	Arrival     string
	Departure   string
	Status      string // translated
	Notify      string // translated notification state
	NotifyClass string // ok, warn, late, refused
	Remaining   string // translated time left, or empty
}
