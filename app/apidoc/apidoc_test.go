package apidoc

import "testing"

func TestMergeKeepsExistingAndAddsNew(t *testing.T) {
	Add("test", func() Fragment {
		return Fragment{Paths: map[string]any{"/a": "new", "/b": "b"}, Schemas: map[string]any{"B": 1}}
	})
	defer func() { mu.Lock(); delete(fragments, "test"); mu.Unlock() }()
	doc := map[string]any{"paths": map[string]any{"/a": "old"}, "components": map[string]any{"schemas": map[string]any{}}}
	Merge(doc)
	paths := doc["paths"].(map[string]any)
	if paths["/a"] != "old" || paths["/b"] != "b" {
		t.Fatalf("paths: %v", paths)
	}
	if doc["components"].(map[string]any)["schemas"].(map[string]any)["B"] != 1 {
		t.Fatal("schema B not merged")
	}
}
