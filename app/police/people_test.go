package police_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"testing"

	"gorm.io/gorm"

	"portal06/app/audit"
	"portal06/app/kind"
	"portal06/app/police"
	"portal06/app/portal"
	"portal06/app/portaltest"
	"portal06/app/web"
	"portal06/policies"
)

// eachSource is the search as it was before one statement: every source's
// query run alone, the hits put together and sorted newest first (ties in
// the sources' order, then by document), at most limit.
func eachSource(t *testing.T, r *web.Request, sources []kind.PersonSource, q kind.PersonQuery, limit int) (all []kind.PersonHit, kinds int) {
	t.Helper()
	for _, src := range sources {
		db := src.PeopleQuery(r, q, limit)
		if db == nil {
			continue
		}
		var hits []kind.PersonHit
		if err := db.Scan(&hits).Error; err != nil {
			t.Fatalf("%T %+v: %v", src, q, err)
		}
		sort.SliceStable(hits, func(i, j int) bool { return hits[i].DocType+hits[i].DocNumber < hits[j].DocType+hits[j].DocNumber })
		if len(hits) > 0 {
			kinds++
		}
		all = append(all, hits...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].LastSeen.After(all[j].LastSeen) })
	if len(all) > limit {
		all = all[:limit]
	}
	return all, kinds
}

func hitText(h kind.PersonHit) string {
	return fmt.Sprintf("%s %s %s %s %s %s %s %d", h.DocType, h.DocNumber, h.FullName, h.BirthDate.Format("2006-01-02"), h.Nationality,
		h.LastSeen.UTC().Format("2006-01-02T15:04:05.999999"), h.LastPlace, h.Records)
}

var errRollback = errors.New("roll back")

// TestFindPeopleInOneStatementMatchesEachSource: the one statement finds
// exactly the people, in the order, that every kind's query run alone and
// put together finds: for every number the demo's guests, residents and
// notary parties hold, names, dates of birth and an unknown number, under
// the province's scope, a ward's, and an empty one (which sees nobody),
// with the search's limit and a small one. Each call reserves an audit entry.
func TestFindPeopleInOneStatementMatchesEachSource(t *testing.T) {
	e := portaltest.NewEnv(t)
	portaltest.TwoGuests(t, e)
	sources := e.Kinds.PersonSources()
	if len(sources) < 3 {
		t.Fatalf("%d person sources, want every kind's (accommodation, apartment, notary)", len(sources))
	}
	var numbers, births []string
	err := e.AsOwner(func(tx *gorm.DB) error {
		if err := tx.Raw(`SELECT doc_number FROM (SELECT doc_number FROM stays UNION SELECT doc_number FROM apt_residents
			UNION SELECT doc_number FROM notary_parties) n ORDER BY doc_number`).Scan(&numbers).Error; err != nil {
			return err
		}
		return tx.Raw(`SELECT DISTINCT to_char(birth_date, 'YYYY-MM-DD') FROM (SELECT birth_date FROM stays UNION ALL
			SELECT birth_date FROM apt_residents UNION ALL SELECT birth_date FROM notary_parties) b WHERE birth_date IS NOT NULL
			ORDER BY 1 LIMIT 40`).Scan(&births).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(numbers) < 10 || len(births) < 5 {
		t.Fatalf("the demo holds %d numbers and %d dates of birth", len(numbers), len(births))
	}
	queries := []kind.PersonQuery{{Number: "ZZ9999999"}, {NameFold: "nguyen"}, {NameFold: "van"}, {NameFold: "thi"}, {NameFold: "tran"},
		{NameFold: "a"}, {NameFold: "100%_"}, {BirthDate: "1900-01-01"}}
	for _, n := range numbers {
		queries = append(queries, kind.PersonQuery{Number: n})
	}
	for _, b := range births {
		queries = append(queries, kind.PersonQuery{BirthDate: b})
	}
	scopes := map[string]policies.Scope{
		"province": {Areas: []string{"22"}},
		"Bãi Cháy": {Areas: []string{"06703"}},
		"nobody":   {},
	}
	for name, scope := range scopes {
		found, mixed := 0, 0
		err := e.DB.App.Transaction(func(tx *gorm.DB) error {
			if err := scope.Apply(tx, 0); err != nil {
				return err
			}
			r := &web.Request{Ctx: context.Background(), Tx: tx, Scope: scope}
			for _, q := range queries {
				for _, limit := range []int{police.SearchLimit + 1, 3} {
					got, res, err := police.FindPeople(r, sources, q, limit)
					if err != nil {
						return err
					}
					if res.ID == 0 || res.Seq == 0 || res.Chain == 0 || res.PrevHash == "" || res.At.IsZero() {
						t.Errorf("%s %+v: no audit entry reserved: %+v", name, q, res)
					}
					want, kinds := eachSource(t, r, sources, q, limit)
					if len(got) != len(want) {
						t.Errorf("%s %+v limit %d: %d people, each source alone %d", name, q, limit, len(got), len(want))
						continue
					}
					for i := range got {
						if g, w := hitText(got[i]), hitText(want[i]); g != w {
							t.Errorf("%s %+v limit %d, person %d:\n got %s\nwant %s", name, q, limit, i, g, w)
						}
					}
					found += len(got)
					if kinds > 1 {
						mixed++
					}
				}
			}
			return errRollback // the reservations are not appended
		})
		if err != errRollback {
			t.Fatalf("%s: %v", name, err)
		}
		t.Logf("%s: %d people found over %d queries, %d queries with people of more than one kind", name, found, 2*len(queries), mixed)
		switch {
		case name == "nobody" && found != 0:
			t.Errorf("an empty scope found %d people", found)
		case name == "province" && mixed == 0:
			t.Errorf("no query found people of two kinds: the comparison proves little")
		case name != "nobody" && found == 0:
			t.Errorf("%s found nobody", name)
		}
	}
}

// TestSearchAndPersonAreAuditedAndTheChainHolds: every search (with
// people, without) and every look at a person writes one audit entry with
// its results, refusals (no purpose: 422; a query too short: 422; a person
// outside the unit: 404; another role: 403) write none, and the chain
// verifies after them under the portal's key.
func TestSearchAndPersonAreAuditedAndTheChainHolds(t *testing.T) {
	e := portaltest.NewEnv(t)
	portaltest.TwoGuests(t, e) // An at Bãi Cháy, Bình at Hồng Gai
	entries := func() int64 { return e.ID(`SELECT count(*) FROM audit_log`) }
	ward, pc06 := e.Login("ca-baichay"), e.Login("pc06")
	before := entries()

	refusals := []struct {
		c    *portaltest.Client
		path string
		form url.Values
		want int
	}{
		{ward, "/police/search", url.Values{"q": {"022095001234"}, "purpose": {""}}, http.StatusUnprocessableEntity},
		{ward, "/police/search", url.Values{"q": {"x"}, "purpose": {"Vụ việc 3/2026"}}, http.StatusUnprocessableEntity},
		{ward, "/police/person", url.Values{"doc_type": {"cccd"}, "doc_number": {"022095001234"}, "purpose": {"ab"}}, http.StatusUnprocessableEntity},
		{ward, "/police/person", url.Values{"doc_type": {"cccd"}, "doc_number": {"022088005522"}, "purpose": {"Vụ việc 3/2026"}}, http.StatusNotFound},
		{e.Login("ks-owner"), "/police/search", url.Values{"q": {"022095001234"}, "purpose": {"Vụ việc 3/2026"}}, http.StatusForbidden},
		{e.Login("tinh"), "/police/person", url.Values{"doc_type": {"cccd"}, "doc_number": {"022095001234"}, "purpose": {"Vụ việc 3/2026"}}, http.StatusForbidden},
	}
	for _, x := range refusals {
		portaltest.WantStatus(t, x.c.Post(x.path, x.form), x.want)
	}
	if n := entries() - before; n != 0 {
		t.Fatalf("%d refused requests audited", n)
	}

	looks := []struct {
		c            *portaltest.Client
		path         string
		form         url.Values
		action, user string
		results      int64
		shows        string
	}{
		{ward, "/police/search", url.Values{"q": {"022095001234"}, "purpose": {"Vụ việc 3/2026"}}, "person_search", "ca-baichay", 1, "Nguyễn Văn An"},
		{ward, "/police/search", url.Values{"q": {"022088005522"}, "purpose": {"Vụ việc 3/2026"}}, "person_search", "ca-baichay", 0, ""},
		{pc06, "/police/search", url.Values{"q": {"022088005522"}, "purpose": {"Vụ việc 4/2026"}}, "person_search", "pc06", 1, "Phạm Văn Bình"},
		{pc06, "/police/search", url.Values{"q": {"ZZ9999999"}, "purpose": {"Vụ việc 4/2026"}}, "person_search", "pc06", 0, ""},
		{ward, "/police/person", url.Values{"doc_type": {"cccd"}, "doc_number": {"022095001234"}, "purpose": {"Vụ việc 3/2026"}}, "person_open", "ca-baichay", 1, "Nguyễn Văn An"},
		{pc06, "/police/person", url.Values{"doc_type": {"cccd"}, "doc_number": {"022088005522"}, "purpose": {"Vụ việc 4/2026"}}, "person_open", "pc06", 1, "Phạm Văn Bình"},
	}
	for i, x := range looks {
		r := x.c.Post(x.path, x.form)
		portaltest.WantStatus(t, r, http.StatusOK)
		if x.shows != "" {
			portaltest.MustContain(t, r, x.shows)
		}
		var got struct {
			Action, Username, Purpose string
			Results                   int64
		}
		if err := e.AsOwner(func(tx *gorm.DB) error {
			return tx.Raw(`SELECT action, username, purpose, results FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&got).Error
		}); err != nil {
			t.Fatal(err)
		}
		if n := entries() - before; n != int64(i+1) {
			t.Fatalf("look %d (%s %v): %d entries written in all", i+1, x.path, x.form, n)
		}
		if got.Action != x.action || got.Username != x.user || got.Purpose != x.form.Get("purpose") || got.Results < x.results || (x.results == 0 && got.Results != 0) {
			t.Errorf("look %d (%s %v) audited as %+v", i+1, x.path, x.form, got)
		}
	}

	l, err := audit.New(portal.AuditKey(e.Cfg))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := l.Verify(context.Background(), e.DB.Owner, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Checked == 0 {
		t.Fatalf("the audit chain does not hold after the searches: %+v", rep)
	}
}
