// Package demo loads the demo data: fictional businesses in real Quảng Ninh
// places, the province's police units and one account per role.
package demo

import (
	"fmt"
	"slices"

	"gorm.io/gorm"

	"portal06/app/apitoken"
	"portal06/app/auth"
	"portal06/app/store"
	"portal06/policies"
)

// Password is the password of every demo account.
const Password = "demo06"

// APIToken is the demo API token of the tenant vinh-xanh.
const APIToken = "demo-token-vinh-xanh"

// area is a demo administrative area. The codes follow the national 5-digit
// format for wards and communes under Quảng Ninh's code 22.
type area struct{ code, name, kind string }

var areas = []area{
	{"22", "Tỉnh Quảng Ninh", "province"},
	{"06703", "Phường Bãi Cháy", "ward"},
	{"06658", "Phường Hồng Gai", "ward"},
	{"06661", "Phường Hạ Long", "ward"},
	{"06706", "Phường Tuần Châu", "ward"},
	{"07093", "Phường Mạo Khê", "ward"},
	{"06799", "Phường Cẩm Phả", "ward"},
	{"06868", "Phường Móng Cái 1", "ward"},
	{"07072", "Phường Uông Bí", "ward"},
	{"07129", "Phường Quảng Yên", "ward"},
	{"07192", "Đặc khu Vân Đồn", "special_zone"},
	{"07171", "Đặc khu Cô Tô", "special_zone"},
	{"07000", "Xã Tiên Yên", "commune"},
}

type unit struct{ code, name, kind, parent, area string }

var units = []unit{
	{"CAT-QN", "Công an tỉnh Quảng Ninh", "province_police", "", "22"},
	{"PC06", "Phòng Cảnh sát QLHC về TTXH (PC06)", "pc06", "CAT-QN", "22"},
	{"CA-BAICHAY", "Công an phường Bãi Cháy", "local_police", "CAT-QN", "06703"},
	{"CA-HONGGAI", "Công an phường Hồng Gai", "local_police", "CAT-QN", "06658"},
	{"CA-HALONG", "Công an phường Hạ Long", "local_police", "CAT-QN", "06661"},
	{"CA-TUANCHAU", "Công an phường Tuần Châu", "local_police", "CAT-QN", "06706"},
	{"CA-MAOKHE", "Công an phường Mạo Khê", "local_police", "CAT-QN", "07093"},
	{"CA-CAMPHA", "Công an phường Cẩm Phả", "local_police", "CAT-QN", "06799"},
	{"CA-MONGCAI1", "Công an phường Móng Cái 1", "local_police", "CAT-QN", "06868"},
	{"CA-UONGBI", "Công an phường Uông Bí", "local_police", "CAT-QN", "07072"},
	{"CA-QUANGYEN", "Công an phường Quảng Yên", "local_police", "CAT-QN", "07129"},
	{"CA-VANDON", "Công an đặc khu Vân Đồn", "local_police", "CAT-QN", "07192"},
	{"CA-COTO", "Công an đặc khu Cô Tô", "local_police", "CAT-QN", "07171"},
	{"CA-TIENYEN", "Công an xã Tiên Yên", "local_police", "CAT-QN", "07000"},
}

type site struct{ slug, name, kind, area, address string }

type tenant struct {
	kind, slug, name, tax string
	sites                 []site
}

var tenants = []tenant{
	{"accommodation", "vinh-xanh", "Công ty TNHH Khách sạn Vịnh Xanh", "5701234567", []site{
		{"vinh-xanh-bai-chay", "Khách sạn Vịnh Xanh Bãi Cháy", "hotel", "06703", "Số 12 đường Hạ Long, phường Bãi Cháy"},
		{"vinh-xanh-hong-gai", "Khách sạn Vịnh Xanh Hồng Gai", "hotel", "06658", "Số 5 phố Bến Đoan, phường Hồng Gai"},
	}},
	{"accommodation", "ngoc-trai", "Công ty CP Khách sạn Ngọc Trai", "5702345678", []site{
		{"ngoc-trai-tuan-chau", "Khách sạn Ngọc Trai Tuần Châu", "hotel", "06706", "Khu du lịch Tuần Châu, phường Tuần Châu"},
		{"ngoc-trai-mong-cai", "Khách sạn Ngọc Trai Móng Cái", "hotel", "06868", "Số 8 đường Hùng Vương, phường Móng Cái 1"},
	}},
	{"accommodation", "homestay-co-to-xanh", "Homestay Cô Tô Xanh", "5703456789", []site{
		{"co-to-xanh", "Homestay Cô Tô Xanh", "homestay", "07171", "Thôn Hải Tiến, đặc khu Cô Tô"},
	}},
	{"accommodation", "nha-nghi-hoa-mai", "Nhà nghỉ Hoa Mai", "5704567890", []site{
		{"hoa-mai", "Nhà nghỉ Hoa Mai", "guesthouse", "07093", "Số 21 đường Mạo Khê, phường Mạo Khê"},
	}},
	{"accommodation", "van-don-binh-yen", "Homestay Vân Đồn Bình Yên", "5705678901", []site{
		{"binh-yen", "Homestay Vân Đồn Bình Yên", "homestay", "07192", "Thôn Đông Trung, đặc khu Vân Đồn"},
	}},
	{"accommodation", "du-thuyen-vinh-ngoc", "Công ty TNHH Du thuyền Vịnh Ngọc", "5706789012", []site{
		{"vinh-ngoc-1", "Du thuyền Vịnh Ngọc 1", "cruise", "06706", "Cảng tàu khách quốc tế Tuần Châu"},
	}},
	{"accommodation", "xe-khach-ha-long-express", "Công ty CP Vận tải Hạ Long Express", "5707890123", []site{
		{"ben-xe-bai-chay", "Tuyến Hạ Long – Hà Nội (giường nằm)", "bus", "06703", "Bến xe Bãi Cháy, phường Bãi Cháy"},
	}},
	{"apartment", "chung-cu-green-bay", "Ban quản trị Chung cư Green Bay", "5708901234", []site{
		{"green-bay", "Chung cư Green Bay", "apartment_block", "06703", "Khu đô thị Hùng Thắng, phường Bãi Cháy"},
	}},
	{"apartment", "chung-cu-hong-gai-tower", "Ban quản trị Chung cư Hồng Gai Tower", "5709012345", []site{
		{"hong-gai-tower", "Chung cư Hồng Gai Tower", "apartment_block", "06658", "Số 2 phố Lê Thánh Tông, phường Hồng Gai"},
	}},
	{"apartment", "nha-tro-an-cu", "Nhà trọ An Cư", "5710123456", []site{
		{"an-cu", "Nhà trọ An Cư", "boarding_house", "06799", "Tổ 3, khu 4, phường Cẩm Phả"},
	}},
	{"market", "cho-mao-khe", "Ban quản lý chợ Mạo Khê", "5711234567", []site{
		{"cho-mao-khe", "Chợ Mạo Khê", "market", "07093", "Đường Hoàng Hoa Thám, phường Mạo Khê"},
	}},
	{"market", "cho-ha-long-1", "Ban quản lý chợ Hạ Long I", "5712345678", []site{
		{"cho-ha-long-1", "Chợ Hạ Long I", "market", "06658", "Phố Cột Đồng Hồ, phường Hồng Gai"},
	}},
	{"notary", "cong-chung-ha-long", "Văn phòng công chứng Hạ Long", "5713456789", []site{
		{"cc-ha-long", "Văn phòng công chứng Hạ Long", "notary_office", "06661", "Số 9 đường Trần Hưng Đạo, phường Hạ Long"},
	}},
	{"notary", "cong-chung-bai-chay", "Văn phòng công chứng Bãi Cháy", "5714567890", []site{
		{"cc-bai-chay", "Văn phòng công chứng Bãi Cháy", "notary_office", "06703", "Số 30 đường Hạ Long, phường Bãi Cháy"},
	}},
}

// Account is a demo sign-in.
type Account struct {
	Username, FullName, Role string
	Tenant, Unit             string   // tenant slug or unit code
	Sites                    []string // site slugs a limited staff member sees
}

// Accounts are the demo accounts, all with Password.
var Accounts = []Account{
	{Username: "admin", FullName: "Quản trị hệ thống", Role: "admin"},
	{Username: "tinh", FullName: "Chuyên viên UBND tỉnh", Role: "province_official"},
	{Username: "pc06", FullName: "Đại úy Trần Minh PC06", Role: "police_commander", Unit: "PC06"},
	{Username: "ca-baichay", FullName: "Thượng úy Lê Văn Bãi Cháy", Role: "police_commander", Unit: "CA-BAICHAY"},
	{Username: "ca-maokhe", FullName: "Trung úy Phạm Thị Mạo Khê", Role: "police_officer", Unit: "CA-MAOKHE"},
	{Username: "ks-owner", FullName: "Nguyễn Thị Hương", Role: "owner", Tenant: "vinh-xanh"},
	{Username: "ks-letan", FullName: "Đỗ Thu Trang", Role: "staff", Tenant: "vinh-xanh"},
	{Username: "cc-manager", FullName: "Hoàng Văn Nam", Role: "manager", Tenant: "chung-cu-green-bay"},
	{Username: "cho-board", FullName: "Vũ Thị Lan", Role: "owner", Tenant: "cho-mao-khe"},
	{Username: "congchung", FullName: "Bùi Quang Huy", Role: "staff", Tenant: "cong-chung-ha-long"},
}

// Seeded reports whether the database already holds tenants.
func Seeded(tx *gorm.DB) (bool, error) {
	var n int64
	if err := tx.Raw(`SELECT count(*) FROM tenants`).Scan(&n).Error; err != nil {
		return false, fmt.Errorf("demo: count tenants: %w", err)
	}
	return n > 0, nil
}

// Seed loads the demo data in tx, which must run as the schema owner (areas
// are reference data the runtime role cannot write). siteKinds maps a tenant
// kind to its site kinds.
func Seed(tx *gorm.DB, siteKinds func(kind string) []string, kinds []string) error {
	if err := (policies.Scope{All: true}).Apply(tx, 0); err != nil {
		return err
	}
	areaIDs := map[string]int64{}
	for _, a := range areas {
		var parent any
		if a.kind != "province" {
			parent = areaIDs["22"]
		}
		var id int64
		err := tx.Raw(`INSERT INTO areas (code, name, kind, parent_id) VALUES (?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name RETURNING id`, a.code, a.name, a.kind, parent).Scan(&id).Error
		if err != nil {
			return fmt.Errorf("demo: area %s: %w", a.name, err)
		}
		areaIDs[a.code] = id
	}
	unitIDs := map[string]int64{}
	for _, u := range units {
		id, err := store.CreateUnit(tx, store.UnitInput{Code: u.code, Name: u.name, Kind: u.kind,
			ParentID: unitIDs[u.parent], AreaID: areaIDs[u.area]})
		if err != nil {
			return fmt.Errorf("demo: unit %s: %w", u.code, err)
		}
		unitIDs[u.code] = id
		if err := store.GrantArea(tx, u.code, areaIDs[u.area]); err != nil {
			return fmt.Errorf("demo: jurisdiction of %s: %w", u.code, err)
		}
	}
	present := map[string]bool{}
	for _, t := range tenants {
		if !slices.Contains(kinds, t.kind) {
			continue // demo data only of the kinds the portal runs
		}
		present[t.slug] = true
		sites := make([]Site, len(t.sites))
		for i, x := range t.sites {
			sites[i] = Site{Slug: x.slug, Name: x.name, Kind: x.kind, Area: x.area, Address: x.address}
		}
		if _, err := AddTenant(tx, t.kind, t.slug, t.name, t.tax, siteKinds(t.kind), kinds, sites...); err != nil {
			return err
		}
	}
	if present["vinh-xanh"] {
		if err := AddToken(tx, "vinh-xanh", "Demo PMS", APIToken); err != nil {
			return err
		}
	}
	for _, a := range Accounts {
		if a.Tenant != "" && !present[a.Tenant] {
			continue
		}
		if err := AddAccount(tx, a); err != nil {
			return err
		}
	}
	// The demo police accounts skip the second factor so the demo stays
	// usable; this is the only exception, and only demo data has it.
	if err := tx.Exec(`UPDATE users SET mfa_exempt = true WHERE username IN ('pc06', 'ca-baichay', 'ca-maokhe')`).Error; err != nil {
		return fmt.Errorf("demo: second-factor exemption: %w", err)
	}
	return seedProvince(tx)
}

// Site is a demo site: its area is an area code of the demo's areas.
type Site struct{ Slug, Name, Kind, Area, Address string }

// AddTenant creates a demo tenant of kind with its sites; tenant kinds'
// demo seeders use it for tenants of their own.
func AddTenant(tx *gorm.DB, kind, slug, name, tax string, siteKinds, kinds []string, sites ...Site) (int64, error) {
	id, err := store.CreateTenant(tx, store.TenantInput{Kind: kind, Slug: slug, Name: name, TaxCode: tax}, kinds)
	if err != nil {
		return 0, fmt.Errorf("demo: tenant %s: %w", slug, err)
	}
	for _, s := range sites {
		area, err := AreaID(tx, s.Area)
		if err != nil {
			return 0, err
		}
		_, err = store.CreateSite(tx, id, store.SiteInput{Slug: s.Slug, Name: s.Name, Kind: s.Kind, AreaID: area, Address: s.Address}, siteKinds)
		if err != nil {
			return 0, fmt.Errorf("demo: site %s: %w", s.Slug, err)
		}
	}
	return id, nil
}

// AreaID is the id of the area with code.
func AreaID(tx *gorm.DB, code string) (int64, error) {
	var id int64
	if err := tx.Raw(`SELECT id FROM areas WHERE code = ?`, code).Scan(&id).Error; err != nil || id == 0 {
		return 0, fmt.Errorf("demo: area %s: %v", code, err)
	}
	return id, nil
}

// TenantID is the id of the tenant with slug.
func TenantID(tx *gorm.DB, slug string) (int64, error) {
	var id int64
	if err := tx.Raw(`SELECT id FROM tenants WHERE slug = ?`, slug).Scan(&id).Error; err != nil || id == 0 {
		return 0, fmt.Errorf("demo: tenant %s: %v", slug, err)
	}
	return id, nil
}

// SiteID is the id of the site with slug in the tenant with tenantSlug.
func SiteID(tx *gorm.DB, tenantSlug, slug string) (tenantID, siteID int64, err error) {
	err = tx.Raw(`SELECT t.id AS tenant_id, s.id AS site_id FROM sites s JOIN tenants t ON t.id = s.tenant_id
		WHERE t.slug = ? AND s.slug = ?`, tenantSlug, slug).Row().Scan(&tenantID, &siteID)
	if err != nil {
		return 0, 0, fmt.Errorf("demo: site %s/%s: %w", tenantSlug, slug, err)
	}
	return tenantID, siteID, nil
}

// AddToken gives the tenant with slug a demo API token.
func AddToken(tx *gorm.DB, tenantSlug, label, token string) error {
	id, err := TenantID(tx, tenantSlug)
	if err != nil {
		return err
	}
	if err := apitoken.Insert(tx, id, label, token, 0); err != nil {
		return fmt.Errorf("demo: API token of %s: %w", tenantSlug, err)
	}
	return nil
}

// AddAccount creates a demo account with Password and its membership: of
// a tenant (by slug, limited to site slugs when Sites is set) or of a unit.
func AddAccount(tx *gorm.DB, a Account) error {
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return err
	}
	uid, err := store.InsertUser(tx, a.Username, a.FullName, hash)
	if err != nil {
		return fmt.Errorf("demo: user %s: %w", a.Username, err)
	}
	if a.Tenant != "" {
		var sites []int64
		for _, s := range a.Sites {
			_, sid, err := SiteID(tx, a.Tenant, s)
			if err != nil {
				return err
			}
			sites = append(sites, sid)
		}
		tid, terr := TenantID(tx, a.Tenant)
		if terr != nil {
			return terr
		}
		err = store.AddTenantMember(tx, tid, uid, a.Role, sites)
	} else {
		var unitID int64
		if err = tx.Raw(`SELECT id FROM police_units WHERE code = ?`, a.Unit).Scan(&unitID).Error; err == nil {
			err = store.AddStaffRole(tx, uid, a.Role, unitID)
		}
	}
	if err != nil {
		return fmt.Errorf("demo: membership of %s: %w", a.Username, err)
	}
	return nil
}
