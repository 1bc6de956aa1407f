package accommodation

import (
	"strings"

	"gorm.io/gorm"

	"portal06/app/kind"
	"portal06/app/web"
)

// PeopleQuery finds guests of the sites in the request's scope, one hit
// per document, newest stay first. Cancelled stays (entered by mistake) are left out.
func (k *Kind) PeopleQuery(r *web.Request, q kind.PersonQuery, limit int) *gorm.DB {
	return guestsQuery(r.Tx, r.Scope, q, limit)
}

// PersonHistory lists a person's stays at the sites in scope, oldest first.
func (k *Kind) PersonHistory(r *web.Request, docType, number string) ([]kind.PersonEvent, error) {
	rows, err := guestStays(r.Tx, r.Scope, docType, number)
	if err != nil {
		return nil, err
	}
	out := make([]kind.PersonEvent, len(rows))
	for i, x := range rows {
		until := r.T.T("acc.until_expected", "Date", r.T.Date(x.ExpectedDeparture))
		if x.DepartedAt != nil {
			until = r.T.T("acc.until", "At", r.T.DateTime(*x.DepartedAt))
		}
		parts := []string{r.T.T("acc.arrived", "At", r.T.DateTime(x.ArrivalAt)), until, x.Reason, r.T.T("acc.nstatus_" + x.NotifyStatus)}
		if x.Room != "" {
			parts = append([]string{r.T.T("acc.room") + " " + x.Room}, parts...)
		}
		out[i] = kind.PersonEvent{At: x.ArrivalAt, Place: x.SiteName + " · " + x.AreaName, Tenant: x.TenantName,
			What: r.T.T("acc.person_stay", "Status", r.T.T("acc.status_"+x.Status)), Detail: strings.Join(parts, " · ")}
	}
	return out, nil
}
