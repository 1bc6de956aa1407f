package notary

import (
	"fmt"
	"time"

	"gorm.io/gorm"

	"portal06/app/demo"
	"portal06/app/iddoc"
	"portal06/policies"
)

// DemoToken is the API token of the Hạ Long office's chip-reader software.
const DemoToken = "demo-token-cong-chung-ha-long"

type demoOffice struct{ tenant, slug, name, tax, area, address string }

// the three offices the core's demo lacks, so the province has five
var moreOffices = []demoOffice{
	{"cong-chung-cam-pha", "cc-cam-pha", "Văn phòng công chứng Cẩm Phả", "5715678901", "06799", "Số 120 đường Trần Phú, phường Cẩm Phả"},
	{"cong-chung-mong-cai", "cc-mong-cai", "Văn phòng công chứng Móng Cái", "5716789012", "06868", "Số 15 đường Hùng Vương, phường Móng Cái 1"},
	{"cong-chung-uong-bi", "cc-uong-bi", "Văn phòng công chứng Uông Bí", "5717890123", "07072", "Số 48 đường Quang Trung, phường Uông Bí"},
}

var demoNames = []struct {
	name string
	sex  string
}{
	{"Nguyễn Đức Hùng", "M"}, {"Trần Thị Mai", "F"}, {"Lê Minh Dũng", "M"}, {"Phạm Thị Lan", "F"}, {"Hoàng Quốc Tuấn", "M"},
	{"Vũ Thị Hạnh", "F"}, {"Đặng Hữu Long", "M"}, {"Bùi Thị Thu", "F"}, {"Đỗ Mạnh Thắng", "M"}, {"Ngô Thị Hương", "F"},
	{"Dương Quang Minh", "M"}, {"Lý Thị Ngọc", "F"}, {"Trịnh Xuân Quang", "M"}, {"Đinh Thị Yến", "F"}, {"Mai Thành Sơn", "M"},
}

// demoPerson is a synthetic CCCD holder born in Quảng Ninh (province code 022).
func demoPerson(i int) iddoc.Identity {
	n := demoNames[i%len(demoNames)]
	year := 1960 + (i*7)%40
	g := 0
	if n.sex == "F" {
		g = 1
	}
	return iddoc.Identity{DocType: iddoc.TypeCCCD, Number: fmt.Sprintf("022%d%02d%06d", g, year%100, 310000+i*37),
		FullName: n.name, BirthDate: time.Date(year, time.Month(1+i%12), 1+(i*3)%28, 0, 0, 0, 0, time.UTC), Sex: n.sex,
		Nationality: "VNM", Address: "Quảng Ninh"}
}

// SeedDemo adds three offices (five in all), the Hạ Long office's reader
// token and notary, and a few weeks of acts and checks: among them one
// impersonation (a mismatch with an identity conflict) and one plot sold
// twice, which raise signals for the police.
func (k *Kind) SeedDemo(tx *gorm.DB) error {
	for _, o := range moreOffices {
		if _, err := demo.AddTenant(tx, "notary", o.tenant, o.name, o.tax, k.SiteKinds(), []string{"notary"},
			demo.Site{Slug: o.slug, Name: o.name, Kind: "notary_office", Area: o.area, Address: o.address}); err != nil {
			return err
		}
	}
	if err := demo.AddToken(tx, "cong-chung-ha-long", "Phần mềm đầu đọc chip", DemoToken); err != nil {
		return err
	}
	if err := demo.AddAccount(tx, demo.Account{Username: "ccv-halong", FullName: "Phạm Thu Hà", Role: "notary", Tenant: "cong-chung-ha-long"}); err != nil {
		return err
	}
	var staff int64
	if err := tx.Raw(`SELECT id FROM users WHERE username = 'congchung'`).Scan(&staff).Error; err != nil {
		return fmt.Errorf("notary demo: staff account: %w", err)
	}
	offices := [][2]string{{"cong-chung-ha-long", "cc-ha-long"}, {"cong-chung-bai-chay", "cc-bai-chay"}, {"cong-chung-cam-pha", "cc-cam-pha"},
		{"cong-chung-mong-cai", "cc-mong-cai"}, {"cong-chung-uong-bi", "cc-uong-bi"}}
	now := k.Host.Now()
	person := 0
	seed := func(office [2]string, daysAgo int, in ActInput, roles []string, people []iddoc.Identity, checks []CheckInput) error {
		tenantID, siteID, err := demo.SiteID(tx, office[0], office[1])
		if err != nil {
			return err
		}
		at := now.Add(-time.Duration(daysAgo)*24*time.Hour - 2*time.Hour)
		in.SiteID, in.At = siteID, at
		user := int64(0)
		if office[0] == "cong-chung-ha-long" {
			user = staff
		}
		id, err := CreateAct(tx, tenantID, user, in)
		if err != nil {
			return fmt.Errorf("notary demo: act %s: %w", in.Number, err)
		}
		a, err := GetAct(tx, policies.Scope{All: true}, tenantID, id)
		if err != nil {
			return err
		}
		for i, role := range roles {
			pid, err := AddParty(tx, tenantID, a, user, role, people[i], at)
			if err != nil {
				return fmt.Errorf("notary demo: party of %s: %w", in.Number, err)
			}
			p, err := GetParty(tx, tenantID, a.ID, pid)
			if err != nil {
				return err
			}
			ch := checks[i]
			ch.At = at.Add(time.Duration(5+i) * time.Minute)
			if _, err := SaveCheck(tx, tenantID, a, p, user, ch); err != nil {
				return fmt.Errorf("notary demo: check of %s: %w", in.Number, err)
			}
		}
		if daysAgo > 0 {
			return CompleteAct(tx, policies.Scope{All: true}, tenantID, a.ID, user, "", at.Add(40*time.Minute))
		}
		return nil
	}
	good := func(p iddoc.Identity, face float64) CheckInput {
		return CheckInput{Chip: &Chip{Person: Person{Number: p.Number, FullName: p.FullName, BirthDate: p.BirthDate, Sex: p.Sex},
			Expiry: now.AddDate(8, 0, 0), PassiveAuth: true, ChipAuth: true}, FaceMatch: &face, Liveness: true, Source: "api"}
	}
	types := []string{"land_transfer", "authorisation", "house_sale", "land_mortgage", "will", "house_gift"}
	roles := map[string][]string{"land_transfer": {"seller", "buyer"}, "authorisation": {"authoriser", "authorised"},
		"house_sale": {"seller", "buyer"}, "land_mortgage": {"mortgagor", "mortgagee"}, "will": {"testator"}, "house_gift": {"donor", "donee"}}
	// a few weeks of ordinary acts at every office, every party a match
	for day := 24; day >= 1; day -= 3 {
		for oi, o := range offices {
			typ := types[(day+oi)%len(types)]
			in := ActInput{ActType: typ, Number: fmt.Sprintf("%d/2026/CCGD-%s", 1000+day*10+oi, office4(o[1]))}
			if PropertyActs[typ] {
				in.LandCertificate = fmt.Sprintf("C%c %06d", 'K'+rune(oi), 400000+day*13+oi)
				in.Parcel, in.MapSheet = fmt.Sprintf("%d", 100+day*3+oi), fmt.Sprintf("%d", 10+oi)
			}
			var ppl []iddoc.Identity
			var chk []CheckInput
			for range roles[typ] {
				p := demoPerson(person)
				person++
				ppl = append(ppl, p)
				chk = append(chk, good(p, 0.86+float64(person%10)/100))
			}
			if err := seed(o, day, in, roles[typ], ppl, chk); err != nil {
				return err
			}
		}
	}
	// the double sale: the plot CS 123456 (parcel 215, map sheet 32) sold at
	// Bãi Cháy five weeks ago, then again at Hạ Long today
	seller := iddoc.Identity{DocType: iddoc.TypeCCCD, Number: "022078004512", FullName: "Trần Đình Khải", BirthDate: time.Date(1978, 6, 12, 0, 0, 0, 0, time.UTC),
		Sex: "M", Nationality: "VNM", Address: "Tổ 3, khu 2, phường Hạ Long, Quảng Ninh"}
	buyer1, buyer2 := demoPerson(person), demoPerson(person+1)
	person += 2
	if err := seed(offices[1], 35, ActInput{ActType: "land_transfer", Number: "512/2026/CCGD-BC", LandCertificate: "CS 123456", Parcel: "215", MapSheet: "32"},
		[]string{"seller", "buyer"}, []iddoc.Identity{seller, buyer1}, []CheckInput{good(seller, 0.91), good(buyer1, 0.9)}); err != nil {
		return err
	}
	if err := seed(offices[0], 0, ActInput{ActType: "land_transfer", Number: "731/2026/CCGD-HL", LandCertificate: "CS 123456", Parcel: "215", MapSheet: "32"},
		[]string{"seller", "buyer"}, []iddoc.Identity{seller, buyer2}, []CheckInput{good(seller, 0.9), good(buyer2, 0.88)}); err != nil {
		return err
	}
	// the impersonation: Lê Thị Hoa sold a house at Bãi Cháy; at Hạ Long a
	// woman who resembles her shows a forged card with her number
	hoa := iddoc.Identity{DocType: iddoc.TypeCCCD, Number: "022185006789", FullName: "Lê Thị Hoa", BirthDate: time.Date(1985, 9, 20, 0, 0, 0, 0, time.UTC),
		Sex: "F", Nationality: "VNM", Address: "Phường Bãi Cháy, Quảng Ninh"}
	fake := hoa
	fake.FullName, fake.BirthDate = "Lê Thị Hòa", time.Date(1986, 9, 20, 0, 0, 0, 0, time.UTC)
	if err := seed(offices[1], 18, ActInput{ActType: "house_sale", Number: "530/2026/CCGD-BC", LandCertificate: "CT 778899", Parcel: "88", MapSheet: "14"},
		[]string{"seller", "buyer"}, []iddoc.Identity{hoa, demoPerson(person)}, []CheckInput{good(hoa, 0.93), good(demoPerson(person), 0.9)}); err != nil {
		return err
	}
	person++
	face := 0.61
	forged := CheckInput{Chip: &Chip{Person: Person{Number: "022186004321", FullName: "Lê Thị Hòa", BirthDate: fake.BirthDate, Sex: "F"},
		Expiry: now.AddDate(5, 0, 0), PassiveAuth: false, ChipAuth: true}, FaceMatch: &face, Liveness: true, Source: "api"}
	if err := seed(offices[0], 0, ActInput{ActType: "authorisation", Number: "735/2026/CCGD-HL"}, []string{"authoriser", "authorised"},
		[]iddoc.Identity{fake, demoPerson(person)}, []CheckInput{forged, good(demoPerson(person), 0.89)}); err != nil {
		return err
	}
	return nil
}

func office4(slug string) string {
	switch slug {
	case "cc-ha-long":
		return "HL"
	case "cc-bai-chay":
		return "BC"
	case "cc-cam-pha":
		return "CP"
	case "cc-mong-cai":
		return "MC"
	}
	return "UB"
}

// DemoLines are printed when the demo starts.
func (*Kind) DemoLines() []string {
	return []string{
		"Notary: API token " + DemoToken + " (cong-chung-ha-long, site cc-ha-long): POST /api/v1/identity-checks",
		"Notary: staff congchung and notary ccv-halong (may override) at /t/cong-chung-ha-long/acts; police signals at /police/notary/signals",
	}
}
