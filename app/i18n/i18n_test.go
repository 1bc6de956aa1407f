package i18n

import (
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

// TestPlainMessagesKept checks that every message asked for without data
// reads the same from the bundle's store of rendered messages as rendered
// afresh, in both languages and for every id, that the two languages keep
// theirs apart, and that a message with data is rendered with it each time.
func TestPlainMessagesKept(t *testing.T) {
	b, err := NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"vi", "en"} {
		kept := b.For(lang)
		for id := range b.ids[lang] {
			fresh := &Translator{lang: lang, loc: kept.loc} // nothing kept
			want := fresh.T(id)
			for range 2 {
				if got := kept.T(id); got != want {
					t.Fatalf("%s %s: kept %q, rendered %q", lang, id, got, want)
				}
			}
		}
	}
	if vi, en := b.For("vi").T("pager.next"), b.For("en").T("pager.next"); vi == en {
		t.Fatalf("vi and en share %q", vi)
	}
	tr := b.For("vi")
	if p1, p2 := tr.T("pager.page", "Page", 1), tr.T("pager.page", "Page", 2); p1 != "Trang 1" || p2 != "Trang 2" {
		t.Fatalf("pages %q, %q", p1, p2)
	}
}
