package accommodation_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gorm.io/gorm"

	"portal06/app/apitoken"
)

func TestAPIStays(t *testing.T) {
	e := newEnv(t)
	const tok = "demo-token-vinh-xanh"
	if r := e.api("POST", "/api/v1/stays", "", stayBody("")); r.Status != 401 || !strings.Contains(r.Body, `"error"`) {
		t.Fatalf("no token: %d %s", r.Status, r.Body)
	}
	wantStatus(t, e.api("POST", "/api/v1/stays", "wrong", stayBody("")), 401)

	r := e.api("POST", "/api/v1/stays", tok, stayBody(""), "Idempotency-Key", "pms-42")
	wantStatus(t, r, 201)
	m := decode(t, r)
	n := m["notification"].(map[string]any)
	if m["id"] == nil || n["status"] != "pending" || n["receipt"] != nil || n["deadline"] == nil {
		t.Fatalf("answer %v", m)
	}
	id := fmtInt(int64(m["id"].(float64)))
	// A retry with the same key gets the same answer and creates nothing.
	again := e.api("POST", "/api/v1/stays", tok, stayBody(""), "Idempotency-Key", "pms-42")
	wantStatus(t, again, 201)
	if again.Body != r.Body || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry answered differently:\n%s\n%s", r.Body, again.Body)
	}
	if n := e.id(`SELECT count(*) FROM stays WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'vinh-xanh')`); n != 1 {
		t.Fatalf("%d stays after a retry", n)
	}
	// The key with another request is refused.
	other := e.api("POST", "/api/v1/stays", tok, stayBody(`,"arrival":"2026-11-27T10:00:00+07:00"`), "Idempotency-Key", "pms-42")
	wantStatus(t, other, 422)
	mustContain(t, other, `"field":"Idempotency-Key"`)

	got := e.api("GET", "/api/v1/stays/"+id, tok, "")
	wantStatus(t, got, 200)
	if decode(t, got)["full_name"] != "Nguyễn Văn An" {
		t.Fatalf("GET: %s", got.Body)
	}
	wantStatus(t, e.api("GET", "/api/v1/stays/99999999", tok, ""), 404)

	// Validation errors name the field, in the client's language.
	bad := e.api("POST", "/api/v1/stays", tok, `{"site":"nowhere","document_type":"passport","document_number":"X1","full_name":"A B",
		"birth_date":"1990-02-30","sex":"M","nationality":"KOREA","expected_departure":"`+tomorrow()+`","reason":""}`, "Accept-Language", "en")
	wantStatus(t, bad, 422)
	var errs struct {
		Errors []struct{ Field, Message string }
	}
	json.Unmarshal([]byte(bad.Body), &errs)
	fields := map[string]string{}
	for _, x := range errs.Errors {
		fields[x.Field] = x.Message
	}
	for _, f := range []string{"site", "document_number", "birth_date", "nationality", "reason"} {
		if fields[f] == "" {
			t.Errorf("no error on %s: %v", f, fields)
		}
	}
	if !strings.Contains(fields["nationality"], "ISO 3166") {
		t.Errorf("nationality message %q is not English", fields["nationality"])
	}
	wantStatus(t, e.api("POST", "/api/v1/stays", tok, `{"site":`), 422)
	wantStatus(t, e.api("POST", "/api/v1/stays", tok, `{"unknown":1}`), 422)

	// Check-out, once.
	out := e.api("POST", "/api/v1/stays/"+id+"/checkout", tok, "")
	wantStatus(t, out, 200)
	if decode(t, out)["status"] != "checked_out" {
		t.Fatalf("checkout: %s", out.Body)
	}
	wantStatus(t, e.api("POST", "/api/v1/stays/"+id+"/checkout", tok, ""), 409)

	// Another tenant's token sees none of it; a market's token has no stays API.
	var ngoc, market string
	err := e.asOwner(func(tx *gorm.DB) error {
		var err error
		if ngoc, err = apitoken.Create(tx, e.id(`SELECT id FROM tenants WHERE slug = 'ngoc-trai'`), "PMS", 0); err != nil {
			return err
		}
		market, err = apitoken.Create(tx, e.id(`SELECT id FROM tenants WHERE slug = 'cho-mao-khe'`), "X", 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, e.api("GET", "/api/v1/stays/"+id, ngoc, ""), 404)
	wantStatus(t, e.api("POST", "/api/v1/stays/"+id+"/checkout", ngoc, ""), 404)
	r = e.api("POST", "/api/v1/stays", ngoc, stayBody(""))
	wantStatus(t, r, 422) // vinh-xanh-bai-chay is not ngoc-trai's site
	mustContain(t, r, `"field":"site"`)
	wantStatus(t, e.api("GET", "/api/v1/stays/"+id, market, ""), 404)
}

func TestAPITokensAreShownOnceAndRevocable(t *testing.T) {
	e := newEnv(t)
	owner := e.login("ks-owner")
	res := owner.post("/t/vinh-xanh/tokens", url.Values{"name": {"PMS lễ tân"}})
	wantStatus(t, res, http.StatusCreated)
	tok := regexp.MustCompile(`p06_[A-Za-z0-9_-]{43}`).FindString(res.Body)
	if tok == "" {
		t.Fatalf("no token shown:\n%.2000s", res.Body)
	}
	if n := e.id(`SELECT count(*) FROM api_tokens WHERE token_hash = ?`, apitoken.Hash(tok)); n != 1 {
		t.Fatal("the token's hash is not stored")
	}
	if n := e.id(`SELECT count(*) FROM api_tokens WHERE token_hash = ?`, tok); n != 0 {
		t.Fatal("the token is stored in clear")
	}
	okWithout(t, owner.get("/t/vinh-xanh/tokens"), tok)
	wantStatus(t, e.api("POST", "/api/v1/stays", tok, stayBody("")), 201)
	id := itoa(e.id(`SELECT id FROM api_tokens WHERE token_hash = ?`, apitoken.Hash(tok)))
	wantStatus(t, owner.post("/t/vinh-xanh/tokens/"+id+"/revoke", nil), http.StatusSeeOther)
	wantStatus(t, e.api("GET", "/api/v1/stays/1", tok, ""), 401)
	wantStatus(t, owner.post("/t/vinh-xanh/tokens", url.Values{"name": {""}}), http.StatusUnprocessableEntity)
	// Staff cannot manage tokens; another tenant's owner cannot revoke ours.
	wantStatus(t, e.login("ks-letan").get("/t/vinh-xanh/tokens"), http.StatusForbidden)
}

// TestOpenAPIMatchesHandlers: the document lists exactly the API routes the
// server has, and real answers carry exactly the properties it documents.
func TestOpenAPIMatchesHandlers(t *testing.T) {
	e := newEnv(t)
	res := e.client().get("/api/v1/openapi.json")
	wantStatus(t, res, http.StatusOK)
	var doc struct {
		OpenAPI    string
		Paths      map[string]map[string]any
		Components struct {
			Schemas map[string]struct {
				Properties map[string]any
			}
		}
	}
	if err := json.Unmarshal([]byte(res.Body), &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("not an OpenAPI 3 document: %v", err)
	}
	var documented, served []string
	for p, ops := range doc.Paths {
		for m := range ops {
			documented = append(documented, strings.ToUpper(m)+" "+regexp.MustCompile(`\{(\w+)\}`).ReplaceAllString(p, ":$1"))
		}
	}
	for key, rt := range e.Srv.Routes() {
		if rt.Domain.String() == "api" {
			served = append(served, strings.Replace(key, "/api/v1", "", 1))
		}
	}
	sort.Strings(documented)
	sort.Strings(served)
	if strings.Join(documented, ",") != strings.Join(served, ",") {
		t.Fatalf("documented %v, served %v", documented, served)
	}
	r := e.api("POST", "/api/v1/stays", "demo-token-vinh-xanh", stayBody(""))
	wantStatus(t, r, 201)
	keys := func(m map[string]any) []string {
		var k []string
		for x := range m {
			k = append(k, x)
		}
		sort.Strings(k)
		return k
	}
	got := decode(t, r)
	if a, b := keys(got), keys(doc.Components.Schemas["Stay"].Properties); strings.Join(a, ",") != strings.Join(b, ",") {
		t.Fatalf("answer has %v, document says %v", a, b)
	}
}

func TestAPIRefusesControlCharactersCleanly(t *testing.T) {
	e := newEnv(t)
	r := e.api("POST", "/api/v1/stays", "demo-token-vinh-xanh", `{"site":"vinh-xanh-bai-chay\u0000","room":"1\u0000","id_qr":"`+qrAn+`","expected_departure":"`+tomorrow()+`","reason":"Du l\u0000ịch"}`)
	if r.Status >= 500 {
		t.Fatalf("NUL in JSON: %d %s", r.Status, r.Body)
	}
	wantStatus(t, r, 201) // cleaned, the request is a valid one
}
