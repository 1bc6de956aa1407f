package i18n

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"testing"
	"time"
)

func TestDatesAreVietnamTime(t *testing.T) {
	b, err := NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	tr := b.For("vi")
	// 20:30 UTC on 27 Nov is 03:30 on 28 Nov in Hà Nội time.
	v := time.Date(2026, 11, 27, 20, 30, 0, 0, time.UTC)
	if got := tr.Date(v); got != "28/11/2026" {
		t.Fatalf("Date = %q", got)
	}
	if got := tr.DateTime(v); got != "28/11/2026 03:30" {
		t.Fatalf("DateTime = %q", got)
	}
	if tr.Date(time.Time{}) != "" {
		t.Fatal("zero time should render empty")
	}
}

func TestMoney(t *testing.T) {
	for in, want := range map[int64]string{0: "0 ₫", 999: "999 ₫", 1000: "1.000 ₫", 1250000: "1.250.000 ₫", -45000: "-45.000 ₫"} {
		if got := Money(in); got != want {
			t.Errorf("Money(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestLanguagesAndFallback(t *testing.T) {
	b, err := NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	if Normalize("fr") != "vi" || Normalize("en") != "en" || Normalize("") != "vi" {
		t.Fatal("Normalize must default to Vietnamese")
	}
	if got := b.For("vi").T("login.title"); got != "Đăng nhập" {
		t.Fatalf("vi login.title = %q", got)
	}
	if got := b.For("en").T("login.title"); got != "Sign in" {
		t.Fatalf("en login.title = %q", got)
	}
	if got := b.For("vi").T("no.such.id"); got != "no.such.id" {
		t.Fatalf("missing id renders %q", got)
	}
	if got := b.For("en").T("pager.position", "Page", 2, "Pages", 5, "Total", 120); got != "Page 2 of 5 · 120 items" {
		t.Fatalf("template data: %q", got)
	}
	for _, id := range b.IDs("vi") {
		if !b.Has("en", id) {
			t.Errorf("message %q has no English text", id)
		}
	}
	for _, id := range b.IDs("en") {
		if !b.Has("vi", id) {
			t.Errorf("message %q has no Vietnamese text", id)
		}
	}
}

// TestPlainMessagesAreKeptPerLanguage: a message without arguments is
// rendered once per language and then read back, each language its own;
// messages with arguments are rendered each time, and a missing message
// is reported every time it is asked for.
func TestPlainMessagesAreKeptPerLanguage(t *testing.T) {
	b, err := NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	b.OnMissing = func(lang, id string) { missing = append(missing, lang+":"+id) }
	vi, en := b.For("vi"), b.For("en")
	for range 3 {
		if got := vi.T("nav.search"); got != "Tra cứu nhân thân" {
			t.Errorf("vi nav.search = %q", got)
		}
		if got := en.T("nav.search"); got != "Person search" {
			t.Errorf("en nav.search = %q", got)
		}
		if got := b.For("vi").T("province.since", "Date", "01/02/2026"); got != "từ 01/02/2026" {
			t.Errorf("vi province.since = %q", got)
		}
		if got := en.T("province.since", "Date", "03/04/2026"); got != "since 03/04/2026" {
			t.Errorf("en province.since = %q", got)
		}
		if got := vi.T("no.such.message"); got != "no.such.message" {
			t.Errorf("a missing message renders as %q", got)
		}
		if got := en.T("no.such.message", "Name", "x"); got != "no.such.message" {
			t.Errorf("a missing message with arguments renders as %q", got)
		}
	}
	if len(missing) != 6 {
		t.Errorf("missing messages asked for 6 times were reported %d times: %v", len(missing), missing)
	}
}

// TestFilledMessagesMatchTheTemplates: every core message with arguments,
// in both languages, renders the same from its kept pattern as through
// go-i18n's template, for names and numbers, a second time (from the
// pattern), with an argument missing and with one more than it uses.
func TestFilledMessagesMatchTheTemplates(t *testing.T) {
	b, err := NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	placeholder := regexp.MustCompile(`\{\{\.(\w+)\}\}`)
	values := []any{"Nguyễn Văn An", 42, int64(-7), 3.5, "", "{{.X}} \x01 <b>&"}
	checked := 0
	for _, lang := range Languages {
		data, err := fs.ReadFile(coreFS, "locales/"+lang+".json")
		if err != nil {
			t.Fatal(err)
		}
		var msgs map[string]any
		if err := json.Unmarshal(data, &msgs); err != nil {
			t.Fatal(err)
		}
		tr := b.For(lang)
		for id, m := range msgs {
			text, ok := m.(string)
			if !ok {
				continue
			}
			names := map[string]bool{}
			for _, p := range placeholder.FindAllStringSubmatch(text, -1) {
				names[p[1]] = true
			}
			if len(names) == 0 {
				continue
			}
			for round := range 3 {
				var args []any
				i := round
				for n := range names {
					args = append(args, n, values[i%len(values)])
					i++
				}
				if round == 1 {
					args = args[:len(args)-2] // one missing
				}
				if round == 2 {
					args = append(args, "Unused", 1)
				}
				for range 2 {
					want, _ := tr.render(id, args)
					if got := tr.T(id, args...); got != want {
						t.Errorf("%s %s %v: %q, the template gives %q", lang, id, args, got, want)
					}
				}
				checked++
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d messages with arguments checked", checked)
	}
}
