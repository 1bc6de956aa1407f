package store

import (
	"fmt"
	"strings"

	"gorm.io/gorm"

	"portal06/policies"
)

// SiteInput is what a site form sends.
type SiteInput struct {
	Slug    string
	Name    string
	Kind    string
	AreaID  int64
	Address string
}

// SiteRow is a site with its tenant and area, as lists show it.
type SiteRow struct {
	ID         int64
	TenantID   int64
	TenantSlug string
	TenantName string
	Slug       string
	Name       string
	Kind       string
	AreaID     int64
	AreaCode   string
	AreaName   string
	Address    string
}

func (in SiteInput) check(tx *gorm.DB, siteKinds []string) error {
	var c checker
	c.match("slug", in.Slug, slugRe, "validation.slug")
	if len(in.Slug) > 63 {
		c.fail("slug", "validation.too_long")
	}
	c.text("name", in.Name, 200)
	c.oneOf("kind", in.Kind, siteKinds)
	c.text("address", in.Address, 500)
	var n int64
	if in.AreaID <= 0 {
		c.fail("area_id", "validation.required")
	} else if err := tx.Raw(`SELECT count(*) FROM areas WHERE id = ? AND kind <> 'province'`, in.AreaID).Scan(&n).Error; err != nil || n == 0 {
		c.fail("area_id", "validation.choice")
	}
	return c.err()
}

// CreateSite validates and stores a site of a tenant.
func CreateSite(tx *gorm.DB, tenantID int64, in SiteInput, siteKinds []string) (int64, error) {
	if err := in.check(tx, siteKinds); err != nil {
		return 0, err
	}
	var id int64
	err := Savepoint(tx, func(sp *gorm.DB) error {
		return sp.Raw(`INSERT INTO sites (tenant_id, slug, name, kind, area_id, address) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			tenantID, in.Slug, in.Name, in.Kind, in.AreaID, in.Address).Scan(&id).Error
	})
	if _, dup := IsUniqueViolation(err); dup {
		return 0, Invalid{"slug": "validation.taken"}
	}
	if err != nil {
		return 0, fmt.Errorf("store: create site: %w", err)
	}
	return id, nil
}

// UpdateSite changes a site of a tenant.
func UpdateSite(tx *gorm.DB, tenantID, siteID int64, in SiteInput, siteKinds []string) error {
	if err := in.check(tx, siteKinds); err != nil {
		return err
	}
	var n int64
	err := Savepoint(tx, func(sp *gorm.DB) error {
		res := sp.Exec(`UPDATE sites SET slug = ?, name = ?, kind = ?, area_id = ?, address = ? WHERE tenant_id = ? AND id = ?`,
			in.Slug, in.Name, in.Kind, in.AreaID, in.Address, tenantID, siteID)
		n = res.RowsAffected
		return res.Error
	})
	if _, dup := IsUniqueViolation(err); dup {
		return Invalid{"slug": "validation.taken"}
	}
	if err != nil {
		return fmt.Errorf("store: update site %d: %w", siteID, err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

const siteColumns = `s.id, s.tenant_id, t.slug AS tenant_slug, t.name AS tenant_name, s.slug, s.name, s.kind,
	s.area_id, a.code AS area_code, a.name AS area_name, s.address`

func sitesQuery(tx *gorm.DB) *gorm.DB {
	return tx.Table("sites s").Joins("JOIN tenants t ON t.id = s.tenant_id").Joins("JOIN areas a ON a.id = s.area_id")
}

// GetSite returns one site of a tenant within scope, or ErrNotFound.
func GetSite(tx *gorm.DB, scope policies.Scope, tenantID, siteID int64) (SiteRow, error) {
	var s SiteRow
	err := scope.Where(sitesQuery(tx), "s").Where("s.tenant_id = ? AND s.id = ?", tenantID, siteID).
		Select(siteColumns).Scan(&s).Error
	if err != nil {
		return s, fmt.Errorf("store: get site %d: %w", siteID, err)
	}
	if s.ID == 0 {
		return s, ErrNotFound
	}
	return s, nil
}

// SiteFilter narrows a site list.
type SiteFilter struct {
	TenantID int64
	AreaCode string // the area and every area below it
	Kind     string
	Q        string
}

// ListSites pages through the sites within scope that match the filter,
// and counts them.
func ListSites(tx *gorm.DB, scope policies.Scope, f SiteFilter, page int) ([]SiteRow, int64, error) {
	total, err := CountSites(tx, scope, f)
	if err != nil {
		return nil, 0, err
	}
	rows, err := SitesPage(tx, scope, f, page)
	return rows, total, err
}

// CountSites counts the sites within scope that match the filter, reading
// sites alone.
func CountSites(tx *gorm.DB, scope policies.Scope, f SiteFilter) (int64, error) {
	var total int64
	if err := filteredSites(tx, scope, f).Count(&total).Error; err != nil {
		return 0, fmt.Errorf("store: count sites: %w", err)
	}
	return total, nil
}

// SitesPage is a page (from 1) of the sites within scope that match the
// filter, by area and name, not counted. The page is chosen from sites and
// areas alone and only its rows are joined to their tenants: joined
// before the limit, every site in scope (1,500 for the province) was
// matched to its tenant under the tenants' row-level security.
func SitesPage(tx *gorm.DB, scope policies.Scope, f SiteFilter, page int) ([]SiteRow, error) {
	p := filteredSites(tx, scope, f).Joins("JOIN areas a ON a.id = s.area_id").
		Select(`s.id, s.tenant_id, s.slug, s.name, s.kind, s.area_id, a.code AS area_code, a.name AS area_name, s.address`).
		Order("a.name, s.name, s.id").Limit(PerPage).Offset(Offset(page))
	var rows []SiteRow
	err := tx.Table("(?) p", p).Joins("JOIN tenants t ON t.id = p.tenant_id").
		Select("p.*, t.slug AS tenant_slug, t.name AS tenant_name").Order("p.area_name, p.name, p.id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: list sites: %w", err)
	}
	return rows, nil
}

// filteredSites are the sites within scope that match the filter, as "s";
// the text is matched against the site's name and address and its
// tenant's name.
func filteredSites(tx *gorm.DB, scope policies.Scope, f SiteFilter) *gorm.DB {
	q := scope.Where(tx.Table("sites s"), "s")
	if f.TenantID > 0 {
		q = q.Where("s.tenant_id = ?", f.TenantID)
	}
	if f.Kind != "" {
		q = q.Where("s.kind = ?", f.Kind)
	}
	if f.AreaCode != "" {
		q = q.Where(policies.InAreas("s.area_id"), []string{f.AreaCode})
	}
	if text := strings.TrimSpace(f.Q); text != "" {
		p := likePattern(text)
		q = q.Where("s.name ILIKE ? OR s.address ILIKE ? OR EXISTS (SELECT 1 FROM tenants t WHERE t.id = s.tenant_id AND t.name ILIKE ?)", p, p, p)
	}
	return q
}

// SiteOption is a site offered in a filter's choice list.
type SiteOption struct {
	ID   int64
	Name string
}

// SiteOptions are the first page of the tenant's sites within scope, in
// ListSites' order, for a filter's choice list: names only, not counted.
func SiteOptions(tx *gorm.DB, scope policies.Scope, tenantID int64) ([]SiteOption, error) {
	var out []SiteOption
	err := filteredSites(tx, scope, SiteFilter{TenantID: tenantID}).Joins("JOIN areas a ON a.id = s.area_id").Select("s.id, s.name").
		Order("a.name, s.name, s.id").Limit(PerPage).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: site options of tenant %d: %w", tenantID, err)
	}
	return out, nil
}

// KindCount is a number of rows of one kind.
type KindCount struct {
	Kind  string
	Count int64
}

// CountSitesByKind counts the sites within scope, per kind. A scope of
// areas alone (a police unit's) covers exactly the sites of those areas,
// whose numbers area_site_counts keeps (triggers on sites, migration
// 00770): a few rows read instead of every site in scope grouped.
func CountSitesByKind(tx *gorm.DB, scope policies.Scope) ([]KindCount, error) {
	var out []KindCount
	q := scope.Where(tx.Table("sites s"), "s").Select("s.kind, count(*) AS count").Group("s.kind")
	if scope.AreasOnly() && scope.Pin == 0 {
		q = tx.Table("area_site_counts c").Where(policies.InAreas("c.area_id"), scope.Areas).
			Select("c.kind, sum(c.sites)::bigint AS count").Group("c.kind").Having("sum(c.sites) > 0")
	}
	err := q.Order("kind").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: count sites by kind: %w", err)
	}
	return out, nil
}

// SiteIDsBySlugs resolves site slugs of a tenant; an unknown slug is a field error on field.
func SiteIDsBySlugs(tx *gorm.DB, tenantID int64, slugs []string, field string) ([]int64, error) {
	var ids []int64
	for _, s := range slugs {
		var id int64
		if err := tx.Raw(`SELECT id FROM sites WHERE tenant_id = ? AND slug = ?`, tenantID, s).Scan(&id).Error; err != nil {
			return nil, fmt.Errorf("store: look up site %q: %w", s, err)
		}
		if id == 0 {
			return nil, Invalid{field: "validation.unknown_site"}
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// SiteSlug is the slug of the tenant's site id.
func SiteSlug(tx *gorm.DB, tenantID, siteID int64) (string, error) {
	var slug string
	if err := tx.Raw(`SELECT slug FROM sites WHERE tenant_id = ? AND id = ?`, tenantID, siteID).Scan(&slug).Error; err != nil {
		return "", fmt.Errorf("store: slug of site %d: %w", siteID, err)
	}
	if slug == "" {
		return "", ErrNotFound
	}
	return slug, nil
}
