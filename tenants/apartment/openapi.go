package apartment

import (
	"encoding/json"
	"reflect"

	"portal06/app/web"
)

// OpenAPI is the OpenAPI 3 document of the residents and visits API; the
// core merges it into /api/v1/openapi.json.
func OpenAPI() []byte {
	ref := func(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }
	answer := func(desc string, schema any) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{"schema": schema}}}
	}
	plain := func(desc string) map[string]any { return map[string]any{"description": desc} }
	body := func(schema any) map[string]any {
		return map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": schema}}}
	}
	key := map[string]any{"name": "Idempotency-Key", "in": "header", "required": false,
		"description": "Retries with the same key get the first answer and change nothing.", "schema": map[string]any{"type": "string", "maxLength": 200}}
	idParam := map[string]any{"name": "id", "in": "path", "required": true, "schema": map[string]any{"type": "integer", "format": "int64"}}
	query := func(name, desc string, required bool, typ string) map[string]any {
		return map[string]any{"name": name, "in": "query", "required": required, "description": desc, "schema": map[string]any{"type": typ}}
	}
	errs := ref("Errors")
	unauth := plain("Missing, unknown or revoked token.")
	doc := map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "Portal06 residents API", "version": "1",
			"description": "Building-management software registers the residents of apartment blocks and boarding houses. " +
				"Authenticate with a tenant API token: Authorization: Bearer <token>. Accept-Language: en for English messages. " +
				"Errors of input answer 422 with {\"errors\": [{\"field\", \"message\"}]}, as the stays API does."},
		"servers":  []any{map[string]any{"url": "/api/v1"}},
		"security": []any{map[string]any{"bearer": []any{}}},
		"paths": map[string]any{
			"/residents": map[string]any{
				"post": map[string]any{"operationId": "createResident",
					"summary":    "Register a resident in a unit. Give id_qr (raw CCCD QR text), mrz, or the document fields.",
					"parameters": []any{key}, "requestBody": body(ref("ResidentRequest")),
					"responses": map[string]any{"201": answer("The resident was registered.", ref("Resident")), "401": unauth,
						"422": answer("Invalid input, or the person already lives in one of the tenant's units; each error names its field.", errs)}},
				"get": map[string]any{"operationId": "listResidents", "summary": "List a site's current residents, or one unit's, a page at a time.",
					"parameters": []any{query("site", "The site's identifier.", true, "string"), query("unit", "A unit's code, such as A-0101.", false, "string"),
						query("page", "1-based page.", false, "integer"), query("per_page", "1–200, default 50.", false, "integer"),
						query("all", "true to include ended residences.", false, "boolean")},
					"responses": map[string]any{"200": answer("A page of residents.", ref("ResidentList")), "401": unauth, "422": answer("Bad parameters.", errs)}},
			},
			"/residents/{id}": map[string]any{"get": map[string]any{"operationId": "getResident", "summary": "Read a residence.",
				"parameters": []any{idParam},
				"responses":  map[string]any{"200": answer("The residence.", ref("Resident")), "401": unauth, "404": plain("No such resident for this tenant.")}}},
			"/residents/{id}/move-out": map[string]any{"post": map[string]any{"operationId": "moveOutResident",
				"summary": "End a residence on a date, for a reason.", "parameters": []any{idParam, key}, "requestBody": body(ref("MoveOutRequest")),
				"responses": map[string]any{"200": answer("The residence, ended.", ref("Resident")), "401": unauth,
					"404": plain("No such resident for this tenant."), "409": plain("The residence has already ended."), "422": answer("Invalid input.", errs)}}},
			"/visits": map[string]any{"post": map[string]any{"operationId": "createVisit",
				"summary":    "Record an overnight visitor in a unit: a stay notified to the national system (deadline 23:00, or 08:00 after 23:00; 12 hours for foreigners).",
				"parameters": []any{key}, "requestBody": body(ref("VisitRequest")),
				"responses": map[string]any{"201": answer("The visit was recorded and its notification queued.", ref("Visit")),
					"200": answer("The visitor already stays at the site, or the request was a retry.", ref("Visit")), "401": unauth,
					"422": answer("Invalid input; each error names its field.", errs)}}},
			"/visits/{id}": map[string]any{"get": map[string]any{"operationId": "getVisit",
				"summary": "Read a visit and its notification (status, receipt), in the shape of GET /stays/{id}.", "parameters": []any{idParam},
				"responses": map[string]any{"200": answer("The visit.", ref("Visit")), "401": unauth, "404": plain("No such visit for this tenant.")}}},
		},
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas": map[string]any{
				"ResidentRequest": web.JSONSchema(reflect.TypeOf(APIResidentRequest{})),
				"MoveOutRequest":  web.JSONSchema(reflect.TypeOf(APIMoveOutRequest{})),
				"Resident":        web.JSONSchema(reflect.TypeOf(APIResident{})),
				"ResidentList":    web.JSONSchema(reflect.TypeOf(APIResidentList{})),
				"VisitRequest":    web.JSONSchema(reflect.TypeOf(APIVisitRequest{})),
				"Visit":           web.JSONSchema(reflect.TypeOf(APIVisit{})),
				"Errors":          map[string]any{"type": "object", "properties": map[string]any{"errors": web.JSONSchema(reflect.TypeOf([]APIError{}))}},
			},
		},
	}
	b, _ := json.MarshalIndent(doc, "", "  ")
	return b
}
