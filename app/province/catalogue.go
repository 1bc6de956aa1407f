package province

import (
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"portal06/app/store"
)

// Model is one Project 06 pilot model of the catalogue.
type Model struct {
	No          int
	Scope       string // national or provincial
	Grp         string
	NameVi      string
	NameEn      string
	LeadAgency  string
	Status      string // planned, piloting or deployed
	PlannedOn   *time.Time
	PilotingOn  *time.Time
	DeployedOn  *time.Time
	Description string
	FedBy       string // the tenant kind whose live data feeds it, or ""
	UpdatedAt   time.Time
}

// Name is the model's name in lang.
func (m Model) Name(lang string) string {
	if lang == "en" {
		return m.NameEn
	}
	return m.NameVi
}

// Since is the date the model reached its status.
func (m Model) Since() *time.Time {
	switch m.Status {
	case "deployed":
		return m.DeployedOn
	case "piloting":
		return m.PilotingOn
	}
	return m.PlannedOn
}

// StatusAt is the model's status at the end of day t, read from its dates;
// a model with no dates keeps its current status.
func (m Model) StatusAt(t time.Time) string {
	if m.PlannedOn == nil && m.PilotingOn == nil && m.DeployedOn == nil {
		return m.Status
	}
	switch {
	case m.DeployedOn != nil && !m.DeployedOn.After(t) && m.Status == "deployed":
		return "deployed"
	case m.PilotingOn != nil && !m.PilotingOn.After(t) && m.Status != "planned":
		return "piloting"
	}
	return "planned"
}

const modelCols = `no, scope, grp, name_vi, name_en, lead_agency, status, planned_on, piloting_on, deployed_on, description, fed_by, updated_at`

// ListModels returns the whole catalogue in order of number.
func ListModels(tx *gorm.DB) ([]Model, error) {
	var out []Model
	if err := tx.Raw(`SELECT ` + modelCols + ` FROM pilot_models ORDER BY no LIMIT 1000`).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("province: list models: %w", err)
	}
	return out, nil
}

// GetModel returns model no; ok is false when there is none.
func GetModel(tx *gorm.DB, no int) (Model, bool, error) {
	var out []Model
	if err := tx.Raw(`SELECT `+modelCols+` FROM pilot_models WHERE no = ?`, no).Scan(&out).Error; err != nil {
		return Model{}, false, fmt.Errorf("province: get model %d: %w", no, err)
	}
	if len(out) == 0 {
		return Model{}, false, nil
	}
	return out[0], true, nil
}

// ModelInput is what the admin edits of a model.
type ModelInput struct {
	NameVi, NameEn, LeadAgency, Status, Description string
	PlannedOn, PilotingOn, DeployedOn               string // YYYY-MM-DD or empty
}

// Validate checks the input; the errors name the fields.
func (in ModelInput) Validate() (store.Invalid, map[string]*time.Time) {
	bad := store.Invalid{}
	need := func(name, v string, max int) {
		switch {
		case v == "":
			bad[name] = "validation.required"
		case len([]rune(v)) > max:
			bad[name] = "validation.too_long"
		}
	}
	need("name_vi", in.NameVi, 300)
	need("name_en", in.NameEn, 300)
	if len([]rune(in.LeadAgency)) > 200 {
		bad["lead_agency"] = "validation.too_long"
	}
	if len([]rune(in.Description)) > 2000 {
		bad["description"] = "validation.too_long"
	}
	switch in.Status {
	case "planned", "piloting", "deployed":
	default:
		bad["status"] = "validation.choice"
	}
	dates := map[string]*time.Time{}
	for name, v := range map[string]string{"planned_on": in.PlannedOn, "piloting_on": in.PilotingOn, "deployed_on": in.DeployedOn} {
		if v == "" {
			dates[name] = nil
			continue
		}
		d, err := time.Parse("2006-01-02", v)
		if err != nil || d.Year() < 2000 || d.Year() > 2100 {
			bad[name] = "validation.province_date"
			continue
		}
		dates[name] = &d
	}
	if _, ok := bad["status"]; !ok {
		if f := in.Status + "_on"; dates[f] == nil {
			if _, already := bad[f]; !already {
				bad[f] = "validation.province_status_date"
			}
		}
	}
	return bad, dates
}

// SaveModel writes the admin's changes of model no and keeps one history
// row per changed field, with who and when.
func SaveModel(tx *gorm.DB, no int, in ModelInput, userID int64) error {
	bad, dates := in.Validate()
	if len(bad) > 0 {
		return bad
	}
	old, ok, err := GetModel(tx, no)
	if err != nil {
		return err
	}
	if !ok {
		return store.ErrNotFound
	}
	day := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format("2006-01-02")
	}
	changes := [][3]string{
		{"name_vi", old.NameVi, in.NameVi}, {"name_en", old.NameEn, in.NameEn},
		{"lead_agency", old.LeadAgency, in.LeadAgency}, {"status", old.Status, in.Status},
		{"description", old.Description, in.Description},
		{"planned_on", day(old.PlannedOn), day(dates["planned_on"])},
		{"piloting_on", day(old.PilotingOn), day(dates["piloting_on"])},
		{"deployed_on", day(old.DeployedOn), day(dates["deployed_on"])},
	}
	changed := false
	for _, ch := range changes {
		if ch[1] == ch[2] {
			continue
		}
		changed = true
		if err := tx.Exec(`INSERT INTO pilot_model_changes (model_no, field, old_value, new_value, changed_by) VALUES (?, ?, ?, ?, ?)`,
			no, ch[0], ch[1], ch[2], userID).Error; err != nil {
			return fmt.Errorf("province: record change of model %d: %w", no, err)
		}
	}
	if !changed {
		return nil
	}
	err = tx.Exec(`UPDATE pilot_models SET name_vi = ?, name_en = ?, lead_agency = ?, status = ?, description = ?,
			planned_on = ?, piloting_on = ?, deployed_on = ?, updated_by = ?, updated_at = now() WHERE no = ?`,
		in.NameVi, in.NameEn, in.LeadAgency, in.Status, in.Description, dates["planned_on"], dates["piloting_on"], dates["deployed_on"],
		userID, no).Error
	if err != nil {
		return fmt.Errorf("province: save model %d: %w", no, err)
	}
	return nil
}

// ModelChange is one change of the catalogue.
type ModelChange struct {
	Field, OldValue, NewValue, Username string
	ChangedAt                           time.Time
}

// ModelChanges lists the latest changes of model no, newest first.
func ModelChanges(tx *gorm.DB, no, limit int) ([]ModelChange, error) {
	var out []ModelChange
	err := tx.Raw(`SELECT c.field, c.old_value, c.new_value, coalesce(u.username, '') AS username, c.changed_at
		FROM pilot_model_changes c LEFT JOIN users u ON u.id = c.changed_by
		WHERE c.model_no = ? ORDER BY c.id DESC LIMIT ?`, no, limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("province: changes of model %d: %w", no, err)
	}
	return out, nil
}

func parseNo(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1 && n <= 999
}

func day(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("2006-01-02")
}
