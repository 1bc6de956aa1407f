package portal_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"portal06/app/i18n"
	"portal06/app/store"
)

var idRe = regexp.MustCompile(`(?:T\(ctx, |\.T\(|Page\(c, r, |Code: |Error: r\.T\.T\()"([a-z_]+\.[a-z_0-9.]+)"|"(validation\.[a-z_]+)"`)

// TestEveryMessageExists: no UI text is hard-coded, so every message id the
// code names, and every id built from a kind, role or status, must exist in
// Vietnamese and in English.
func TestEveryMessageExists(t *testing.T) {
	ks := kinds()
	b, err := i18n.NewBundle(ks.Messages()...)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	root := filepath.Join("..", "..")
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "data" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && p != root {
			return filepath.SkipDir
		}
		if d.IsDir() || strings.HasSuffix(p, "_templ.go") || strings.HasSuffix(p, "_test.go") ||
			!(strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".templ")) {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range idRe.FindAllStringSubmatch(string(src), -1) {
			id := m[1] + m[2]
			if !strings.HasSuffix(id, ".") && !strings.HasSuffix(id, "_") {
				ids[id] = p
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) < 100 {
		t.Fatalf("found only %d message ids; is the pattern still right?", len(ids))
	}
	for _, k := range ks {
		ids["kind."+k.Name()] = "kind registry"
		for _, s := range k.SiteKinds() {
			ids["site_kind."+s] = "kind registry"
		}
	}
	for _, r := range store.StaffRoles {
		ids["role."+r] = "store.StaffRoles"
	}
	for _, r := range store.TenantRoles {
		ids["role.tenant_"+r] = "store.TenantRoles"
	}
	for _, u := range store.UnitKinds {
		ids["unit_kind."+u] = "store.UnitKinds"
	}
	for _, f := range []string{"name", "slug", "kind", "tax_code", "username", "full_name", "password", "area_id", "address",
		"code", "parent_id", "unit_id", "tenant", "sites", "role"} {
		ids["field."+f] = "store field names"
	}
	for _, e := range []string{"forbidden", "not_found", "service_unavailable", "request_entity_too_large", "method_not_allowed", "too_many_requests", "generic"} {
		ids["error."+e] = "web.renderError"
	}
	for id, where := range ids {
		for _, lang := range i18n.Languages {
			if !b.Has(lang, id) {
				t.Errorf("message %q (from %s) is missing in %s", id, where, lang)
			}
		}
	}
}
