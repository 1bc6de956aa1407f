package store

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"portal06/policies"
)

// TenantInput is what a tenant form sends.
type TenantInput struct {
	Kind    string
	Slug    string
	Name    string
	TaxCode string
}

// TenantRow is a tenant as lists and forms show it.
type TenantRow struct {
	ID        int64
	Kind      string
	Slug      string
	Name      string
	TaxCode   string
	CreatedAt time.Time
	Sites     int
}

func (in TenantInput) check(kinds []string) error {
	var c checker
	c.oneOf("kind", in.Kind, kinds)
	c.match("slug", in.Slug, slugRe, "validation.slug")
	if len(in.Slug) > 63 {
		c.fail("slug", "validation.too_long")
	}
	c.text("name", in.Name, 200)
	c.match("tax_code", in.TaxCode, taxCodeRe, "validation.tax_code")
	return c.err()
}

// CreateTenant validates and stores a tenant with the grant that lets its
// members see their own rows.
func CreateTenant(tx *gorm.DB, in TenantInput, kinds []string) (int64, error) {
	if err := in.check(kinds); err != nil {
		return 0, err
	}
	var id int64
	err := Savepoint(tx, func(sp *gorm.DB) error {
		return sp.Raw(`INSERT INTO tenants (kind, slug, name, tax_code) VALUES (?, ?, ?, ?) RETURNING id`,
			in.Kind, in.Slug, in.Name, in.TaxCode).Scan(&id).Error
	})
	if _, dup := IsUniqueViolation(err); dup {
		return 0, Invalid{"slug": "validation.taken"}
	}
	if err != nil {
		return 0, fmt.Errorf("store: create tenant: %w", err)
	}
	grant := fmt.Sprintf("tenant:%d", id)
	if _, err := policies.AddRule(tx, policies.Rule{Ptype: "p2", V: []string{grant, grant}}); err != nil {
		return 0, err
	}
	return id, nil
}

// UpdateTenant changes a tenant's name, slug and tax code; its kind is fixed.
func UpdateTenant(tx *gorm.DB, id int64, in TenantInput, kinds []string) error {
	if err := in.check(kinds); err != nil {
		return err
	}
	var n int64
	err := Savepoint(tx, func(sp *gorm.DB) error {
		res := sp.Exec(`UPDATE tenants SET slug = ?, name = ?, tax_code = ? WHERE id = ?`, in.Slug, in.Name, in.TaxCode, id)
		n = res.RowsAffected
		return res.Error
	})
	if _, dup := IsUniqueViolation(err); dup {
		return Invalid{"slug": "validation.taken"}
	}
	if err != nil {
		return fmt.Errorf("store: update tenant %d: %w", id, err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// GetTenant returns one visible tenant, or ErrNotFound.
func GetTenant(tx *gorm.DB, id int64) (TenantRow, error) {
	var t TenantRow
	err := tx.Raw(`SELECT t.id, t.kind, t.slug, t.name, t.tax_code, t.created_at,
		(SELECT count(*) FROM sites s WHERE s.tenant_id = t.id) AS sites FROM tenants t WHERE t.id = ?`, id).Scan(&t).Error
	if err != nil {
		return t, fmt.Errorf("store: get tenant %d: %w", id, err)
	}
	if t.ID == 0 {
		return t, ErrNotFound
	}
	return t, nil
}

// ListTenants pages through the visible tenants, optionally filtered by a
// search on name, slug or tax code and by kind.
func ListTenants(tx *gorm.DB, q, kind string, page int) ([]TenantRow, int64, error) {
	base := tx.Table("tenants t")
	if q = strings.TrimSpace(q); q != "" {
		p := likePattern(q)
		base = base.Where("t.name ILIKE ? OR t.slug ILIKE ? OR t.tax_code ILIKE ?", p, p, p)
	}
	if kind != "" {
		base = base.Where("t.kind = ?", kind)
	}
	var total int64
	if err := base.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: count tenants: %w", err)
	}
	var rows []TenantRow
	err := base.Select(`t.id, t.kind, t.slug, t.name, t.tax_code, t.created_at,
		(SELECT count(*) FROM sites s WHERE s.tenant_id = t.id) AS sites`).
		Order("t.name, t.id").Limit(PerPage).Offset(Offset(page)).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("store: list tenants: %w", err)
	}
	return rows, total, nil
}

// TenantBySlug returns the visible tenant with slug, or ErrNotFound.
func TenantBySlug(tx *gorm.DB, slug string) (TenantRow, error) {
	var t TenantRow
	if err := tx.Raw(`SELECT id, kind, slug, name, tax_code, created_at FROM tenants WHERE slug = ?`, slug).Scan(&t).Error; err != nil {
		return t, fmt.Errorf("store: get tenant %q: %w", slug, err)
	}
	if t.ID == 0 {
		return t, ErrNotFound
	}
	return t, nil
}
