package tips_test

import (
	"regexp"
	"testing"

	"portal06/app/i18n"
	"portal06/app/tips"
)

// TestIndicators: every indicator has a code figure_days accepts, model 30
// and a name and unit in both languages.
func TestIndicators(t *testing.T) {
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	code := regexp.MustCompile(`^[a-z0-9_.]{1,64}$`)
	seen := map[string]bool{}
	for _, ind := range tips.Indicators() {
		if !code.MatchString(ind.Code) || seen[ind.Code] || ind.Model != tips.Model {
			t.Errorf("indicator %+v", ind)
		}
		seen[ind.Code] = true
		for _, lang := range i18n.Languages {
			if !b.Has(lang, ind.Label) {
				t.Errorf("%s: no %s message %s", ind.Code, lang, ind.Label)
			}
			// the province's pages and report name the unit
			if !b.Has(lang, "province.unit_"+ind.Unit) {
				t.Errorf("%s: no %s message for its unit %s", ind.Code, lang, ind.Unit)
			}
		}
	}
}
