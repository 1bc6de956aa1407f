package market

import (
	"portal06/app/export"
	"strings"
	"testing"
	"time"
)

func TestParseMoney(t *testing.T) {
	for in, want := range map[string]int64{"1.500.000": 1500000, "1,500,000": 1500000, "1500000.00": 1500000, "1 500 000 VND": 1500000,
		"200000": 200000, "-11000": -11000, "250.000 đ": 250000} {
		if got, ok := parseMoney(in); !ok || got != want {
			t.Errorf("parseMoney(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "abc", "1.2.3x"} {
		if _, ok := parseMoney(in); ok {
			t.Errorf("parseMoney(%q) accepted", in)
		}
	}
}

func TestBillCodeIn(t *testing.T) {
	code := BillCode(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), 123)
	if code != "PHI2611S0000123" {
		t.Fatalf("BillCode = %s", code)
	}
	for note, want := range map[string]string{
		"CK phi cho PHI2611S0000123 NGUYEN VAN A": code,
		"phi2611s0000123":                         code,
		"PHI-2611 S000 0123 thanh toan":           code,
		"PHI2611S000012":                          "",
		"chuyen tien an trua":                     "",
	} {
		if got := billCodeIn(note); got != want {
			t.Errorf("billCodeIn(%q) = %q, want %q", note, got, want)
		}
	}
}

func TestParseStatementFindsTheHeader(t *testing.T) {
	rows, err := export.ReadTable([]byte("\xef\xbb\xbfSAO KE\nTai khoan;0141000123456\nNgày giao dịch;Nội dung;Số tiền ghi có;Số tham chiếu\n05/11/2026;PHI2611S0000001;300.000;FT1\n05/11/2026;rut tien;-50.000;FT2\n"))
	if err != nil {
		t.Fatal(err)
	}
	lines, err := ParseStatement(rows)
	if err != nil || len(lines) != 1 || lines[0].Amount != 300000 || lines[0].Ref != "FT1" || lines[0].Row != 4 || lines[0].Date == nil {
		t.Fatalf("%+v %v", lines, err)
	}
	if _, err := ParseStatement([][]string{{"a", "b"}, {"1", "2"}}); err == nil {
		t.Fatal("a sheet without amount and note columns was read")
	}
}

func TestFold(t *testing.T) {
	if got := fold("  Số Tài_Khoản  Đồng "); got != "so tai khoan dong" {
		t.Fatalf("fold = %q", got)
	}
}

// FuzzStatement: no file a bank or a prankster uploads panics the reader.
func FuzzStatement(f *testing.F) {
	f.Add([]byte("Ngày;Nội dung;Số tiền\n01/11/2026;PHI2611S0000001;100000\n"))
	f.Add([]byte("PK\x03\x04junk"))
	f.Add([]byte("a,\"b\nc"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := export.ReadTable(b)
		if err != nil {
			return
		}
		lines, _ := ParseStatement(rows)
		for _, l := range lines {
			_ = billCodeIn(l.Note)
			_ = l.fingerprint(1)
		}
	})
}

// FuzzStallSheet: no sheet panics the stall import's checks.
func FuzzStallSheet(f *testing.F) {
	f.Add("Mã quầy,Khu,Ngành hàng,Chủ quầy,Điện thoại,CCCD,Ngân hàng,Số tài khoản\nA-1,Khu A,produce,Lê Thị Hoa,0912345678,022195001234,970436,0011\n")
	f.Add("Mã quầy,Khu\n,,,,\n")
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := export.ReadTable([]byte(s))
		if err != nil {
			return
		}
		ins, errs := ParseStallSheet(rows, map[string]int64{"cho a": 1}, 1, map[string]string{"produce": "produce"})
		if len(errs) == 0 {
			for _, in := range ins {
				if strings.TrimSpace(in.Code) == "" || in.SiteID != 1 {
					t.Fatalf("accepted %+v", in)
				}
			}
		}
	})
}
