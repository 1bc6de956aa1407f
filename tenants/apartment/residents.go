package apartment

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"portal06/app/figures"
	"portal06/app/iddoc"
	"portal06/app/store"
)

// Relations to the head of household, and residence types.
var (
	Relations      = []string{"head", "spouse", "child", "parent", "relative", "other"}
	ResidenceTypes = []string{"permanent", "temporary", "long_stay"}
)

// Resident is one residence of one person in one unit.
type Resident struct {
	ID            int64
	TenantID      int64
	SiteID        int64
	UnitID        int64
	UnitCode      string
	PreviousID    *int64
	DocType       string
	DocNumber     string
	OldNumber     string
	FullName      string
	BirthDate     time.Time
	Sex           string
	Nationality   string
	Address       string
	Relation      string
	ResidenceType string
	MoveIn        time.Time
	MoveOut       *time.Time
	MoveOutReason string
	TamtruStatus  string
	TamtruDossier string
	TamtruUntil   *time.Time
	Source        string
	CreatedAt     time.Time
}

// Tamtru is the resident's tạm trú as the rules read it.
func (r Resident) Tamtru() Tamtru {
	t := Tamtru{ResidenceType: r.ResidenceType, Status: r.TamtruStatus, MoveIn: r.MoveIn}
	if r.TamtruUntil != nil {
		t.Until = *r.TamtruUntil
	}
	return t
}

// Active says whether the residence has not ended.
func (r Resident) Active() bool { return r.MoveOut == nil }

// RegisterInput is a person to register into a unit.
type RegisterInput struct {
	SiteID        int64
	UnitID        int64
	Identity      iddoc.Identity
	Relation      string
	ResidenceType string
	MoveIn        string // YYYY-MM-DD
	Source        string
	UserID        int64
}

func oneOf(v string, list []string) bool {
	for _, x := range list {
		if v == x {
			return true
		}
	}
	return false
}

// parseDate reads YYYY-MM-DD (or dd/mm/yyyy) as a date at midnight UTC.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "02/01/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// checkResidence checks the fields of a residence besides the identity.
func checkResidence(bad store.Invalid, relation, residenceType, moveIn string, today time.Time) time.Time {
	if !oneOf(relation, Relations) {
		bad["relation"] = "validation.choice"
	}
	if !oneOf(residenceType, ResidenceTypes) {
		bad["residence_type"] = "validation.choice"
	}
	d, ok := parseDate(moveIn)
	switch {
	case strings.TrimSpace(moveIn) == "":
		bad["move_in"] = "validation.required"
	case !ok:
		bad["move_in"] = "iddoc.date_invalid"
	case d.After(today.AddDate(0, 0, 31)):
		bad["move_in"] = "apt.date_too_far"
	case d.Before(today.AddDate(-100, 0, 0)):
		bad["move_in"] = "iddoc.date_invalid"
	}
	return d
}

// checkIdentityText limits the free text of an identity.
func checkIdentityText(bad store.Invalid, id iddoc.Identity) {
	if utf8.RuneCountInString(id.FullName) > 200 {
		bad["full_name"] = "validation.too_long"
	}
	if utf8.RuneCountInString(id.Address) > 500 {
		bad["address"] = "validation.too_long"
	}
	if len(id.OldNumber) > 20 {
		bad["old_number"] = "validation.too_long"
	}
}

// uniqueActive is the index that keeps one active residence per person.
const uniqueActive = "apt_residents_one_active"

const residentColumns = `r.id, r.tenant_id, r.site_id, r.unit_id, u.code AS unit_code, r.previous_id, r.doc_type, r.doc_number,
	r.old_number, r.full_name, r.birth_date, r.sex, r.nationality, r.address, r.relation, r.residence_type, r.move_in, r.move_out,
	r.move_out_reason, r.tamtru_status, r.tamtru_dossier, r.tamtru_until, r.source, r.created_at`

// GetResident loads a residence of the tenant.
func GetResident(tx *gorm.DB, tenantID, id int64) (Resident, error) {
	var r Resident
	err := tx.Raw(`SELECT `+residentColumns+` FROM apt_residents r JOIN apt_units u ON u.tenant_id = r.tenant_id AND u.id = r.unit_id
		WHERE r.tenant_id = ? AND r.id = ?`, tenantID, id).Scan(&r).Error
	if err != nil {
		return r, fmt.Errorf("apartment: resident %d: %w", id, err)
	}
	if r.ID == 0 {
		return r, store.ErrNotFound
	}
	return r, nil
}

// Register stores a new residence. A person who already lives in one of
// the tenant's units is refused on the document number; nothing is kept
// half-way.
func Register(tx *gorm.DB, tenantID int64, in RegisterInput, now time.Time) (Resident, error) {
	today := Day(now)
	bad := store.Invalid{}
	checkIdentityText(bad, in.Identity)
	moveIn := checkResidence(bad, in.Relation, in.ResidenceType, in.MoveIn, today)
	if in.UnitID == 0 {
		bad["unit"] = "validation.required"
	}
	if len(bad) > 0 {
		return Resident{}, bad
	}
	id := in.Identity
	tx.SavePoint("register")
	var rid int64
	err := tx.Raw(`INSERT INTO apt_residents (tenant_id, site_id, unit_id, doc_type, doc_number, old_number, full_name, name_fold,
			birth_date, sex, nationality, address, relation, residence_type, move_in, tamtru_status, source, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		tenantID, in.SiteID, in.UnitID, id.DocType, id.Number, id.OldNumber, id.FullName, iddoc.Fold(id.FullName),
		id.BirthDate.Format("2006-01-02"), id.Sex, id.Nationality, id.Address, in.Relation, in.ResidenceType,
		moveIn.Format("2006-01-02"), InitialStatus(in.ResidenceType), in.Source, nullID(in.UserID)).Scan(&rid).Error
	if err != nil {
		tx.RollbackTo("register")
		if c, dup := store.IsUniqueViolation(err); dup && c == uniqueActive {
			return Resident{}, store.Invalid{"document_number": "apt.already_resident"}
		}
		return Resident{}, fmt.Errorf("apartment: register resident: %w", err)
	}
	r, err := GetResident(tx, tenantID, rid)
	if err != nil {
		return r, err
	}
	if err := addEvent(tx, r, "register", r.UnitCode, in.UserID); err != nil {
		return r, err
	}
	if err := countIn(tx, r, now, +1); err != nil {
		return r, err
	}
	return r, saveIdentity(tx, r, now)
}

// countIn moves the province's stock figures as a residence starts (+1) or ends (-1).
func countIn(tx *gorm.DB, r Resident, now time.Time, sign float64) error {
	if err := figures.Add(tx, IndResidents, r.TenantID, r.SiteID, now, sign, 0); err != nil {
		return err
	}
	if r.ResidenceType != "permanent" && r.TamtruStatus == TamtruDue {
		return figures.Add(tx, IndBacklog, r.TenantID, r.SiteID, now, sign, 0)
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func addEvent(tx *gorm.DB, r Resident, action, detail string, userID int64) error {
	if len(detail) > 1000 {
		detail = detail[:1000]
	}
	err := tx.Exec(`INSERT INTO apt_resident_events (tenant_id, site_id, resident_id, action, detail, changed_by) VALUES (?, ?, ?, ?, ?, ?)`,
		r.TenantID, r.SiteID, r.ID, action, detail, nullID(userID)).Error
	if err != nil {
		return fmt.Errorf("apartment: event %s of resident %d: %w", action, r.ID, err)
	}
	return nil
}

// ErrEnded is a residence that has already ended.
var ErrEnded = errors.New("apartment: the residence has ended")

// checkEnd checks a move-out or move date of r.
func checkEnd(bad store.Invalid, r Resident, date string, today time.Time) time.Time {
	d, ok := parseDate(date)
	switch {
	case strings.TrimSpace(date) == "":
		bad["date"] = "validation.required"
	case !ok:
		bad["date"] = "iddoc.date_invalid"
	case d.Before(r.MoveIn):
		bad["date"] = "apt.before_move_in"
	case d.After(today.AddDate(0, 0, 31)):
		bad["date"] = "apt.date_too_far"
	}
	return d
}

// MoveOut ends a residence on date for reason.
func MoveOut(tx *gorm.DB, tenantID, id int64, date, reason string, userID int64, now time.Time) (Resident, error) {
	r, err := GetResident(tx, tenantID, id)
	if err != nil {
		return r, err
	}
	if !r.Active() {
		return r, ErrEnded
	}
	bad := store.Invalid{}
	d := checkEnd(bad, r, date, Day(now))
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		bad["reason"] = "validation.required"
	case utf8.RuneCountInString(reason) > 500:
		bad["reason"] = "validation.too_long"
	}
	if len(bad) > 0 {
		return r, bad
	}
	if err := end(tx, r, d, reason, userID, now); err != nil {
		return r, err
	}
	return GetResident(tx, tenantID, id)
}

func end(tx *gorm.DB, r Resident, d time.Time, reason string, userID int64, now time.Time) error {
	res := tx.Exec(`UPDATE apt_residents SET move_out = ?, move_out_reason = ?, updated_at = now()
		WHERE tenant_id = ? AND id = ? AND move_out IS NULL`, d.Format("2006-01-02"), reason, r.TenantID, r.ID)
	if res.Error != nil {
		return fmt.Errorf("apartment: move out resident %d: %w", r.ID, res.Error)
	}
	if res.RowsAffected != 1 {
		return ErrEnded
	}
	if err := addEvent(tx, r, "move_out", reason, userID); err != nil {
		return err
	}
	return countIn(tx, r, now, -1)
}

// Move moves a resident to another unit of the same site on date, in one
// step: the residence ends and the next starts, linked, keeping the history.
func Move(tx *gorm.DB, tenantID, id, toUnitID int64, date string, userID int64, now time.Time) (Resident, error) {
	r, err := GetResident(tx, tenantID, id)
	if err != nil {
		return r, err
	}
	if !r.Active() {
		return r, ErrEnded
	}
	bad := store.Invalid{}
	d := checkEnd(bad, r, date, Day(now))
	to, uerr := GetUnit(tx, tenantID, toUnitID)
	switch {
	case errors.Is(uerr, errNoUnit) || (uerr == nil && to.SiteID != r.SiteID):
		bad["unit"] = "apt.unit_unknown"
	case uerr != nil:
		return r, uerr
	case to.ID == r.UnitID:
		bad["unit"] = "apt.same_unit"
	}
	if len(bad) > 0 {
		return r, bad
	}
	tx.SavePoint("move")
	fail := func(err error) (Resident, error) { tx.RollbackTo("move"); return r, err }
	if err := end(tx, r, d, "→ "+to.Code, userID, now); err != nil {
		return fail(err)
	}
	var nid int64
	err = tx.Raw(`INSERT INTO apt_residents (tenant_id, site_id, unit_id, previous_id, doc_type, doc_number, old_number, full_name,
			name_fold, birth_date, sex, nationality, address, relation, residence_type, move_in, tamtru_status, tamtru_dossier,
			tamtru_until, source, created_by)
		SELECT tenant_id, site_id, ?, id, doc_type, doc_number, old_number, full_name, name_fold, birth_date, sex, nationality,
			address, relation, residence_type, ?, tamtru_status, tamtru_dossier, tamtru_until, source, ?
		FROM apt_residents WHERE tenant_id = ? AND id = ? RETURNING id`,
		to.ID, d.Format("2006-01-02"), nullID(userID), tenantID, r.ID).Scan(&nid).Error
	if err != nil {
		return fail(fmt.Errorf("apartment: move resident %d: %w", r.ID, err))
	}
	n, err := GetResident(tx, tenantID, nid)
	if err != nil {
		return fail(err)
	}
	if err := addEvent(tx, n, "move", r.UnitCode+" → "+to.Code, userID); err != nil {
		return fail(err)
	}
	if err := countIn(tx, n, now, +1); err != nil {
		return fail(err)
	}
	return n, saveIdentity(tx, n, now)
}

// TamtruInput is a change of a resident's tạm trú record.
type TamtruInput struct {
	Status  string
	Dossier string
	Until   string
}

// SetTamtru records a resident's tạm trú: not needed, due, submitted with
// the dossier code, or registered until a date (at most 2 years ahead).
func SetTamtru(tx *gorm.DB, tenantID, id int64, in TamtruInput, userID int64, now time.Time) (Resident, error) {
	r, err := GetResident(tx, tenantID, id)
	if err != nil {
		return r, err
	}
	if !r.Active() {
		return r, ErrEnded
	}
	bad := store.Invalid{}
	in.Dossier = strings.TrimSpace(in.Dossier)
	var until any
	switch in.Status {
	case TamtruNotNeeded, TamtruDue:
		in.Dossier = ""
	case TamtruSubmitted:
		if in.Dossier == "" {
			bad["dossier"] = "validation.required"
		}
	case TamtruRegistered:
		d, ok := parseDate(in.Until)
		switch {
		case strings.TrimSpace(in.Until) == "":
			bad["until"] = "validation.required"
		case !ok:
			bad["until"] = "iddoc.date_invalid"
		default:
			if code := CheckUntil(d, Day(now)); code != "" {
				bad["until"] = code
			}
			until = d.Format("2006-01-02")
		}
	default:
		bad["status"] = "validation.choice"
	}
	if len(in.Dossier) > 50 {
		bad["dossier"] = "validation.too_long"
	}
	if len(bad) > 0 {
		return r, bad
	}
	if err := tx.Exec(`UPDATE apt_residents SET tamtru_status = ?, tamtru_dossier = ?, tamtru_until = ?, updated_at = now()
		WHERE tenant_id = ? AND id = ?`, in.Status, in.Dossier, until, tenantID, id).Error; err != nil {
		return r, fmt.Errorf("apartment: tạm trú of resident %d: %w", id, err)
	}
	wasDue, isDue := r.TamtruStatus == TamtruDue, in.Status == TamtruDue
	if r.ResidenceType != "permanent" && wasDue != isDue {
		sign := -1.0
		if isDue {
			sign = 1
		}
		if err := figures.Add(tx, IndBacklog, r.TenantID, r.SiteID, now, sign, 0); err != nil {
			return r, err
		}
	}
	detail := in.Status
	if in.Dossier != "" {
		detail += " " + in.Dossier
	}
	if s, ok := until.(string); ok {
		detail += " " + s
	}
	if err := addEvent(tx, r, "tamtru", detail, userID); err != nil {
		return r, err
	}
	return GetResident(tx, tenantID, id)
}
