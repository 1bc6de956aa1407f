package policies

import (
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// Scope is a subject's data grants in the form SQL needs. The zero Scope
// grants nothing, and every condition built from it matches no row.
type Scope struct {
	All     bool     // the whole province
	Tenants []int64  // whole tenants
	Sites   []int64  // single sites
	Areas   []string // area codes, each with every area below it
	Pin     int64    // when set, only rows of this tenant, whatever the grants
}

// ParseScope reads p2 scope strings; malformed ones grant nothing.
func ParseScope(grants []string) Scope {
	var s Scope
	for _, g := range grants {
		if g == "province" {
			s.All = true
			continue
		}
		kind, val, _ := strings.Cut(g, ":")
		switch kind {
		case "tenant", "site":
			id, err := strconv.ParseInt(val, 10, 64)
			if err != nil || id <= 0 {
				continue
			}
			if kind == "tenant" {
				s.Tenants = append(s.Tenants, id)
			} else {
				s.Sites = append(s.Sites, id)
			}
		case "area":
			if isAreaCode(val) {
				s.Areas = append(s.Areas, val)
			}
		}
	}
	return s
}

func isAreaCode(v string) bool {
	if len(v) < 2 || len(v) > 5 {
		return false
	}
	for _, r := range v {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Empty reports whether the scope grants nothing at all.
func (s Scope) Empty() bool {
	return !s.All && len(s.Tenants) == 0 && len(s.Sites) == 0 && len(s.Areas) == 0
}

// AreasOnly reports whether the scope grants areas and nothing else (a
// police unit's): its sites are then the sites of those areas.
func (s Scope) AreasOnly() bool {
	return !s.All && len(s.Tenants) == 0 && len(s.Sites) == 0 && len(s.Areas) > 0
}

// SiteCondition is a SQL condition on the sites table aliased alias that
// holds exactly for the sites the scope covers; an empty scope gives FALSE.
func (s Scope) SiteCondition(alias string) (string, []any) {
	return s.condition(alias, alias+".id")
}

// SiteRowCondition is SiteCondition for a table whose rows each belong to
// one site and carry its tenant_id, site_id and area_id (the site's area,
// kept when the site moves), such as site_stay_counts and figure_days: it
// holds for the rows of exactly the sites the scope covers, without
// reading sites.
func (s Scope) SiteRowCondition(alias string) (string, []any) {
	return s.condition(alias, alias+".site_id")
}

// condition is the scope's condition on alias, whose site is siteColumn.
func (s Scope) condition(alias, siteColumn string) (string, []any) {
	cond, args := s.grantCondition(alias, siteColumn)
	if s.Pin > 0 && cond != "FALSE" {
		return "(" + alias + ".tenant_id = ? AND " + cond + ")", append([]any{s.Pin}, args...)
	}
	return cond, args
}

func (s Scope) grantCondition(alias, siteColumn string) (string, []any) {
	if s.All {
		return "TRUE", nil
	}
	var parts []string
	var args []any
	if len(s.Tenants) > 0 {
		parts = append(parts, alias+".tenant_id IN ?")
		args = append(args, s.Tenants)
	}
	if len(s.Sites) > 0 {
		parts = append(parts, siteColumn+" IN ?")
		args = append(args, s.Sites)
	}
	if len(s.Areas) > 0 {
		parts = append(parts, InAreas(alias+".area_id"))
		args = append(args, s.Areas)
	}
	if len(parts) == 0 {
		return "FALSE", nil
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// InAreas is the condition that the area id in column lies in one of the
// areas named by code, or anywhere below them (area_closure): its one
// argument is the slice of codes. Every area-subtree filter is built with it.
func InAreas(column string) string {
	return column + ` IN (SELECT c.descendant_id FROM area_closure c JOIN areas g ON g.id = c.ancestor_id WHERE g.code IN ?)`
}

// Where adds the scope's condition on the sites alias to a query.
func (s Scope) Where(q *gorm.DB, alias string) *gorm.DB {
	cond, args := s.SiteCondition(alias)
	return q.Where(cond, args...)
}

// Apply writes the scope into the transaction's settings, which the
// row-level security policies read. userID 0 means no signed-in user.
func (s Scope) Apply(tx *gorm.DB, userID int64) error { return s.ApplyPlans(tx, userID, false) }

// ApplyPlans is Apply, and with generic also keeps the transaction's
// generic plans (plan_cache_mode = force_generic_plan, as SET LOCAL would)
// in the same statement.
func (s Scope) ApplyPlans(tx *gorm.DB, userID int64, generic bool) error {
	all := ""
	if s.All {
		all = "on"
	}
	user, pin := "", ""
	if s.Pin > 0 {
		pin = strconv.FormatInt(s.Pin, 10)
	}
	if userID > 0 {
		user = strconv.FormatInt(userID, 10)
	}
	plans := ""
	if generic {
		plans = ", set_config('plan_cache_mode', 'force_generic_plan', true)"
	}
	// app.area_ids is emptied: the areas below the granted ones are worked
	// out again, once, by the first policy that needs them (migration 00754)
	err := tx.Exec(`SELECT set_config('app.all', ?, true), set_config('app.tenants', ?, true),
		set_config('app.sites', ?, true), set_config('app.areas', ?, true), set_config('app.user_id', ?, true),
		set_config('app.tenant', ?, true), set_config('app.area_ids', '', true)`+plans,
		all, joinIDs(s.Tenants), joinIDs(s.Sites), strings.Join(s.Areas, ","), user, pin).Error
	if err != nil {
		return fmt.Errorf("policies: apply scope to transaction: %w", err)
	}
	return nil
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}
