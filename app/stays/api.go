package stays

import "time"

// APIDocument is a person's document in an API answer.
type APIDocument struct {
	Type   string `json:"type"`
	Number string `json:"number"`
}

// APINotification is the state of a stay's check-in notification in an
// API answer.
type APINotification struct {
	Status   string    `json:"status"`
	Receipt  *string   `json:"receipt"`
	Deadline time.Time `json:"deadline"`
	Refusal  *string   `json:"refusal,omitempty"`
}

// APIStay is a stay as every API answers it (a hotel guest, or an
// apartment's overnight visitor, whose room is the unit's code).
type APIStay struct {
	ID                int64           `json:"id"`
	Site              string          `json:"site"`
	Room              string          `json:"room"`
	Status            string          `json:"status"`
	Document          APIDocument     `json:"document"`
	FullName          string          `json:"full_name"`
	BirthDate         string          `json:"birth_date"`
	Sex               string          `json:"sex"`
	Nationality       string          `json:"nationality"`
	Arrival           time.Time       `json:"arrival"`
	ExpectedDeparture string          `json:"expected_departure"`
	Departure         *time.Time      `json:"departure"`
	Reason            string          `json:"reason"`
	Notification      APINotification `json:"notification"`
}

// Answer is st as the API answers it, at the site of slug site.
func Answer(st Stay, site string) APIStay {
	return APIStay{ID: st.ID, Site: site, Room: st.Room, Status: st.Status,
		Document: APIDocument{Type: st.DocType, Number: st.DocNumber}, FullName: st.FullName,
		BirthDate: st.BirthDate.Format("2006-01-02"), Sex: st.Sex, Nationality: st.Nationality, Arrival: st.ArrivalAt.UTC(),
		ExpectedDeparture: st.ExpectedDeparture.Format("2006-01-02"), Departure: st.DepartedAt, Reason: st.Reason,
		Notification: APINotification{Status: st.NotifyStatus, Receipt: st.NotifyReceipt, Deadline: st.DeadlineAt.UTC(), Refusal: st.NotifyRefusal}}
}
