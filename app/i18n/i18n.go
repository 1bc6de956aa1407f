// Package i18n loads the go-i18n message files and formats values the
// Vietnamese way: dd/mm/yyyy in Asia/Ho_Chi_Minh, money in VND.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh without the machine's zoneinfo

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.json
var coreFS embed.FS

// Languages the portal speaks; the first is the default.
var Languages = []string{"vi", "en"}

// Zone is the time zone every date is shown in.
var Zone = mustZone("Asia/Ho_Chi_Minh")

func mustZone(name string) *time.Location {
	z, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return z
}

// Bundle holds the messages of the core and of every tenant kind.
type Bundle struct {
	b   *goi18n.Bundle
	ids map[string]map[string]bool // lang -> message ids
	// OnMissing, when set, hears of every message a page asked for and the
	// bundle lacks (tests set it; a missing message renders as its id).
	OnMissing func(lang, id string)
}

// NewBundle loads locales/<lang>.json from the core and from each extra FS.
func NewBundle(extra ...fs.FS) (*Bundle, error) {
	b := &Bundle{b: goi18n.NewBundle(language.Vietnamese), ids: map[string]map[string]bool{}}
	b.b.RegisterUnmarshalFunc("json", json.Unmarshal)
	for _, fsys := range append([]fs.FS{coreFS}, extra...) {
		for _, lang := range Languages {
			name := path.Join("locales", lang+".json")
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, fmt.Errorf("i18n: read %s: %w", name, err)
			}
			mf, err := b.b.ParseMessageFileBytes(data, name)
			if err != nil {
				return nil, fmt.Errorf("i18n: parse %s: %w", name, err)
			}
			if b.ids[lang] == nil {
				b.ids[lang] = map[string]bool{}
			}
			for _, m := range mf.Messages {
				if b.ids[lang][m.ID] {
					return nil, fmt.Errorf("i18n: message %q defined twice for %s", m.ID, lang)
				}
				b.ids[lang][m.ID] = true
			}
		}
	}
	return b, nil
}

// Has reports whether the message id exists in lang.
func (b *Bundle) Has(lang, id string) bool { return b.ids[lang][id] }

// IDs lists the message ids of lang.
func (b *Bundle) IDs(lang string) []string {
	out := make([]string, 0, len(b.ids[lang]))
	for id := range b.ids[lang] {
		out = append(out, id)
	}
	return out
}

// Normalize returns a supported language for a requested one, defaulting to Vietnamese.
func Normalize(lang string) string {
	for _, l := range Languages {
		if l == lang {
			return l
		}
	}
	return Languages[0]
}

// Translator renders messages and values in one language.
type Translator struct {
	lang    string
	loc     *goi18n.Localizer
	missing func(lang, id string)
}

// For returns the translator of lang (normalised).
func (b *Bundle) For(lang string) *Translator {
	lang = Normalize(lang)
	return &Translator{lang: lang, loc: goi18n.NewLocalizer(b.b, lang), missing: b.OnMissing}
}

// Lang is the translator's language code.
func (t *Translator) Lang() string { return t.lang }

// T renders message id; args are name, value pairs for its template.
// A missing message renders as its id, so the gap is visible and tested.
func (t *Translator) T(id string, args ...any) string {
	var data map[string]any
	if len(args) > 1 {
		data = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			data[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	s, err := t.loc.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil {
		if t.missing != nil {
			t.missing(t.lang, id)
		}
		return id
	}
	return s
}

// Date formats a time as dd/mm/yyyy in Asia/Ho_Chi_Minh.
func (t *Translator) Date(v time.Time) string {
	if v.IsZero() {
		return ""
	}
	return v.In(Zone).Format("02/01/2006")
}

// DateTime formats a time as dd/mm/yyyy HH:MM in Asia/Ho_Chi_Minh.
func (t *Translator) DateTime(v time.Time) string {
	if v.IsZero() {
		return ""
	}
	return v.In(Zone).Format("02/01/2006 15:04")
}

// Money formats whole đồng the Vietnamese way: 1.250.000 ₫.
func Money(vnd int64) string {
	neg := vnd < 0
	if neg {
		vnd = -vnd
	}
	s := strconv.FormatInt(vnd, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	out := b.String() + " ₫"
	if neg {
		out = "-" + out
	}
	return out
}
