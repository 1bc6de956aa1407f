// Package policies holds the Casbin model, the seed policy rows and the
// translation of a subject's grants into SQL.
package policies

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	gormadapter "github.com/casbin/gorm-adapter/v3"
	"gorm.io/gorm"
)

//go:embed model.conf
var modelText string

// Authorizer is the Casbin enforcer with its area tree, kept in step with
// the database: Refresh reloads both when any instance changed the grants.
type Authorizer struct {
	mu      sync.RWMutex
	enf     *casbin.Enforcer
	tree    AreaTree
	version int64
	db      *gorm.DB
}

// NewAuthorizer loads the model, the policy rows and the area tree from db.
func NewAuthorizer(ctx context.Context, db *gorm.DB) (*Authorizer, error) {
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return nil, fmt.Errorf("policies: parse model: %w", err)
	}
	adb := db.Session(&gorm.Session{NewDB: true})
	gormadapter.TurnOffAutoMigrate(adb)
	adapter, err := gormadapter.NewAdapterByDB(adb)
	if err != nil {
		return nil, fmt.Errorf("policies: create adapter: %w", err)
	}
	enf, err := casbin.NewEnforcer(m, adapter)
	if err != nil {
		return nil, fmt.Errorf("policies: create enforcer: %w", err)
	}
	enf.EnableAutoSave(false)
	a := &Authorizer{enf: enf, db: db, tree: AreaTree{}}
	enf.AddFunction("scopeMatch", func(args ...any) (any, error) {
		if len(args) != 4 {
			return false, fmt.Errorf("scopeMatch: want 4 arguments, got %d", len(args))
		}
		s := make([]string, 4)
		for i, v := range args {
			s[i], _ = v.(string)
		}
		return a.tree.scopeMatch(s[0], s[1], s[2], s[3]), nil
	})
	if err := a.reload(ctx, a.db); err != nil {
		return nil, err
	}
	return a, nil
}

// Refresh reloads the policy when its version in the database moved.
// tx is the request's transaction, so the check costs one small query.
func (a *Authorizer) Refresh(ctx context.Context, tx *gorm.DB) error {
	var v int64
	if err := tx.WithContext(ctx).Raw(`SELECT version FROM authz_version`).Scan(&v).Error; err != nil {
		return fmt.Errorf("policies: read policy version: %w", err)
	}
	a.mu.RLock()
	cur := a.version
	a.mu.RUnlock()
	if v == cur {
		return nil
	}
	return a.reload(ctx, a.db)
}

// Sync reloads the policy when version v, read in the request's own
// statement (the API's api_request), differs from the loaded one.
func (a *Authorizer) Sync(ctx context.Context, v int64) error {
	a.mu.RLock()
	cur := a.version
	a.mu.RUnlock()
	if v == cur {
		return nil
	}
	return a.reload(ctx, a.db)
}

func (a *Authorizer) reload(ctx context.Context, db *gorm.DB) error {
	var v int64
	if err := db.WithContext(ctx).Raw(`SELECT version FROM authz_version`).Scan(&v).Error; err != nil {
		return fmt.Errorf("policies: read policy version: %w", err)
	}
	var rows []struct{ Code, Parent string }
	err := db.WithContext(ctx).Raw(`SELECT a.code, coalesce(p.code, '') AS parent
		FROM areas a LEFT JOIN areas p ON p.id = a.parent_id`).Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("policies: load area tree: %w", err)
	}
	tree := make(AreaTree, len(rows))
	for _, r := range rows {
		tree[r.Code] = r.Parent
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.tree = tree
	if err := a.enf.LoadPolicy(); err != nil {
		return fmt.Errorf("policies: load policy rows: %w", err)
	}
	a.version = v
	return nil
}

// Allow reports whether role may use permission perm with action act ("read" or "write").
func (a *Authorizer) Allow(role, perm, act string) bool {
	a.mu.RLock()
	defer a.mu.RUnlock()
	ok, err := a.enf.Enforce(role, perm, act)
	return err == nil && ok
}

// Check decides role's permission against the rows tx sees now, changes of
// this transaction included, without touching the shared enforcer.
func (a *Authorizer) Check(ctx context.Context, tx *gorm.DB, role, perm, act string) error {
	var rows []struct{ Ptype, V0, V1, V2 string }
	if err := tx.WithContext(ctx).Raw(`SELECT ptype, v0, v1, v2 FROM casbin_rule WHERE ptype IN ('p', 'g')`).Scan(&rows).Error; err != nil {
		return fmt.Errorf("policies: read rules: %w", err)
	}
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return err
	}
	e, err := casbin.NewEnforcer(m)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if r.Ptype == "p" {
			e.AddPolicy(r.V0, r.V1, r.V2)
		} else {
			e.AddGroupingPolicy(r.V0, r.V1)
		}
	}
	ok, err := e.Enforce(role, perm, act)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("policies: %s may not %s %s", role, act, perm)
	}
	return nil
}

// SiteRef identifies a site for a row-level decision.
type SiteRef struct {
	Tenant int64
	ID     int64
	Area   string
}

// CanSee reports whether subject's grants cover the site.
func (a *Authorizer) CanSee(subject string, s SiteRef) bool {
	a.mu.RLock()
	defer a.mu.RUnlock()
	ok, err := a.enf.Enforce(casbin.NewEnforceContext("2"), subject, s.Area,
		fmt.Sprint(s.Tenant), fmt.Sprint(s.ID))
	return err == nil && ok
}

// Grants lists the scopes granted to subject, as stored in p2 rows.
func (a *Authorizer) Grants(subject string) []string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	rows, _ := a.enf.GetFilteredNamedPolicy("p2", 0, subject)
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		if len(r) > 1 {
			out = append(out, r[1])
		}
	}
	return out
}

// ScopeFor turns subject's grants into a Scope for SQL and row-level security.
func (a *Authorizer) ScopeFor(subject string) Scope {
	return ParseScope(a.Grants(subject))
}

func (t AreaTree) scopeMatch(scope, area, tenant, site string) bool {
	if scope == "province" {
		return true
	}
	kind, val, _ := strings.Cut(scope, ":")
	switch kind {
	case "area":
		return area != "" && t.Within(area, val)
	case "tenant":
		return tenant != "" && tenant == val
	case "site":
		return site != "" && site == val
	}
	return false
}
