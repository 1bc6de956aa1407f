package web

import (
	"reflect"
	"strings"
	"time"
)

// JSONSchema builds the JSON Schema of a type from its json tags, for the
// kinds' OpenAPI documents, so that a document cannot drift from the types
// the handlers read and write. Pointers are nullable; time.Time is a
// date-time string.
func JSONSchema(t reflect.Type) map[string]any {
	if t.Kind() == reflect.Pointer {
		s := JSONSchema(t.Elem())
		s["nullable"] = true
		return s
	}
	if t == reflect.TypeOf(time.Time{}) {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Int, reflect.Int64:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": JSONSchema(t.Elem())}
	case reflect.Struct:
		props := map[string]any{}
		for i := 0; i < t.NumField(); i++ {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name != "" && name != "-" {
				props[name] = JSONSchema(t.Field(i).Type)
			}
		}
		return map[string]any{"type": "object", "properties": props}
	}
	return map[string]any{}
}
