package web

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"portal06/app/i18n"
	"portal06/policies"
)

// Principal is the signed-in user with every membership they hold.
type Principal struct {
	UserID   int64
	Username string
	FullName string
	Admin    bool
	Province bool
	Unit     *UnitMembership
	Tenants  []TenantMembership
}

// UnitMembership is a user's place in a police unit.
type UnitMembership struct {
	UnitID int64
	Code   string
	Name   string
	Role   string // police_officer or police_commander
}

// TenantMembership is a user's role in a tenant.
type TenantMembership struct {
	TenantID int64  `json:"tenant_id"`
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Role     string `json:"role"` // owner, manager or staff
	AllSites bool   `json:"all_sites"`
	TaxCode  string `json:"tax_code"` // the tenant's
}

// Tenant is the tenant a /t/{slug}/ request is about.
type Tenant struct {
	ID      int64
	Slug    string
	Name    string
	Kind    string
	TaxCode string
}

// Request is everything the pipeline resolved before the handler runs.
type Request struct {
	Ctx     context.Context
	Tx      *gorm.DB // the request's transaction, scoped by row-level security
	User    *Principal
	Tenant  *Tenant // on tenant routes
	Role    string  // the role Casbin decided on
	Subject string  // the p2 subject whose grants scope the data
	Scope   policies.Scope
	T       *i18n.Translator
	CSRF    string
	HTMX    bool
	Route   *Route

	keepOnError  bool
	scopeApplied bool     // Scope is in the transaction already
	db           *gorm.DB // the pool, for Outside
}

// KeepChanges commits the transaction even though the response is a 4xx,
// for writes that must survive a refusal, such as counting failed sign-ins.
func (r *Request) KeepChanges() { r.keepOnError = true }

// Outside ends the request's transaction (committing what the pipeline
// did so far), runs fn with no transaction open and no pooled connection
// held, then opens a new transaction for the rest of the request. It is for
// slow work, such as hashing a password, on public routes only: the new
// transaction carries no scope. fn gets the pool for statements of its own.
func (r *Request) Outside(fn func(db *gorm.DB) error) error {
	if r.Route == nil || r.Route.Domain != Public {
		return errors.New("web: Outside is only for public routes")
	}
	if err := r.Tx.Commit().Error; err != nil {
		return fmt.Errorf("web: commit before working outside the transaction: %w", err)
	}
	r.Tx = nil
	ferr := fn(r.db.WithContext(r.Ctx))
	tx := r.db.WithContext(r.Ctx).Begin()
	if tx.Error != nil {
		return fiber.NewError(fiber.StatusServiceUnavailable, "database unavailable: "+tx.Error.Error())
	}
	r.Tx = tx
	return ferr
}

// HandlerFunc handles a request after the pipeline has resolved and authorised it.
type HandlerFunc func(c *fiber.Ctx, r *Request) error

// Param copies a path parameter out of Fiber's reused buffer.
func Param(c *fiber.Ctx, name string) string { return string([]byte(c.Params(name))) }

// Form copies a form value out of Fiber's reused buffer, cleaned and
// trimmed of surrounding blanks.
func Form(c *fiber.Ctx, name string) string { return trim(Clean(c.FormValue(name))) }

// RawForm copies a form value, cleaned but not trimmed: a password, or text
// a scanner typed.
func RawForm(c *fiber.Ctx, name string) string { return Clean(c.FormValue(name)) }

// Query copies a query parameter out of Fiber's reused buffer, cleaned.
func Query(c *fiber.Ctx, name string) string { return Clean(c.Query(name)) }

// Clean makes text from a request safe to store: valid UTF-8, without NUL
// or other control characters but tab, line feed and carriage return. It
// always copies, so the result outlives Fiber's buffers.
func Clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// CleanStrings cleans every string field of the struct v points to, as
// decoded from a JSON body, nested structs and pointers to them included.
func CleanStrings(v any) { cleanStrings(reflect.ValueOf(v).Elem()) }

func cleanStrings(rv reflect.Value) {
	for i := 0; i < rv.NumField(); i++ {
		f := rv.Field(i)
		if !f.CanSet() {
			continue
		}
		if f.Kind() == reflect.Pointer && !f.IsNil() {
			f = f.Elem()
		}
		switch f.Kind() {
		case reflect.String:
			f.SetString(Clean(f.String()))
		case reflect.Struct:
			cleanStrings(f)
		}
	}
}

// PageNum reads the 1-based page of a list: ?page=, or on a search posted
// as a form, its page field; anything else is page 1.
func PageNum(c *fiber.Ctx) int {
	v := c.Query("page")
	if c.Method() == fiber.MethodPost {
		v = c.FormValue("page")
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100000 {
		return 1
	}
	return n
}
