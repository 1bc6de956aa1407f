package export

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestWriteEscapesFormulas(t *testing.T) {
	var buf bytes.Buffer
	err := Write(&buf, Sheet{Name: "Khách", Headers: []string{"Họ tên", "Số"}, Rows: [][]any{
		{"=HYPERLINK(\"http://x\")", 1}, {"+1+1", 2}, {"-2", 3}, {"@SUM(A1)", 4}, {"Nguyễn Văn An", 5},
	}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Khách")
	want := []string{"Họ tên", "'=HYPERLINK(\"http://x\")", "'+1+1", "'-2", "'@SUM(A1)", "Nguyễn Văn An"}
	for i, w := range want {
		if rows[i][0] != w {
			t.Errorf("row %d: %q, want %q", i+1, rows[i][0], w)
		}
	}
	if formula, _ := f.GetCellFormula("Khách", "A2"); formula != "" {
		t.Fatalf("A2 is a formula: %q", formula)
	}
	if rows[1][1] != "1" {
		t.Fatalf("numbers should stay numbers: %q", rows[1][1])
	}
}
