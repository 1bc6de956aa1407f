package notary

import (
	"regexp"
	"testing"
	"time"
)

// FuzzDecide: whatever the evidence, the verdict is one of three, its
// reasons come from Reasons in their order, and a verdict is a match
// exactly when there is no reason.
func FuzzDecide(f *testing.F) {
	f.Add("022095001234", "Nguyễn Văn An", "NGUYEN VAN AN", int64(0), "M", "M", true, true, 0.9, true, false, true, 0.8, int64(3000))
	f.Add("", "", "x", int64(-400), "F", "", false, false, 1.5, false, true, false, 0.0, int64(-3))
	f.Fuzz(func(t *testing.T, number, qrName, chipName string, birthShift int64, qrSex, chipSex string, passive, chipAuth bool,
		face float64, liveness, manual, hasChip bool, threshold float64, expiryDays int64) {
		today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
		birth := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
		e := Evidence{QR: Person{Number: number, FullName: qrName, BirthDate: birth, Sex: qrSex}, Manual: manual, FaceMatch: &face,
			Liveness: liveness, Threshold: threshold, Today: today}
		if hasChip {
			e.Chip = &Chip{Person: Person{Number: number, FullName: chipName, BirthDate: birth.AddDate(0, 0, int(birthShift%100000)), Sex: chipSex},
				Expiry: today.AddDate(0, 0, int(expiryDays%100000)), PassiveAuth: passive, ChipAuth: chipAuth}
		}
		v, reasons := Decide(e)
		if !hasChip && !manual {
			if v != Unverified || reasons != nil {
				t.Fatalf("no chip: %s %v", v, reasons)
			}
			return
		}
		if (v == Match) != (len(reasons) == 0) || (v != Match && v != Mismatch) {
			t.Fatalf("verdict %s with reasons %v", v, reasons)
		}
		last := -1
		for _, r := range reasons {
			i := -1
			for j, known := range Reasons {
				if known == r {
					i = j
				}
			}
			if i <= last {
				t.Fatalf("reason %q unknown or out of order in %v", r, reasons)
			}
			last = i
		}
	})
}

var certificateDB = regexp.MustCompile(`^[A-ZĐ]{1,3} [0-9]{6,9}$`)

// FuzzActInput: normalising never panics, and what it accepts fits the
// table's own checks.
func FuzzActInput(f *testing.F) {
	f.Add("land_transfer", "12/2026", "cs123456", "215", "32")
	f.Add("will", " ", "CS 123456", "", "")
	f.Fuzz(func(t *testing.T, typ, number, cert, parcel, sheet string) {
		in := ActInput{SiteID: 1, ActType: typ, Number: number, LandCertificate: cert, Parcel: parcel, MapSheet: sheet}
		if bad := in.Normalize(); bad != nil {
			return
		}
		if in.LandCertificate != "" && !certificateDB.MatchString(in.LandCertificate) {
			t.Fatalf("accepted certificate %q", in.LandCertificate)
		}
		if (in.Parcel == "") != (in.MapSheet == "") || len(in.Parcel) > 6 || len(in.MapSheet) > 4 {
			t.Fatalf("accepted parcel %q sheet %q", in.Parcel, in.MapSheet)
		}
		if in.Number == "" || len([]rune(in.Number)) > 40 || !oneOf(in.ActType, ActTypes) {
			t.Fatalf("accepted act %+v", in)
		}
	})
}
