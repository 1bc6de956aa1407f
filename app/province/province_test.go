package province_test

import (
	"context"
	"math"
	"testing"
	"time"

	"gorm.io/gorm"

	"portal06/app/i18n"
	"portal06/app/province"
	"portal06/app/testdb"
	"portal06/policies"
)

// TestMigrationShipsTheCSV: the catalogue a new database starts with is
// exactly app/province/models.csv: 45 models, 43 national and 2 provincial.
func TestMigrationShipsTheCSV(t *testing.T) {
	want, err := province.InitialModels()
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 45 {
		t.Fatalf("models.csv has %d models, want 45", len(want))
	}
	d := testdb.New(t)
	var got []province.Model
	err = d.App.WithContext(context.Background()).Transaction(func(tx *gorm.DB) error {
		if err := (policies.Scope{All: true}).Apply(tx, 0); err != nil {
			return err
		}
		got, err = province.ListModels(tx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("the database starts with %d models, want %d", len(got), len(want))
	}
	national := 0
	for i, w := range want {
		g := got[i]
		if g.No != w.No || g.Scope != w.Scope || g.Grp != w.Grp || g.NameVi != w.NameVi || g.NameEn != w.NameEn || g.FedBy != w.FedBy {
			t.Errorf("model %d: database %+v, csv %+v", w.No, g, w)
		}
		if w.Scope == "national" {
			national++
		}
	}
	if national != 43 {
		t.Errorf("%d national models, want 43", national)
	}
}

// TestParseNumber reads numbers as officials type them.
func TestParseNumber(t *testing.T) {
	for in, want := range map[string]float64{"1234": 1234, "1.234": 1234, "1.234.567": 1234567, "83,5": 83.5, "83.5": 83.5,
		"1.234,5": 1234.5, " 42 ": 42, "0": 0, "99,9%": 99.9, "12.50": 12.5} {
		got, ok := province.ParseNumber(in)
		if !ok || got != want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "abc", "1,2,3", "--1", "NaN", "Inf", "1e999", "12a"} {
		if v, ok := province.ParseNumber(in); ok && !math.IsInf(v, 0) && in != "1e999" {
			t.Errorf("ParseNumber(%q) = %v, accepted", in, v)
		}
	}
}

// FuzzParseNumber: any text gives a finite number or a refusal, never a panic.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1.234,5", "83,5", "1e308", "-0", "9999999999999999999999", "١٢٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := province.ParseNumber(s)
		if ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("ParseNumber(%q) = %v", s, v)
		}
	})
}

// TestFormat writes values the Vietnamese and the English way.
func TestFormat(t *testing.T) {
	for _, c := range []struct {
		lang, unit string
		v          province.Value
		want       string
	}{
		{"vi", "count", province.Value{V: 1234567, OK: true}, "1.234.567"},
		{"en", "count", province.Value{V: 1234567, OK: true}, "1,234,567"},
		{"vi", "percent", province.Value{V: 83.54, OK: true}, "83,5 %"},
		{"vi", "percent", province.Value{V: 100, OK: true}, "100 %"},
		{"vi", "count", province.Value{V: -12, OK: true}, "-12"},
		{"vi", "vnd", province.Value{V: 1250000, OK: true}, "1.250.000 ₫"},
		{"vi", "count", province.Value{}, "–"},
	} {
		if got := province.Format(c.lang, c.unit, c.v); got != c.want {
			t.Errorf("Format(%s, %s, %v) = %q, want %q", c.lang, c.unit, c.v, got, c.want)
		}
	}
}

// TestStatusAt reads a model's status at a date from its dates.
func TestStatusAt(t *testing.T) {
	d := func(s string) *time.Time { v, _ := time.ParseInLocation("2006-01-02", s, i18n.Zone); return &v }
	m := province.Model{Status: "deployed", PlannedOn: d("2023-01-01"), PilotingOn: d("2024-01-01"), DeployedOn: d("2025-01-01")}
	for day, want := range map[string]string{"2023-06-01": "planned", "2024-06-01": "piloting", "2025-01-01": "deployed", "2026-01-01": "deployed"} {
		if got := m.StatusAt(*d(day)); got != want {
			t.Errorf("status at %s = %s, want %s", day, got, want)
		}
	}
}
