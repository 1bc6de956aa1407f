package police

import (
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"portal06/app/audit"
	"portal06/app/iddoc"
	"portal06/app/kind"
	"portal06/app/web"
	"portal06/views"
)

// SearchLimit is the most people one search lists.
const SearchLimit = 100

var numberRe = regexp.MustCompile(`^[A-Za-z]?[0-9][A-Za-z0-9]{4,19}$`)

// parseQuery reads what the officer typed: a document number, a date of
// birth (dd/mm/yyyy or yyyy-mm-dd) or a name.
func parseQuery(q string) (kind.PersonQuery, bool) {
	q = strings.TrimSpace(q)
	if numberRe.MatchString(q) {
		return kind.PersonQuery{Number: strings.ToUpper(q)}, true
	}
	for _, layout := range []string{"02/01/2006", "2006-01-02"} {
		if t, err := time.Parse(layout, q); err == nil {
			return kind.PersonQuery{BirthDate: t.Format("2006-01-02")}, true
		}
	}
	f := iddoc.Fold(q)
	if utf8.RuneCountInString(f) < 2 {
		return kind.PersonQuery{}, false
	}
	return kind.PersonQuery{NameFold: f}, true
}

func (h *Handlers) searchData(r *web.Request, q, purpose string) views.SearchData {
	return views.SearchData{Action: "/police/search", OpenAction: "/police/person", CSRF: r.CSRF, Q: q, Purpose: purpose, Errors: map[string]string{}}
}

func (h *Handlers) searchForm(c *fiber.Ctx, r *web.Request) error {
	return web.Render(c, r, fiber.StatusOK, views.PersonSearch(h.s.Page(c, r, "search.title"), h.searchData(r, "", "")))
}

func (h *Handlers) entry(r *web.Request, action, subject, query, purpose string, results int) audit.Entry {
	return r.Who(audit.Entry{Action: action, Subject: subject, Query: query, Purpose: purpose, Results: results})
}

// search finds people in the jurisdiction and audits the search.
func (h *Handlers) search(c *fiber.Ctx, r *web.Request) error {
	q, purpose := web.Form(c, "q"), web.Form(c, "purpose")
	d := h.searchData(r, q, purpose)
	pq, ok := parseQuery(q)
	if !ok {
		d.Errors["q"] = r.T.T("search.q_short")
	}
	if code := audit.CheckPurpose(purpose); code != "" {
		d.Errors["purpose"] = r.T.T(code)
	}
	if len(d.Errors) > 0 {
		return web.Render(c, r, fiber.StatusUnprocessableEntity, views.PersonSearch(h.s.Page(c, r, "search.title"), d))
	}
	hits, res, err := findPeople(r, h.people, pq, SearchLimit+1)
	if err != nil {
		return err
	}
	if len(hits) > SearchLimit {
		hits, d.Limited = hits[:SearchLimit], true
	}
	if err := h.audit.Append(r.Tx, res, h.entry(r, "person_search", pq.Number, q, purpose, len(hits))); err != nil {
		return err
	}
	d.Searched = true
	for _, p := range hits {
		d.People = append(d.People, views.PersonRow{FullName: p.FullName, BirthDate: r.T.Date(p.BirthDate), Nationality: p.Nationality,
			Document: iddoc.MaskNumber(p.DocNumber), DocType: p.DocType, DocNumber: p.DocNumber, LastSeen: r.T.DateTime(p.LastSeen),
			LastPlace: p.LastPlace, Records: p.Records})
	}
	return web.Render(c, r, fiber.StatusOK, views.PersonSearch(h.s.Page(c, r, "search.title"), d))
}

// person opens one person's history across the jurisdiction, audited.
// A person with no record in the jurisdiction is a 404, as any id outside it is.
func (h *Handlers) person(c *fiber.Ctx, r *web.Request) error {
	docType, number, purpose := web.Form(c, "doc_type"), strings.ToUpper(web.Form(c, "doc_number")), web.Form(c, "purpose")
	if code := audit.CheckPurpose(purpose); code != "" {
		// ask for the purpose first; the number stays in the form's body
		status := fiber.StatusOK
		msg := ""
		if purpose != "" {
			status, msg = fiber.StatusUnprocessableEntity, r.T.T(code)
		}
		f := views.Form{ID: "purpose-form", Action: "/police/person", Submit: r.T.T("search.open"), Fields: []views.Field{
			{Name: "purpose", Label: r.T.T("search.purpose"), Type: "text", Value: purpose, Required: true, Error: msg, Hint: r.T.T("search.purpose_hint")},
			{Name: "doc_type", Type: "hidden", Value: docType}, {Name: "doc_number", Type: "hidden", Value: number},
			{Name: "_csrf", Type: "hidden", Value: r.CSRF}}}
		return web.Render(c, r, status, views.ScreenView(h.s.Page(c, r, "search.state_purpose"), views.Screen{Sections: []views.Section{{ID: "purpose", Form: &f}}}))
	}
	var events []kind.PersonEvent
	for _, src := range h.people {
		ev, err := src.PersonHistory(r, docType, number)
		if err != nil {
			return err
		}
		events = append(events, ev...)
	}
	if len(events) == 0 {
		return fiber.ErrNotFound
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].At.Before(events[j].At) })
	// the person's name from the newest record of the number and type,
	// read with the reservation of the entry that audits this look (one
	// hit per kind and type of document: 20 is more than any number has)
	hits, res, err := findPeople(r, h.people, kind.PersonQuery{Number: number}, 20)
	if err != nil {
		return err
	}
	if err := h.audit.Append(r.Tx, res, h.entry(r, "person_open", number, "", purpose, len(events))); err != nil {
		return err
	}
	var name, birth string
	for _, hit := range hits {
		if hit.DocType == docType && name == "" {
			name, birth = hit.FullName, r.T.Date(hit.BirthDate)
		}
	}
	d := views.PersonData{FullName: name, Document: number, BirthDate: birth, Purpose: purpose}
	for _, e := range events {
		d.Events = append(d.Events, views.PersonEventRow{At: r.T.DateTime(e.At), Place: e.Place, Tenant: e.Tenant, What: e.What, Detail: e.Detail})
	}
	return web.Render(c, r, fiber.StatusOK, views.PersonHistory(h.s.Page(c, r, "search.person_title", "Name", name), d))
}
