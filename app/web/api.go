package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"

	"portal06/app/store"
)

// APIError is one field's problem in an API's 422 answer.
type APIError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// MaxIdempotencyKey is the longest Idempotency-Key the API keeps.
const MaxIdempotencyKey = 200

// APIUnprocessable answers 422 with the problems, sorted by field.
func APIUnprocessable(c *fiber.Ctx, errs []APIError) error {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Field < errs[j].Field })
	return c.Status(fiber.StatusUnprocessableEntity).JSON(fiber.Map{"errors": errs})
}

// APIInvalid answers 422 with each field's translated problem when err is a
// validation error, and returns any other error as it is.
func APIInvalid(c *fiber.Ctx, r *Request, err error) error {
	msgs, ok := FieldMessages(r, err)
	if !ok {
		return err
	}
	out := make([]APIError, 0, len(msgs))
	for f, m := range msgs {
		out = append(out, APIError{Field: f, Message: m})
	}
	return APIUnprocessable(c, out)
}

// DecodeJSON reads body as exactly one JSON object into the struct v points
// to: unknown fields are refused, strings are cleaned (see Clean) and held
// to their length limits (see TooLong). On a bad body it answers 422,
// naming the field where it can, and returns false.
func DecodeJSON(c *fiber.Ctx, r *Request, body []byte, v any) (bool, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return false, APIUnprocessable(c, []APIError{decodeError(r, err)})
	}
	if dec.Decode(&struct{}{}) != io.EOF {
		return false, APIUnprocessable(c, []APIError{{Field: "body", Message: r.T.T("webapi.one_object")}})
	}
	CleanStrings(v)
	if bad := TooLong(v); bad != nil {
		return false, APIInvalid(c, r, bad)
	}
	return true, nil
}

// decodeError names the field a JSON body got wrong.
func decodeError(r *Request, err error) APIError {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return APIError{Field: te.Field, Message: r.T.T("webapi.type", "Type", te.Type.String())}
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return APIError{Field: strings.Trim(f, `"`), Message: r.T.T("webapi.unknown_field")}
	}
	return APIError{Field: "body", Message: r.T.T("webapi.bad_json", "Detail", err.Error())}
}

// Idempotent runs the API write once per Idempotency-Key of the tenant. A
// retry with the same key and the same method, path and body gets the
// first answer again (marked Idempotent-Replayed) and writes nothing; the
// same key with another request is refused. A second request with the key
// waits for the first to finish. write gets the body and returns the status
// and the value to answer with; when it answers a refusal itself (status
// 400 or more), nothing is kept, the key included, since the request's
// transaction rolls back.
func Idempotent(c *fiber.Ctx, r *Request, write func(body []byte) (int, any, error)) error {
	body := append([]byte(nil), c.Body()...)
	key := strings.TrimSpace(c.Get("Idempotency-Key"))
	switch {
	case len(key) > MaxIdempotencyKey:
		return APIInvalid(c, r, store.Invalid{"Idempotency-Key": "validation.too_long"})
	case Clean(key) != key:
		// not UTF-8, or control characters: refused, not stored
		return APIInvalid(c, r, store.Invalid{"Idempotency-Key": "validation.bad_text"})
	}
	sum := sha256.Sum256(append([]byte(c.Method()+" "+c.Path()+"\n"), body...))
	hash := hex.EncodeToString(sum[:])
	if key != "" {
		res := r.Tx.Exec(`INSERT INTO api_idempotency (tenant_id, key, request_hash, status, response) VALUES (?, ?, ?, 0, '{}')
			ON CONFLICT DO NOTHING`, r.Tenant.ID, key, hash)
		if res.Error != nil {
			return fmt.Errorf("api: claim idempotency key: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			var prev struct {
				RequestHash string
				Status      int
				Response    string
			}
			if err := r.Tx.Raw(`SELECT request_hash, status, response FROM api_idempotency WHERE tenant_id = ? AND key = ? FOR UPDATE`,
				r.Tenant.ID, key).Scan(&prev).Error; err != nil {
				return fmt.Errorf("api: read idempotency key: %w", err)
			}
			if prev.RequestHash != hash {
				return APIUnprocessable(c, []APIError{{Field: "Idempotency-Key", Message: r.T.T("webapi.key_reused")}})
			}
			c.Set("Idempotent-Replayed", "true")
			c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
			return c.Status(prev.Status).SendString(prev.Response)
		}
	}
	status, out, err := write(body)
	if err != nil || status >= 400 {
		return err // a refusal is answered already; the transaction keeps nothing
	}
	b, err := json.Marshal(out)
	if err != nil {
		return fmt.Errorf("api: encode answer: %w", err)
	}
	if key != "" {
		if err := r.Tx.Exec(`UPDATE api_idempotency SET status = ?, response = ? WHERE tenant_id = ? AND key = ?`,
			status, string(b), r.Tenant.ID, key).Error; err != nil {
			return fmt.Errorf("api: keep idempotent answer: %w", err)
		}
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	return c.Status(status).Send(b)
}
