package accommodation_test

import (
	"net/http"
	"testing"
)

// TestIdempotencyKeyWithBadBytes refuses a key that is not valid UTF-8 or
// holds control characters with 422 naming the header, and saves nothing.
func TestIdempotencyKeyWithBadBytes(t *testing.T) {
	e := newEnv(t)
	const tok = "demo-token-vinh-xanh"
	for _, key := range []string{"pms-\xff\xfe-1", "\xc3\x28", "a\x01b", "key\x7f"} {
		r := e.api("POST", "/api/v1/stays", tok, stayBody(""), "Idempotency-Key", key)
		wantStatus(t, r, http.StatusUnprocessableEntity)
		mustContain(t, r, `"field":"Idempotency-Key"`)
	}
	if n := e.id(`SELECT count(*) FROM stays WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'vinh-xanh')`); n != 0 {
		t.Fatalf("%d stays saved by refused requests", n)
	}
	// a good key still works
	wantStatus(t, e.api("POST", "/api/v1/stays", tok, stayBody(""), "Idempotency-Key", "pms-ok"), http.StatusCreated)
}
