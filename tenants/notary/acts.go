package notary

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"

	"portal06/app/store"
	"portal06/policies"
)

// ActTypes are the kinds of notarial act, as stored.
var ActTypes = []string{"land_transfer", "land_mortgage", "house_sale", "house_gift", "authorisation", "will", "other"}

// PropertyActs are the acts about land or a house, which name the property.
var PropertyActs = map[string]bool{"land_transfer": true, "land_mortgage": true, "house_sale": true, "house_gift": true}

// PartyRoles are the roles a party plays in an act.
var PartyRoles = []string{"seller", "buyer", "mortgagor", "mortgagee", "donor", "donee", "authoriser", "authorised", "testator", "other"}

// Act is a notarial act as the pages show it.
type Act struct {
	ID              int64
	SiteID          int64
	SiteName        string
	ActType         string
	Number          string
	LandCertificate string
	Parcel          string
	MapSheet        string
	Status          string
	CompletedAt     *time.Time
	OverrideReason  string
	CompletedByName string
	CreatedAt       time.Time
	Parties         int
	NotMatched      int // parties whose latest check is not a match
}

// ActInput is what the act form or the API sends.
type ActInput struct {
	SiteID          int64
	ActType         string
	Number          string
	LandCertificate string
	Parcel          string
	MapSheet        string
	At              time.Time // when it was recorded; zero means now
}

var (
	certificateRe = regexp.MustCompile(`^([A-ZĐ]{1,3}) ?([0-9]{6,9})$`)
	parcelRe      = regexp.MustCompile(`^[0-9]{1,6}$`)
	sheetRe       = regexp.MustCompile(`^[0-9]{1,4}$`)
)

func oneOf(v string, list []string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Normalize cleans the input in place and says what is wrong with it, by field.
func (in *ActInput) Normalize() store.Invalid {
	bad := store.Invalid{}
	in.Number = strings.TrimSpace(in.Number)
	in.LandCertificate = strings.ToUpper(strings.Join(strings.Fields(in.LandCertificate), " "))
	in.Parcel, in.MapSheet = strings.TrimSpace(in.Parcel), strings.TrimSpace(in.MapSheet)
	switch {
	case in.ActType == "":
		bad["act_type"] = "validation.required"
	case !oneOf(in.ActType, ActTypes):
		bad["act_type"] = "notary.bad_act_type"
	}
	switch {
	case in.Number == "":
		bad["number"] = "validation.required"
	case len([]rune(in.Number)) > 40:
		bad["number"] = "validation.too_long"
	}
	if in.LandCertificate != "" {
		if m := certificateRe.FindStringSubmatch(in.LandCertificate); m == nil {
			bad["land_certificate"] = "notary.bad_certificate"
		} else {
			in.LandCertificate = m[1] + " " + m[2]
		}
	}
	if in.Parcel != "" || in.MapSheet != "" {
		if !parcelRe.MatchString(in.Parcel) {
			bad["parcel"] = "notary.bad_parcel"
		}
		if !sheetRe.MatchString(in.MapSheet) {
			bad["map_sheet"] = "notary.bad_map_sheet"
		}
	}
	if !PropertyActs[in.ActType] && (in.LandCertificate != "" || in.Parcel != "") && bad["act_type"] == "" {
		bad["land_certificate"] = "notary.property_only"
	}
	if in.SiteID == 0 {
		bad["site"] = "validation.required"
	}
	if len(bad) == 0 {
		return nil
	}
	return bad
}

// CreateAct records an act; a number the office already used is a field error.
func CreateAct(tx *gorm.DB, tenantID, userID int64, in ActInput) (int64, error) {
	if bad := in.Normalize(); bad != nil {
		return 0, bad
	}
	var taken int64
	if err := tx.Raw(`SELECT id FROM notary_acts WHERE tenant_id = ? AND number = ?`, tenantID, in.Number).Scan(&taken).Error; err != nil {
		return 0, fmt.Errorf("notary: look up act number: %w", err)
	}
	if taken != 0 {
		return 0, store.Invalid{"number": "notary.number_taken"}
	}
	at := in.At
	if at.IsZero() {
		at = time.Now()
	}
	var id int64
	tx.SavePoint("act_create")
	err := tx.Raw(`INSERT INTO notary_acts (tenant_id, site_id, act_type, number, land_certificate, parcel, map_sheet, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, tenantID, in.SiteID, in.ActType, in.Number, in.LandCertificate, in.Parcel,
		in.MapSheet, nullUser(userID), at).Scan(&id).Error
	if err != nil {
		if _, dup := store.IsUniqueViolation(err); dup {
			tx.RollbackTo("act_create")
			return 0, store.Invalid{"number": "notary.number_taken"}
		}
		return 0, fmt.Errorf("notary: create act: %w", err)
	}
	return id, nil
}

func nullUser(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}

const actColumns = `a.id, a.site_id, s.name AS site_name, a.act_type, a.number, a.land_certificate, a.parcel, a.map_sheet, a.status,
	a.completed_at, a.override_reason, coalesce(u.full_name, '') AS completed_by_name, a.created_at,
	(SELECT count(*) FROM notary_parties p WHERE p.tenant_id = a.tenant_id AND p.act_id = a.id) AS parties,
	(SELECT count(*) FROM notary_parties p WHERE p.tenant_id = a.tenant_id AND p.act_id = a.id
		AND coalesce((SELECT c.verdict FROM notary_checks c WHERE c.tenant_id = p.tenant_id AND c.party_id = p.id ORDER BY c.id DESC LIMIT 1), '') <> 'match') AS not_matched`

func actsQuery(tx *gorm.DB) *gorm.DB {
	return tx.Table("notary_acts a").Joins("JOIN sites s ON s.tenant_id = a.tenant_id AND s.id = a.site_id").
		Joins("LEFT JOIN users u ON u.id = a.completed_by")
}

// ErrNotFound is a row the request may not see or that does not exist.
var ErrNotFound = errors.New("notary: not found")

// GetAct loads one act of the tenant within scope.
func GetAct(tx *gorm.DB, scope policies.Scope, tenantID, id int64) (Act, error) {
	var a Act
	err := scope.Where(actsQuery(tx), "s").Where("a.tenant_id = ? AND a.id = ?", tenantID, id).Select(actColumns).Scan(&a).Error
	if err != nil {
		return a, fmt.Errorf("notary: get act %d: %w", id, err)
	}
	if a.ID == 0 {
		return a, ErrNotFound
	}
	return a, nil
}

// ActFilter narrows the list of acts.
type ActFilter struct {
	From, To time.Time // created in [From, To); zero: unbounded
	Override bool      // only acts completed over a failed check
}

// ListActs pages through the tenant's acts within scope, newest first.
func ListActs(tx *gorm.DB, scope policies.Scope, tenantID int64, f ActFilter, page, perPage int) ([]Act, int64, error) {
	q := scope.Where(actsQuery(tx), "s").Where("a.tenant_id = ?", tenantID)
	if !f.From.IsZero() {
		q = q.Where("a.created_at >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("a.created_at < ?", f.To)
	}
	if f.Override {
		q = q.Where("a.override_reason <> ''")
	}
	var total int64
	if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("notary: count acts: %w", err)
	}
	var rows []Act
	if page < 1 {
		page = 1
	}
	err := q.Select(actColumns).Order("a.created_at DESC, a.id DESC").Limit(perPage).Offset((page - 1) * perPage).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("notary: list acts: %w", err)
	}
	return rows, total, nil
}

// ErrNotMatched refuses to complete an act while a party is not a match.
var ErrNotMatched = errors.New("notary: a party is not a match")

// ErrNoParties refuses to complete an act without parties.
var ErrNoParties = errors.New("notary: the act has no parties")

// ErrCompleted refuses to change a completed act.
var ErrCompleted = errors.New("notary: the act is completed")

// CompleteAct marks an act completed. Unless reason is given (a notary's
// override), every party's latest check must be a match.
func CompleteAct(tx *gorm.DB, scope policies.Scope, tenantID, id, userID int64, reason string, at time.Time) error {
	a, err := GetAct(tx, scope, tenantID, id)
	if err != nil {
		return err
	}
	switch {
	case a.Status == "completed":
		return ErrCompleted
	case a.Parties == 0:
		return ErrNoParties
	case a.NotMatched > 0 && reason == "":
		return ErrNotMatched
	}
	if a.NotMatched == 0 {
		reason = "" // nothing to override
	}
	res := tx.Exec(`UPDATE notary_acts SET status = 'completed', completed_at = ?, completed_by = ?, override_reason = ?
		WHERE tenant_id = ? AND id = ? AND status = 'open'`, at, nullUser(userID), reason, tenantID, id)
	if res.Error != nil {
		return fmt.Errorf("notary: complete act %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrCompleted
	}
	return nil
}
