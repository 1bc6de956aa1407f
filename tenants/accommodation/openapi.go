package accommodation

import (
	"encoding/json"
	"reflect"
	"strings"
	"time"
)

// schemaOf builds a JSON Schema for a struct from its json tags, so the
// document cannot drift from the types the handlers read and write.
func schemaOf(t reflect.Type) map[string]any {
	if t.Kind() == reflect.Pointer {
		s := schemaOf(t.Elem())
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
		return map[string]any{"type": "array", "items": schemaOf(t.Elem())}
	case reflect.Struct:
		props := map[string]any{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			props[name] = schemaOf(f.Type)
		}
		return map[string]any{"type": "object", "properties": props}
	}
	return map[string]any{}
}

// OpenAPI is the OpenAPI 3 document of the API for hotel software.
func OpenAPI() []byte {
	errors := map[string]any{"type": "object", "properties": map[string]any{"errors": schemaOf(reflect.TypeOf([]APIError{}))}}
	stay := map[string]any{"$ref": "#/components/schemas/Stay"}
	jsonBody := func(schema any) map[string]any {
		return map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": schema}}}
	}
	answer := func(desc string, schema any) map[string]any {
		r := jsonBody(schema)
		r["description"] = desc
		return r
	}
	plain := func(desc string) map[string]any { return map[string]any{"description": desc} }
	idParam := map[string]any{"name": "id", "in": "path", "required": true, "schema": map[string]any{"type": "integer", "format": "int64"}}
	doc := map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "Portal06 accommodation API", "version": "1",
			"description": "Hotel software (PMS) registers guests' stays; each is notified to the national accommodation system. " +
				"Authenticate with a tenant API token: Authorization: Bearer <token>. Accept-Language: en for English messages."},
		"servers":  []any{map[string]any{"url": "/api/v1"}},
		"security": []any{map[string]any{"bearer": []any{}}},
		"paths": map[string]any{
			"/stays": map[string]any{"post": map[string]any{
				"operationId": "createStay",
				"summary":     "Check a guest in. Give id_qr (raw CCCD QR text), mrz, or the document fields.",
				"parameters": []any{map[string]any{"name": "Idempotency-Key", "in": "header", "required": false,
					"description": "Retries with the same key get the first answer and create nothing new.", "schema": map[string]any{"type": "string", "maxLength": 200}}},
				"requestBody": map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{
					"schema": map[string]any{"$ref": "#/components/schemas/StayRequest"}}}},
				"responses": map[string]any{
					"201": answer("The stay was created and its notification queued.", stay),
					"200": answer("The guest already had an open stay at the site, or the request was a retry.", stay),
					"401": plain("Missing, unknown or revoked token."),
					"422": answer("Invalid input; each error names its field.", errors),
				}}},
			"/stays/{id}": map[string]any{"get": map[string]any{
				"operationId": "getStay", "summary": "Read a stay and its notification.", "parameters": []any{idParam},
				"responses": map[string]any{"200": answer("The stay.", stay), "401": plain("Missing, unknown or revoked token."), "404": plain("No such stay for this tenant.")}}},
			"/stays/{id}/checkout": map[string]any{"post": map[string]any{
				"operationId": "checkoutStay", "summary": "Check a guest out now.", "parameters": []any{idParam},
				"responses": map[string]any{"200": answer("The stay, checked out.", stay), "401": plain("Missing, unknown or revoked token."),
					"404": plain("No such stay for this tenant."), "409": plain("The stay is not open.")}}},
		},
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas": map[string]any{
				"StayRequest": schemaOf(reflect.TypeOf(APIStayRequest{})),
				"Stay":        schemaOf(reflect.TypeOf(APIStay{})),
				"Error":       schemaOf(reflect.TypeOf(APIError{})),
			},
		},
	}
	b, _ := json.MarshalIndent(doc, "", "  ")
	return b
}
