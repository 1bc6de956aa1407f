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
