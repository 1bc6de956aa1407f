package accommodation

import (
	"encoding/json"
	"reflect"

	"portal06/app/web"
)

// OpenAPI is the OpenAPI 3 document of the API for hotel software.
func OpenAPI() []byte {
	errors := map[string]any{"type": "object", "properties": map[string]any{"errors": web.JSONSchema(reflect.TypeOf([]APIError{}))}}
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
				"StayRequest": web.JSONSchema(reflect.TypeOf(APIStayRequest{})),
				"Stay":        web.JSONSchema(reflect.TypeOf(APIStay{})),
				"Error":       web.JSONSchema(reflect.TypeOf(APIError{})),
			},
		},
	}
	b, _ := json.MarshalIndent(doc, "", "  ")
	return b
}
