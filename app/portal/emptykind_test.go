package portal_test

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"portal06/app/kind"
	"portal06/app/testdb"
)

// emptyKind is a tenant kind with nothing of its own: no pages, tables or data.
type emptyKind struct{ kind.Basic }

func (*emptyKind) Name() string        { return "empty" }
func (*emptyKind) SiteKinds() []string { return []string{"empty_site"} }
func (*emptyKind) Messages() fs.FS     { return emptyMessages }

//go:embed testdata/emptykind/locales/*.json
var emptyFiles embed.FS

var emptyMessages, _ = fs.Sub(emptyFiles, "testdata/emptykind")

// TestCoreStandsAlone builds the portal with the core and one empty kind, on
// a database with the core's tables only, and walks every route as each
// role: a page that uses a message no file has, or SQL that touches a
// tenant kind's table (which does not exist here), fails the test.
func TestCoreStandsAlone(t *testing.T) {
	e := newEnvOf(t, testdb.NewCore(t), kind.Registry{&emptyKind{}})
	var mu sync.Mutex
	missing := map[string]bool{}
	e.OnMissing = func(lang, id string) {
		mu.Lock()
		missing[lang+": "+id] = true
		mu.Unlock()
	}
	e.Srv = e.build()
	param := regexp.MustCompile(`:[a-z]+`)
	var keys []string
	for k := range e.Srv.Routes() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	pages := 0
	for _, user := range []string{"pc06", "ca-baichay", "tinh", ""} {
		for _, lang := range []string{"vi", "en"} {
			var c *client
			if user == "" {
				c = e.client()
				c.get("/login")
			} else {
				c = e.login(user)
			}
			c.post("/lang", url.Values{"lang": {lang}, "next": {"/"}})
			for _, key := range keys {
				method, path, _ := strings.Cut(key, " ")
				if method != http.MethodGet || strings.HasSuffix(path, "/events") || strings.Contains(path, "*") {
					continue
				}
				p := param.ReplaceAllString(path, "1")
				res := c.get(p)
				if res.Status == http.StatusOK {
					pages++
				}
				if res.Status >= 500 {
					t.Errorf("%s (%s): GET %s answered %d: %.300s", user, lang, p, res.Status, res.Body)
				}
			}
		}
	}
	if pages < 20 {
		t.Errorf("only %d pages answered 200: the walk did not reach the pages", pages)
	}
	var list []string
	for m := range missing {
		list = append(list, m)
	}
	sort.Strings(list)
	if len(list) > 0 {
		t.Errorf("pages used messages that no file has: %v", list)
	}
}
