package kind

import (
	"encoding/json"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
)

// OpenAPIProvider is an APIProvider that documents its routes as an
// OpenAPI 3 document. The core serves every kind's, merged into one, at
// /api/v1/openapi.json.
type OpenAPIProvider interface {
	OpenAPI() []byte
}

// MergeOpenAPI merges OpenAPI documents into the first: the others' paths
// and component schemas are added, and their descriptions appended. Two
// documents naming the same path or schema are an error.
func MergeOpenAPI(docs ...[]byte) ([]byte, error) {
	if len(docs) == 0 {
		return nil, fmt.Errorf("kind: no OpenAPI document")
	}
	var out map[string]any
	if err := json.Unmarshal(docs[0], &out); err != nil {
		return nil, fmt.Errorf("kind: OpenAPI document 1: %w", err)
	}
	section := func(doc map[string]any, keys ...string) map[string]any {
		m := doc
		for _, k := range keys {
			next, ok := m[k].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[k] = next
			}
			m = next
		}
		return m
	}
	for i, b := range docs[1:] {
		var doc map[string]any
		if err := json.Unmarshal(b, &doc); err != nil {
			return nil, fmt.Errorf("kind: OpenAPI document %d: %w", i+2, err)
		}
		for _, keys := range [][]string{{"paths"}, {"components", "schemas"}} {
			dst := section(out, keys...)
			for k, v := range section(doc, keys...) {
				if _, dup := dst[k]; dup {
					return nil, fmt.Errorf("kind: OpenAPI %v %q documented twice", keys, k)
				}
				dst[k] = v
			}
		}
		info := section(out, "info")
		if d, ok := section(doc, "info")["description"].(string); ok {
			info["description"] = fmt.Sprint(info["description"]) + "\n\n" + d
		}
	}
	info := section(out, "info")
	if len(docs) > 1 {
		info["title"] = "Portal06 API"
	}
	return json.MarshalIndent(out, "", "  ")
}

// mountOpenAPI serves the kinds' merged document at /api/v1/openapi.json.
func (r Registry) mountOpenAPI(s *web.Server) {
	var docs [][]byte
	for _, k := range r {
		if p, ok := k.(OpenAPIProvider); ok {
			docs = append(docs, p.OpenAPI())
		}
	}
	if len(docs) == 0 {
		return
	}
	doc, err := MergeOpenAPI(docs...)
	if err != nil {
		panic(err) // two kinds document the same route: a programming error
	}
	s.Group("/api/v1", web.APIDomain, "").Raw(fiber.MethodGet, "/openapi.json", "public.openapi", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
		return c.Send(doc)
	})
}
