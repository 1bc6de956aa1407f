// Package ui holds the apartment kind's templ views: plain data in, HTML out.
package ui

import "portal06/views"

// RegisterData is the resident registration page: the shared scan box,
// then the panel that confirms before saving.
type RegisterData struct {
	SiteName   string
	ScanAction string
	ManualHref string
	BoardHref  string
	CSRF       string
	Panel      *Panel
	Recent     *views.Table
	RecentHead string // translated heading of Recent
}

// Panel is the fragment under the scan box: a saved notice, errors, a
// notice, or the confirm form.
type Panel struct {
	SavedText string // a translated saved notice, instead of the resident's
	SavedName string
	SavedHref string
	Errors    []string
	Notice    string
	Form      *views.Form
}

// PublicData is the self-registration page a poster's QR opens.
type PublicData struct {
	Intro      string // translated
	Done       string // translated notice once a request is filed
	OtherHref  string // the other form of the poster (visitor or resident)
	OtherLabel string
	SiteName   string
	ScanAction string
	ManualHref string
	CSRF       string
	Panel      *Panel
}

// PosterData is the printable poster of a site.
type PosterData struct {
	SiteName string
	Address  string
	URL      string
	QR       string // data: URI of the PNG
	NewForm  *views.Form
}
