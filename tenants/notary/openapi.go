package notary

import "encoding/json"

// OpenAPI documents the notary API (the identity checks the offices'
// chip-reader software sends); the core merges it into /api/v1/openapi.json.
func (*Kind) OpenAPI() []byte {
	str := func(desc string) map[string]any { return map[string]any{"type": "string", "description": desc} }
	enum := func(values []string) map[string]any {
		out := make([]any, len(values))
		for i, v := range values {
			out[i] = v
		}
		return map[string]any{"type": "string", "enum": out}
	}
	boolean := map[string]any{"type": "boolean"}
	date := map[string]any{"type": "string", "format": "date"}
	body := func(schema any) map[string]any {
		return map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": schema}}}
	}
	answer := func(desc string, schema any) map[string]any {
		r := body(schema)
		r["description"] = desc
		return r
	}
	errs := map[string]any{"type": "object", "properties": map[string]any{"errors": map[string]any{"type": "array",
		"items": map[string]any{"type": "object",
			"properties": map[string]any{"field": map[string]any{"type": "string"}, "message": map[string]any{"type": "string"}}}}}}
	request := map[string]any{"type": "object", "required": []any{"site", "act", "party_role", "id_qr"}, "properties": map[string]any{
		"site": str("The office's site slug, e.g. cc-ha-long."),
		"act": map[string]any{"type": "object", "required": []any{"type", "number"}, "properties": map[string]any{
			"type":             enum(ActTypes),
			"number":           str("The act's number in the office's register (up to 40 characters); the act is created on its first check."),
			"land_certificate": str("Property acts: the land-use certificate's serial, e.g. CS 123456."),
			"parcel":           str("Property acts: parcel number and map sheet as \"parcel/sheet\", e.g. 215/32."),
		}},
		"party_role": enum(PartyRoles),
		"id_qr":      str("The raw text of the CCCD QR code, as scanned."),
		"chip": map[string]any{"type": "object", "nullable": true, "description": "What the reader read from the chip; omit when the chip was not read (the verdict is then unverified).",
			"required": []any{"number", "full_name", "birth_date", "sex", "expiry", "passive_auth", "chip_auth"},
			"properties": map[string]any{"number": str("ID number"), "full_name": str("Full name"), "birth_date": date,
				"sex": enum([]string{"M", "F"}), "expiry": date, "passive_auth": boolean, "chip_auth": boolean}},
		"face_match": map[string]any{"type": "number", "minimum": 0, "maximum": 1, "description": "Face-match score; the office's threshold is 0.80 unless it set another."},
		"liveness":   boolean,
		"vneid_code": str("Optional: the code of a verified VNeID identity QR."),
	}}
	result := map[string]any{"type": "object", "properties": map[string]any{
		"id":      map[string]any{"type": "integer", "format": "int64"},
		"verdict": enum([]string{Match, Mismatch, Unverified}),
		"reasons": map[string]any{"type": "array", "items": enum(Reasons)},
		"signals": map[string]any{"type": "array", "items": enum([]string{"identity_conflict", "repeated_failures", "property_resold", "watchlist"}),
			"description": "Kinds of the signals sent to the police; the office never sees more of them."},
	}}
	doc := map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "Portal06 notary API", "version": "1",
			"description": "Notary offices' chip-reader software records each party's identity check and gets the verdict at once. " +
				"Authenticate with the office's API token: Authorization: Bearer <token>."},
		"servers":  []any{map[string]any{"url": "/api/v1"}},
		"security": []any{map[string]any{"bearer": []any{}}},
		"paths": map[string]any{"/identity-checks": map[string]any{"post": map[string]any{
			"operationId": "createIdentityCheck",
			"summary":     "Record a notary office's chip-card identity check of a party to an act, and get its verdict at once.",
			"parameters": []any{map[string]any{"name": "Idempotency-Key", "in": "header", "required": false,
				"description": "Retries with the same key get the first answer and record nothing new.", "schema": map[string]any{"type": "string", "maxLength": 200}}},
			"requestBody": map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{
				"schema": map[string]any{"$ref": "#/components/schemas/IdentityCheckRequest"}}}},
			"responses": map[string]any{
				"201": answer("The check was recorded.", map[string]any{"$ref": "#/components/schemas/IdentityCheck"}),
				"401": map[string]any{"description": "Missing, unknown or revoked token."},
				"422": answer("Invalid input; each error names its field (e.g. chip.birth_date).", errs),
			}}}},
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas":         map[string]any{"IdentityCheckRequest": request, "IdentityCheck": result},
		},
	}
	b, _ := json.MarshalIndent(doc, "", "  ")
	return b
}
