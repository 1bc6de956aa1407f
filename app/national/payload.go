// Package national talks to the national accommodation notification
// system: the payload of a notification, the legal deadline, the HTTP
// client that delivers it, and a reference receiver with fault injection.
// docs/national-notification.md documents the format.
package national

import (
	"time"
)

// Events of a stay that are notified.
const (
	EventCheckIn    = "check_in"
	EventCorrection = "correction"
	EventCheckOut   = "check_out"
	EventCancel     = "cancel"
)

// Document is the guest's identity document.
type Document struct {
	Type   string `json:"type"`   // cccd, passport or id_card
	Number string `json:"number"` // 12-digit CCCD number or passport number
}

// Payload is the JSON body of one notification.
type Payload struct {
	SiteCode          string    `json:"site_code"`
	SiteName          string    `json:"site_name"`
	SiteAddress       string    `json:"site_address"`
	AreaCode          string    `json:"area_code"`
	StayID            int64     `json:"stay_id"`
	Event             string    `json:"event"`
	Document          Document  `json:"document"`
	FullName          string    `json:"full_name"`
	BirthDate         string    `json:"birth_date"` // YYYY-MM-DD
	Sex               string    `json:"sex"`        // M or F
	Nationality       string    `json:"nationality"`
	Arrival           time.Time `json:"arrival"`
	ExpectedDeparture string    `json:"expected_departure"` // YYYY-MM-DD
	Departure         *string   `json:"departure,omitempty"`
	Reason            string    `json:"reason"`
	Room              string    `json:"room,omitempty"`
	CancelReason      string    `json:"cancel_reason,omitempty"`
	Changes           []Change  `json:"changes,omitempty"`
}

// Change is one corrected field, for correction events.
type Change struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// Validate lists the fields a receiver would refuse, by name.
func (p Payload) Validate() []string {
	var bad []string
	req := func(field, v string) {
		if v == "" {
			bad = append(bad, field)
		}
	}
	req("site_code", p.SiteCode)
	req("event", p.Event)
	req("document.type", p.Document.Type)
	req("document.number", p.Document.Number)
	req("full_name", p.FullName)
	req("birth_date", p.BirthDate)
	req("sex", p.Sex)
	req("nationality", p.Nationality)
	req("expected_departure", p.ExpectedDeparture)
	req("reason", p.Reason)
	if p.StayID <= 0 {
		bad = append(bad, "stay_id")
	}
	if p.Arrival.IsZero() {
		bad = append(bad, "arrival")
	}
	switch p.Event {
	case EventCheckIn, EventCorrection, EventCheckOut, EventCancel, "":
	default:
		bad = append(bad, "event")
	}
	if _, err := time.Parse("2006-01-02", p.BirthDate); p.BirthDate != "" && err != nil {
		bad = append(bad, "birth_date")
	}
	if p.Sex != "" && p.Sex != "M" && p.Sex != "F" {
		bad = append(bad, "sex")
	}
	return bad
}
