package portal_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	formRe     = regexp.MustCompile(`(?s)<form\b([^>]*)>(.*?)</form>`)
	attrRe     = regexp.MustCompile(`([a-z-]+)="([^"]*)"`)
	controlRe  = regexp.MustCompile(`(?s)<(input|textarea|select)\b([^>]*)>(.*?</(?:textarea|select)>)?`)
	selectedRe = regexp.MustCompile(`<option value="([^"]*)"[^>]*\bselected\b`)
	firstOptRe = regexp.MustCompile(`<option value="([^"]*)"`)
	labelRe    = regexp.MustCompile(`(?s)<label for="([^"]+)"[^>]*>(.*?)(?:<span|</label>)`)
)

func attrs(s string) map[string]string {
	out := map[string]string{}
	for _, m := range attrRe.FindAllStringSubmatch(s, -1) {
		out[m[1]] = html.UnescapeString(m[2])
	}
	if strings.Contains(s, " required") {
		out["required"] = "required"
	}
	return out
}

// pageForm is a form found on a page: where it goes, its values as the
// page filled them, and its text fields with their limits and labels.
type pageForm struct {
	id, action, method string
	values             url.Values
	text               map[string]int    // field -> maxlength
	labels             map[string]string // field -> label on the page
}

func formsOf(body string) []pageForm {
	labels := map[string]string{}
	for _, m := range labelRe.FindAllStringSubmatch(body, -1) {
		labels[m[1]] = strings.TrimSpace(html.UnescapeString(m[2]))
	}
	var out []pageForm
	for _, m := range formRe.FindAllStringSubmatch(body, -1) {
		a := attrs(m[1])
		f := pageForm{id: a["id"], action: a["action"], method: a["method"], values: url.Values{}, text: map[string]int{}, labels: map[string]string{}}
		for _, c := range controlRe.FindAllStringSubmatch(m[2], -1) {
			ca := attrs(c[2])
			name := ca["name"]
			if name == "" {
				continue
			}
			switch c[1] {
			case "select":
				v := ""
				if s := selectedRe.FindStringSubmatch(c[3]); s != nil {
					v = s[1]
				} else if s := firstOptRe.FindStringSubmatch(c[3]); s != nil {
					v = s[1]
				}
				f.values.Add(name, html.UnescapeString(v))
				continue
			case "textarea":
				ca["type"] = "textarea"
			}
			if ca["type"] == "checkbox" || ca["type"] == "file" || ca["type"] == "submit" {
				continue
			}
			f.values.Add(name, ca["value"])
			switch ca["type"] {
			case "text", "search", "password", "textarea", "":
				max, err := strconv.Atoi(ca["maxlength"])
				if err != nil {
					max = -1 // no limit shown: a failure below
				}
				f.text[name] = max
				f.labels[name] = labels[ca["id"]]
			}
		}
		out = append(out, f)
	}
	return out
}

// TestEveryTextFieldHasALimit opens the pages with forms as the roles that
// use them, and posts each text field one character longer than the limit
// the page shows (maxlength): every answer is 422 and names the field, and
// nothing is saved. Fields without a maxlength fail the test.
func TestEveryTextFieldHasALimit(t *testing.T) {
	e := newEnv(t)
	twoGuests(t, e)
	msgs := messages(t)
	vi := msgs.For("vi")
	vx := itoa(e.id(`SELECT id FROM tenants WHERE slug = 'vinh-xanh'`))
	site := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	stay := itoa(e.id(`SELECT min(id) FROM stays WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'vinh-xanh')`))
	user := itoa(e.id(`SELECT id FROM users WHERE username = 'ks-letan'`))
	unit := itoa(e.id(`SELECT id FROM police_units WHERE code = 'CA-BAICHAY'`))
	pages := map[string][]string{
		"admin": {"/admin/tenants", "/admin/tenants/new", "/admin/tenants/" + vx, "/admin/tenants/" + vx + "/sites/new",
			"/admin/tenants/" + vx + "/sites/" + site, "/admin/users", "/admin/users/new", "/admin/users/" + user, "/admin/units/new",
			"/admin/units/" + unit, "/admin/policies", "/admin/audit"},
		"ks-owner": {"/t/vinh-xanh/sites/" + site + "/checkin", "/t/vinh-xanh/sites/" + site + "/checkin/manual",
			"/t/vinh-xanh/sites/" + site + "/group", "/t/vinh-xanh/stays", "/t/vinh-xanh/stays/" + stay, "/t/vinh-xanh/tokens"},
		"pc06": {"/police/search", "/police/watchlist", "/police/audit", "/police/accommodation/compliance"},
		"":     {"/login"},
	}
	before := e.id(`SELECT (SELECT count(*) FROM tenants) + (SELECT count(*) FROM sites) + (SELECT count(*) FROM users) +
		(SELECT count(*) FROM police_units) + (SELECT count(*) FROM stays) + (SELECT count(*) FROM watchlist) + (SELECT count(*) FROM api_tokens)`)
	checked := 0
	for who, paths := range pages {
		var c *client
		if who == "" {
			c = e.client()
		} else {
			c = e.login(who)
		}
		for _, path := range paths {
			res := c.get(path)
			if res.Status != http.StatusOK {
				t.Fatalf("%s: GET %s answered %d", who, path, res.Status)
			}
			for _, f := range formsOf(res.Body) {
				if f.action == "/lang" || f.action == "/logout" {
					continue
				}
				for name, max := range f.text {
					if max < 0 {
						t.Errorf("%s: field %q of form %s on %s has no maxlength", who, name, f.id, path)
						continue
					}
					long := url.Values{}
					for k, v := range f.values {
						long[k] = append([]string(nil), v...)
					}
					long.Set(name, strings.Repeat("ệ", max+1))
					var r response
					if f.method == "get" {
						r = c.get(f.action + "?" + long.Encode())
					} else {
						r = c.post(f.action, long)
					}
					checked++
					named := false
					for _, label := range []string{f.labels[name], vi.T("field." + name)} {
						if label != "" && !strings.HasPrefix(label, "field.") && strings.Contains(r.Body, label+":") {
							named = true
						}
					}
					if r.Status != http.StatusUnprocessableEntity || !named {
						t.Errorf("%s: %s %s with %s of %d characters: %d, field named: %v\n%.400s", who, strings.ToUpper(f.method), f.action,
							name, max+1, r.Status, named, r.Body)
					}
				}
			}
		}
	}
	if checked < 40 {
		t.Fatalf("only %d fields checked", checked)
	}
	after := e.id(`SELECT (SELECT count(*) FROM tenants) + (SELECT count(*) FROM sites) + (SELECT count(*) FROM users) +
		(SELECT count(*) FROM police_units) + (SELECT count(*) FROM stays) + (SELECT count(*) FROM watchlist) + (SELECT count(*) FROM api_tokens)`)
	if after != before {
		t.Fatal("an over-long value was saved")
	}
}

// TestFifteenMegabyteAddress: the address that was once accepted at 15 MB
// is refused, on the desk's form and in the API, naming the field.
func TestFifteenMegabyteAddress(t *testing.T) {
	e := newEnv(t)
	site := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	huge := strings.Repeat("a", 15<<20)
	f := confirmFields("101")
	f.Set("address", huge)
	res := e.login("ks-letan").post("/t/vinh-xanh/sites/"+site+"/checkin", f)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Địa chỉ: quá dài.")
	r := e.api("POST", "/api/v1/stays", "demo-token-vinh-xanh", `{"site":"vinh-xanh-bai-chay","room":"1","document_type":"cccd","document_number":"022095001234","full_name":"Nguyễn Văn An",`+
		`"birth_date":"1995-03-15","sex":"M","nationality":"VNM","address":"`+huge+`","expected_departure":"`+tomorrow()+`","reason":"Du lịch"}`)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, `"field":"address"`, "quá dài")
	// just over the address's own limit, in the API and the form
	r = e.api("POST", "/api/v1/stays", "demo-token-vinh-xanh", `{"site":"vinh-xanh-bai-chay","room":"1","document_type":"cccd",`+
		`"document_number":"022095001234","full_name":"Nguyễn Văn An","birth_date":"1995-03-15","sex":"M","nationality":"VNM",`+
		`"address":"`+strings.Repeat("a", 301)+`","expected_departure":"`+tomorrow()+`","reason":"Du lịch"}`)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, `"field":"address"`)
	if n := e.id(`SELECT count(*) FROM stays WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'vinh-xanh')`); n != 0 {
		t.Fatalf("%d stays saved with an over-long address", n)
	}
}
