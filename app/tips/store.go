package tips

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"

	"portal06/app/live"
	"portal06/policies"
)

// Site is the place of a poster.
type Site struct {
	Slug       string `gorm:"-"`
	TenantID   int64
	SiteID     int64
	SiteName   string
	Address    string
	AreaID     int64
	AreaCode   string
	AreaName   string
	TenantSlug string
}

// siteBySlug finds a poster's site by its slug (and its tenant's, when two
// tenants use the same site slug); nil when none or still ambiguous.
func siteBySlug(tx *gorm.DB, slug, tenantSlug string) (*Site, error) {
	var rows []Site
	if err := tx.Raw(`SELECT * FROM tip_site(?)`, slug).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("tips: find site %q: %w", slug, err)
	}
	var found []Site
	for _, r := range rows {
		r.Slug = slug
		if tenantSlug == "" || r.TenantSlug == tenantSlug {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		return nil, nil
	}
	return &found[0], nil
}

// Area is an administrative area a tip can name.
type Area struct {
	ID   int64
	Code string
	Name string
}

// listAreas lists the wards, communes and special zones, by name.
func listAreas(tx *gorm.DB) ([]Area, error) {
	var out []Area
	if err := tx.Raw(`SELECT id, code, name FROM areas WHERE kind <> 'province' ORDER BY name`).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("tips: list areas: %w", err)
	}
	return out, nil
}

func areaByCode(tx *gorm.DB, code string) (*Area, error) {
	var a Area
	if err := tx.Raw(`SELECT id, code, name FROM areas WHERE code = ? AND kind <> 'province'`, code).Scan(&a).Error; err != nil {
		return nil, fmt.Errorf("tips: area %q: %w", code, err)
	}
	if a.ID == 0 {
		return nil, nil
	}
	return &a, nil
}

// Tip is a tip as the reporter sends it.
type Tip struct {
	CodeHash      string
	Category      string
	Description   string
	AreaID        int64
	Site          *Site
	Address       string
	OccurredAt    time.Time
	ReporterName  string
	ReporterPhone string
}

var personRe = regexp.MustCompile(`\b[0-9]{9,12}\b`)

// namesPerson reports whether a tip holds personal data: who reported it,
// or an ID or phone number in its text.
func (t Tip) namesPerson() bool {
	return t.ReporterName != "" || t.ReporterPhone != "" || personRe.MatchString(t.Description)
}

// insertTip saves a tip, its photos and its routing in tx, and moves the
// figures; it returns the tip's id and the units it went to.
func insertTip(tx *gorm.DB, t Tip, photos []Photo) (int64, []int64, error) {
	var tenant, site any
	siteName := ""
	if t.Site != nil {
		tenant, site, siteName = t.Site.TenantID, t.Site.SiteID, t.Site.SiteName
	}
	var id int64
	err := tx.Raw(`INSERT INTO tips (code_hash, category, description, area_id, site_tenant_id, site_id, site_name, address, occurred_at,
			reporter_name, reporter_phone, names_person)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, t.CodeHash, t.Category, t.Description, t.AreaID, tenant, site, siteName,
		t.Address, t.OccurredAt, t.ReporterName, t.ReporterPhone, t.namesPerson()).Scan(&id).Error
	if err != nil {
		return 0, nil, fmt.Errorf("tips: save tip: %w", err)
	}
	for i, p := range photos {
		if err := tx.Exec(`INSERT INTO tip_photos (tip_id, n, content_type, data, original) VALUES (?, ?, ?, ?, ?)`,
			id, i+1, p.ContentType, p.Data, p.Original).Error; err != nil {
			return 0, nil, fmt.Errorf("tips: save photo %d: %w", i+1, err)
		}
	}
	units, err := routeUnits(tx, t.AreaID)
	if err != nil {
		return 0, nil, err
	}
	for _, u := range units {
		if err := tx.Exec(`INSERT INTO tip_units (tip_id, unit_id) VALUES (?, ?)`, id, u).Error; err != nil {
			return 0, nil, fmt.Errorf("tips: route tip to unit %d: %w", u, err)
		}
		if err := live.Publish(tx, Topic(u), fmt.Sprint(id)); err != nil {
			return 0, nil, err
		}
	}
	if err := tx.Exec(`INSERT INTO tip_events (tip_id, action, status) VALUES (?, 'received', 'received')`, id).Error; err != nil {
		return 0, nil, fmt.Errorf("tips: record receipt: %w", err)
	}
	if err := addFigure(tx, IndicatorReceived, id, 1, 0); err != nil {
		return 0, nil, err
	}
	if err := addFigure(tx, IndicatorClosed30Share, id, 0, 1); err != nil {
		return 0, nil, err
	}
	return id, units, nil
}

// Topic is the live topic of a unit's new tips.
func Topic(unitID int64) string { return fmt.Sprintf("tips:%d", unitID) }

// routeUnits are the units whose jurisdiction (p2 grants, expanded through
// the area tree) holds the area; when none does, the PC06 units.
func routeUnits(tx *gorm.DB, areaID int64) ([]int64, error) {
	var ids []int64
	err := tx.Raw(`SELECT DISTINCT u.id FROM casbin_rule r JOIN police_units u ON r.v0 = 'unit:' || u.code
		LEFT JOIN areas g ON r.v1 = 'area:' || g.code
		WHERE r.ptype = 'p2' AND (r.v1 = 'province'
			OR EXISTS (SELECT 1 FROM area_closure c WHERE c.ancestor_id = g.id AND c.descendant_id = ?))
		ORDER BY u.id`, areaID).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("tips: units of area %d: %w", areaID, err)
	}
	if len(ids) == 0 {
		if err := tx.Raw(`SELECT id FROM police_units WHERE kind = 'pc06' ORDER BY id`).Scan(&ids).Error; err != nil {
			return nil, fmt.Errorf("tips: PC06 units: %w", err)
		}
	}
	if len(ids) == 0 {
		return nil, errors.New("tips: no police unit can receive tips")
	}
	return ids, nil
}

// addFigure adds to a tip's figures in the province's rollup figure_days:
// at the site when the tip came from a site's poster, else at its area.
// No content and no personal data reach the rollup.
func addFigure(tx *gorm.DB, indicator string, tipID int64, num, den float64) error {
	return addFigureOn(tx, indicator, tipID, today, num, den)
}

// addFigureOn adds to a tip's figures on day, a SQL date expression. A tip
// received also counts in its category's indicator (tips.received.<category>).
func addFigureOn(tx *gorm.DB, indicator string, tipID int64, day string, num, den float64) error {
	var t struct {
		AreaID   int64
		Category string
		TenantID *int64
		SiteID   *int64
	}
	if err := tx.Raw(`SELECT area_id, category, site_tenant_id AS tenant_id, site_id FROM tips WHERE id = ?`, tipID).Scan(&t).Error; err != nil {
		return fmt.Errorf("tips: read tip %d for figures: %w", tipID, err)
	}
	codes := []string{indicator}
	if indicator == IndicatorReceived {
		codes = append(codes, CategoryIndicator(t.Category))
	}
	for _, code := range codes {
		var err error
		if t.SiteID != nil {
			// figure_add through a wrapper: the site may lie outside the request's scope
			err = tx.Exec(`SELECT tip_site_figure_add(?, ?, ?, `+day+`, ?, ?)`, code, *t.TenantID, *t.SiteID, num, den).Error
		} else {
			err = tx.Exec(`SELECT figure_area_add(?, ?, `+day+`, ?, ?)`, code, t.AreaID, num, den).Error
		}
		if err != nil {
			return fmt.Errorf("tips: add to %s of tip %d: %w", code, tipID, err)
		}
	}
	return nil
}

// today is the date in Vietnam, in SQL.
const today = `(now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`

// Row is a tip in a unit's inbox.
type Row struct {
	ID          int64
	CreatedAt   time.Time
	Category    string
	Status      string
	Description string
	AreaName    string
	SiteName    string
	NamesPerson bool
	Held        bool // the unit holds it now (not transferred away)
	Assignee    string
}

// Filter narrows the inbox.
type Filter struct {
	Q        string // words of the description
	Status   string
	Category string
	AreaCode string
}

// PerPage is the length of an inbox page.
const PerPage = 25

// listTips lists the tips the unit holds or held, newest first.
func listTips(tx *gorm.DB, unitID int64, f Filter, page int) ([]Row, int64, error) {
	q := tx.Table("tips t").Joins("JOIN areas a ON a.id = t.area_id").
		Where("EXISTS (SELECT 1 FROM tip_units tu WHERE tu.tip_id = t.id AND tu.unit_id = ?)", unitID)
	if f.Status != "" {
		q = q.Where("t.status = ?", f.Status)
	}
	if f.Category != "" {
		q = q.Where("t.category = ?", f.Category)
	}
	if f.Q != "" {
		q = q.Where("t.description ILIKE ?", "%"+strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(f.Q)+"%")
	}
	if f.AreaCode != "" {
		q = q.Where(policies.InAreas("t.area_id"), []string{f.AreaCode})
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("tips: count inbox: %w", err)
	}
	var rows []Row
	err := q.Select(`t.id, t.created_at, t.category, t.status, t.description, a.name AS area_name, t.site_name, t.names_person,
			EXISTS (SELECT 1 FROM tip_units tu WHERE tu.tip_id = t.id AND tu.unit_id = ? AND tu.until IS NULL) AS held,
			coalesce((SELECT u.full_name FROM tip_units tu JOIN users u ON u.id = tu.assigned_to
				WHERE tu.tip_id = t.id AND tu.unit_id = ? AND tu.until IS NULL), '') AS assignee`, unitID, unitID).
		Order("t.created_at DESC, t.id DESC").Limit(PerPage).Offset((page - 1) * PerPage).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("tips: list inbox: %w", err)
	}
	return rows, total, nil
}

// Detail is one tip as a unit that holds or held it sees it.
type Detail struct {
	Row
	Address         string
	OccurredAt      time.Time
	ReporterName    string
	ReporterPhone   string
	PublicNote      string
	FirstResponseAt *time.Time
	ClosedAt        *time.Time
	Photos          int
	AssignedTo      *int64
}

// getTip reads a tip the unit holds or held; nil when it is not one of them.
func getTip(tx *gorm.DB, unitID, id int64) (*Detail, error) {
	var d Detail
	err := tx.Raw(`SELECT t.id, t.created_at, t.category, t.status, t.description, a.name AS area_name, t.site_name, t.names_person,
			t.address, t.occurred_at, t.reporter_name, t.reporter_phone, t.public_note, t.first_response_at, t.closed_at,
			(SELECT count(*) FROM tip_photos p WHERE p.tip_id = t.id) AS photos,
			EXISTS (SELECT 1 FROM tip_units tu WHERE tu.tip_id = t.id AND tu.unit_id = ? AND tu.until IS NULL) AS held,
			(SELECT tu.assigned_to FROM tip_units tu WHERE tu.tip_id = t.id AND tu.unit_id = ? AND tu.until IS NULL) AS assigned_to
		FROM tips t JOIN areas a ON a.id = t.area_id
		WHERE t.id = ? AND EXISTS (SELECT 1 FROM tip_units tu WHERE tu.tip_id = t.id AND tu.unit_id = ?)`,
		unitID, unitID, id, unitID).Scan(&d).Error
	if err != nil {
		return nil, fmt.Errorf("tips: read tip %d: %w", id, err)
	}
	if d.ID == 0 {
		return nil, nil
	}
	return &d, nil
}

// Event is a line of a tip's history.
type Event struct {
	CreatedAt time.Time
	Action    string
	Status    string
	Note      string
	UnitCode  string
	ToUnit    string
	UserName  string
}

// tipEvents lists the events the request may see (row-level security keeps
// a unit to the time it held the tip).
func tipEvents(tx *gorm.DB, id int64) ([]Event, error) {
	var out []Event
	err := tx.Raw(`SELECT e.created_at, e.action, e.status, e.note, coalesce(u.code, '') AS unit_code, coalesce(tu.name, '') AS to_unit,
			coalesce(us.full_name, '') AS user_name
		FROM tip_events e LEFT JOIN police_units u ON u.id = e.unit_id LEFT JOIN police_units tu ON tu.id = e.to_unit_id
		LEFT JOIN users us ON us.id = e.user_id WHERE e.tip_id = ? ORDER BY e.id LIMIT 500`, id).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("tips: history of tip %d: %w", id, err)
	}
	return out, nil
}

// Person is a person linked to a tip.
type Person struct {
	DocType   string
	DocNumber string
	UnitCode  string
	CreatedAt time.Time
}

func tipPeople(tx *gorm.DB, id int64) ([]Person, error) {
	var out []Person
	err := tx.Raw(`SELECT p.doc_type, p.doc_number, u.code AS unit_code, p.created_at FROM tip_people p JOIN police_units u ON u.id = p.unit_id
		WHERE p.tip_id = ? ORDER BY p.created_at`, id).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("tips: people of tip %d: %w", id, err)
	}
	return out, nil
}

// Officer is a member of a unit, for assignment.
type Officer struct {
	ID       int64
	FullName string
}

func unitOfficers(tx *gorm.DB, unitID int64) ([]Officer, error) {
	var out []Officer
	err := tx.Raw(`SELECT DISTINCT u.id, u.full_name FROM staff_memberships m JOIN users u ON u.id = m.user_id
		WHERE m.unit_id = ? AND NOT u.disabled ORDER BY u.full_name`, unitID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("tips: officers of unit %d: %w", unitID, err)
	}
	return out, nil
}

// Unit is a police unit a tip can be transferred to.
type Unit struct {
	ID   int64
	Code string
	Name string
	Kind string
}

func otherUnits(tx *gorm.DB, unitID int64) ([]Unit, error) {
	var out []Unit
	if err := tx.Raw(`SELECT id, code, name, kind FROM police_units WHERE id <> ? ORDER BY name`, unitID).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("tips: list units: %w", err)
	}
	return out, nil
}

// respond records the unit's first response to a tip, for the figures:
// the hours from receipt to the first action of a unit.
func respond(tx *gorm.DB, id int64) error {
	var hours []float64
	err := tx.Raw(`UPDATE tips SET first_response_at = now() WHERE id = ? AND first_response_at IS NULL
		RETURNING extract(epoch FROM now() - created_at)::float8 / 3600`, id).Scan(&hours).Error
	if err != nil {
		return fmt.Errorf("tips: first response to tip %d: %w", id, err)
	}
	if len(hours) == 0 {
		return nil
	}
	return addFigure(tx, IndicatorResponseHours, id, hours[0], 1)
}
