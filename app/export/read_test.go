package export

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

// TestReadTable: a workbook written by Write reads back (NFC, trimmed), a
// semicolon CSV with a byte-order mark reads as such, and anything else is
// ErrBadFile.
func TestReadTable(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, Sheet{Name: "Căn hộ", Headers: []string{"Tòa", "Mã"}, Rows: [][]any{{" A ", "A-0101"}, {"B", "B-0202"}}}); err != nil {
		t.Fatal(err)
	}
	rows, err := ReadTable(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"Tòa", "Mã"}, {"A", "A-0101"}, {"B", "B-0202"}}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("XLSX rows = %q, want %q", rows, want)
	}
	// decomposed "ò" (o + U+0300) comes back composed
	rows, err = ReadTable([]byte("\xef\xbb\xbfTo\u0300a;Ma\u0303\nA;A-0101\n;\n"))
	if err != nil {
		t.Fatal(err)
	}
	want = [][]string{{"Tòa", "Mã"}, {"A", "A-0101"}}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("CSV rows = %q, want %q", rows, want)
	}
	for _, bad := range [][]byte{nil, []byte("PK\x03\x04 not a zip"), []byte("a\x00b"), []byte("\xff\xfe bad UTF-8")} {
		if _, err := ReadTable(bad); !errors.Is(err, ErrBadFile) {
			t.Errorf("ReadTable(%q) = %v, want ErrBadFile", bad, err)
		}
	}
}

// FuzzReadTable: whatever is uploaded, reading it answers rows or
// ErrBadFile, and never panics.
func FuzzReadTable(f *testing.F) {
	f.Add([]byte("a,b\n1,2\n"))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("\"unterminated;x\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := ReadTable(b); err != nil && !errors.Is(err, ErrBadFile) {
			t.Fatalf("ReadTable(%q) = %v", b, err)
		}
	})
}
