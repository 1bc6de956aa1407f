package portal_test

import (
	"net/http"
	"testing"
)

// okWithout asserts that a page answered 200 and does not hold parts: a
// negative check that an error page cannot pass.
func okWithout(t *testing.T, r response, parts ...string) {
	t.Helper()
	wantStatus(t, r, http.StatusOK)
	mustNotContain(t, r, parts...)
}
