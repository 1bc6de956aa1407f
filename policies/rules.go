package policies

import (
	"bufio"
	_ "embed"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

//go:embed seed.csv
var seedText string

// Rule is one Casbin policy row: its type (p, p2, g) and its values.
type Rule struct {
	ID    int64
	Ptype string
	V     []string
}

// String renders the rule as a line of Casbin's CSV format.
func (r Rule) String() string {
	return r.Ptype + ", " + strings.Join(r.V, ", ")
}

// ParseRules reads rules in Casbin's CSV format; # starts a comment.
func ParseRules(text string) ([]Rule, error) {
	var out []Rule
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, ",")
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		r := Rule{Ptype: fields[0], V: fields[1:]}
		if err := r.Validate(); err != nil {
			return nil, fmt.Errorf("policies: line %d: %w", n, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// arity is the number of values each policy type takes in model.conf.
var arity = map[string]int{"p": 3, "p2": 2, "g": 2}

// RuleError says what is wrong with a rule: Code is a message id
// (validation.policy_type, validation.policy_arity or validation.policy_value).
type RuleError struct {
	Code  string
	Ptype string
	Want  int
	Got   int
}

func (e *RuleError) Error() string {
	return fmt.Sprintf("policies: %s (type %q, want %d values, got %d)", e.Code, e.Ptype, e.Want, e.Got)
}

// Validate checks the rule's type and number of values, and that no value
// is empty, longer than 100 characters or holds a comma or line break.
func (r Rule) Validate() error {
	n, ok := arity[r.Ptype]
	if !ok {
		return &RuleError{Code: "validation.policy_type", Ptype: r.Ptype}
	}
	if len(r.V) != n {
		return &RuleError{Code: "validation.policy_arity", Ptype: r.Ptype, Want: n, Got: len(r.V)}
	}
	for _, v := range r.V {
		if v == "" || len(v) > 100 || strings.ContainsAny(v, ",\n\r") {
			return &RuleError{Code: "validation.policy_value", Ptype: r.Ptype, Want: n, Got: len(r.V)}
		}
	}
	return nil
}

// SeedRules are the default rows of seed.csv.
func SeedRules() []Rule {
	r, err := ParseRules(seedText)
	if err != nil {
		panic(err) // seed.csv is embedded; a test parses it
	}
	return r
}

func values(r Rule) []any {
	v := make([]any, 6)
	for i := range v {
		v[i] = ""
		if i < len(r.V) {
			v[i] = r.V[i]
		}
	}
	return v
}

// AddRule stores a rule unless it exists; it reports whether it was new.
func AddRule(tx *gorm.DB, r Rule) (bool, error) {
	if err := r.Validate(); err != nil {
		return false, err
	}
	res := tx.Exec(`INSERT INTO casbin_rule (ptype, v0, v1, v2, v3, v4, v5) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, append([]any{r.Ptype}, values(r)...)...)
	if res.Error != nil {
		return false, fmt.Errorf("policies: add rule %s: %w", r, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// RemoveRule deletes a rule; removing a missing rule is not an error.
func RemoveRule(tx *gorm.DB, r Rule) error {
	err := tx.Exec(`DELETE FROM casbin_rule WHERE ptype = ? AND v0 = ? AND v1 = ? AND v2 = ? AND v3 = ? AND v4 = ? AND v5 = ?`,
		append([]any{r.Ptype}, values(r)...)...).Error
	if err != nil {
		return fmt.Errorf("policies: remove rule %s: %w", r, err)
	}
	return nil
}

// ListRules returns the stored rules of one type ("" for all), ordered,
// one page at a time.
func ListRules(tx *gorm.DB, ptype string, limit, offset int) ([]Rule, int64, error) {
	q := tx.Table("casbin_rule")
	if ptype != "" {
		q = q.Where("ptype = ?", ptype)
	}
	var total int64
	if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("policies: count rules: %w", err)
	}
	var rows []struct {
		ID                            int64
		Ptype, V0, V1, V2, V3, V4, V5 string
	}
	if err := q.Order("ptype, v0, v1, v2").Limit(limit).Offset(offset).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("policies: list rules: %w", err)
	}
	out := make([]Rule, len(rows))
	for i, r := range rows {
		out[i] = Rule{ID: r.ID, Ptype: r.Ptype, V: []string{r.V0, r.V1, r.V2}[:arity[r.Ptype]]}
	}
	return out, total, nil
}

// RemoveRuleByID deletes the rule with the given id.
func RemoveRuleByID(tx *gorm.DB, id int64) (bool, error) {
	res := tx.Exec(`DELETE FROM casbin_rule WHERE id = ?`, id)
	if res.Error != nil {
		return false, fmt.Errorf("policies: remove rule %d: %w", id, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// ApplySeeds offers each rule once: a rule already offered before is left
// alone, so a default an admin deleted stays deleted.
func ApplySeeds(tx *gorm.DB, rules []Rule) (int, error) {
	added := 0
	for _, r := range rules {
		res := tx.Exec(`INSERT INTO policy_seeds (ptype, rule) VALUES (?, ?) ON CONFLICT DO NOTHING`,
			r.Ptype, strings.Join(r.V, ","))
		if res.Error != nil {
			return added, fmt.Errorf("policies: record seed %s: %w", r, res.Error)
		}
		if res.RowsAffected == 0 {
			continue
		}
		if _, err := AddRule(tx, r); err != nil {
			return added, err
		}
		added++
	}
	return added, nil
}
