// Package apitoken keeps the API tokens of a tenant's software (a hotel's
// PMS): shown once at creation, stored as a SHA-256 hash, revocable.
package apitoken

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"portal06/app/auth"
	"portal06/app/store"
)

// Prefix starts every token, so that a leaked one is easy to recognise.
const Prefix = "p06_"

// Hash is what the database keeps of a token.
func Hash(token string) string { return auth.HashToken(token) }

// Token is a token as the tenant's page lists it.
type Token struct {
	ID         int64
	Name       string
	Hint       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// Create makes a token for a tenant and returns it; it is never shown again.
func Create(tx *gorm.DB, tenantID int64, name string, userID int64) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", store.Invalid{"name": "validation.required"}
	}
	if utf8.RuneCountInString(name) > 100 {
		return "", store.Invalid{"name": "validation.too_long"}
	}
	token := Prefix + auth.NewToken()
	return token, Insert(tx, tenantID, name, token, userID)
}

// Insert stores a given token, as the demo does with its fixed one.
func Insert(tx *gorm.DB, tenantID int64, name, token string, userID int64) error {
	var by any
	if userID > 0 {
		by = userID
	}
	err := tx.Exec(`INSERT INTO api_tokens (tenant_id, name, token_hash, hint, created_by) VALUES (?, ?, ?, ?, ?)`,
		tenantID, name, Hash(token), token[len(token)-4:], by).Error
	if err != nil {
		return fmt.Errorf("apitoken: create: %w", err)
	}
	return nil
}

// Revoke ends a token at once.
func Revoke(tx *gorm.DB, tenantID, id int64) error {
	res := tx.Exec(`UPDATE api_tokens SET revoked_at = now() WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL`, tenantID, id)
	if res.Error != nil {
		return fmt.Errorf("apitoken: revoke %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}

// List returns a tenant's tokens, newest first.
func List(tx *gorm.DB, tenantID int64) ([]Token, error) {
	var out []Token
	err := tx.Raw(`SELECT id, name, hint, created_at, last_used_at, revoked_at FROM api_tokens
		WHERE tenant_id = ? ORDER BY revoked_at NULLS FIRST, created_at DESC`, tenantID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("apitoken: list: %w", err)
	}
	return out, nil
}

// Request is what one statement learns of an API request: the policy
// version, and the tenant of the live token (TenantID 0 when it is unknown
// or revoked).
type Request struct {
	Version  int64
	TenantID int64
	Slug     string
	Name     string
	Kind     string
	TaxCode  string
}

// Resolve finds the tenant of a live token, touches the token, reads the
// policy version and writes the tenant's scope (that tenant, pinned, as
// policies.Scope{Tenants: {id}, Pin: id}.Apply does) into tx, in one
// statement: the SQL function api_request (migrations/00500_checkin.sql).
func Resolve(tx *gorm.DB, token string) (Request, error) {
	var row struct {
		Version                   int64
		TenantID                  *int64
		Slug, Name, Kind, TaxCode *string
	}
	if err := tx.Raw(`SELECT version, tenant_id, slug, name, kind, tax_code FROM api_request(?)`, Hash(token)).Scan(&row).Error; err != nil {
		return Request{}, fmt.Errorf("apitoken: resolve: %w", err)
	}
	out := Request{Version: row.Version}
	if row.TenantID == nil {
		return out, nil
	}
	out.TenantID = *row.TenantID
	for dst, src := range map[*string]*string{&out.Slug: row.Slug, &out.Name: row.Name, &out.Kind: row.Kind, &out.TaxCode: row.TaxCode} {
		if src != nil {
			*dst = *src
		}
	}
	return out, nil
}
