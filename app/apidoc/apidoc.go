// Package apidoc gathers the tenant kinds' parts of the one OpenAPI
// document served at /api/v1/openapi.json, so that each kind documents its
// own paths without importing another kind.
package apidoc

import (
	"sort"
	"sync"
)

// Fragment is a kind's paths and component schemas.
type Fragment struct {
	Paths   map[string]any
	Schemas map[string]any
}

var (
	mu        sync.Mutex
	fragments = map[string]func() Fragment{}
)

// Add registers (or replaces) the fragment named name.
func Add(name string, f func() Fragment) {
	mu.Lock()
	defer mu.Unlock()
	fragments[name] = f
}

// Merge adds every registered fragment to doc, an OpenAPI 3 document with
// "paths" and "components"."schemas" maps; existing entries are kept.
func Merge(doc map[string]any) {
	mu.Lock()
	names := make([]string, 0, len(fragments))
	for n := range fragments {
		names = append(names, n)
	}
	fs := make([]func() Fragment, 0, len(names))
	sort.Strings(names)
	for _, n := range names {
		fs = append(fs, fragments[n])
	}
	mu.Unlock()
	paths, _ := doc["paths"].(map[string]any)
	comps, _ := doc["components"].(map[string]any)
	var schemas map[string]any
	if comps != nil {
		schemas, _ = comps["schemas"].(map[string]any)
	}
	for _, f := range fs {
		fr := f()
		for k, v := range fr.Paths {
			if _, ok := paths[k]; !ok && paths != nil {
				paths[k] = v
			}
		}
		for k, v := range fr.Schemas {
			if _, ok := schemas[k]; !ok && schemas != nil {
				schemas[k] = v
			}
		}
	}
}
