package accommodation

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"gorm.io/gorm"

	"portal06/app/iddoc"
	"portal06/app/national"
	"portal06/app/stays"
	"portal06/app/watch"
)

// SeedDemo loads a month of guests at the demo's accommodation sites, so
// that the boards, the police figures and the compliance report have
// something to show: a few hundred stays, most checked out, some open, some
// foreign, a few cancelled; their notifications accepted with receipts,
// some late, some refused or still pending; a few suspicious scans; and
// watchlist entries that matched guests, with their alerts. It writes
// through ordinary INSERTs and UPDATEs, in the order the desk would, so
// every trigger sees what it would see in real use.
//
// Before the month, four sites get a year of past stays for the province's
// indicators (seedYear); every seeded stay has its identity record.
//
// PORTAL06_DEMO_STAYS=none leaves the stays out: the integration tests
// start from demo sites without guests, count only their own, and seed the
// year themselves (SeedDemoHistory) where they need it.
func (k *Kind) SeedDemo(tx *gorm.DB) error {
	if os.Getenv("PORTAL06_DEMO_STAYS") == "none" {
		return nil
	}
	if err := seedYear(tx); err != nil {
		return err
	}
	if err := seedMonth(tx, time.Now(), rand.New(rand.NewPCG(6, 2026))); err != nil {
		return err
	}
	return completeSeededStays(tx)
}

// SeedDemoHistory gives the demo's four sites their year of past stays,
// complete with identity records and revisions, as the schema owner.
func SeedDemoHistory(tx *gorm.DB) error {
	if err := seedYear(tx); err != nil {
		return err
	}
	return completeSeededStays(tx)
}

// completeSeededStays gives the year's stays, written in bulk, what every
// stay has: its identity record, its check-in and check-out revisions, and
// the payload its notification carried.
func completeSeededStays(tx *gorm.DB) error {
	for what, q := range map[string]string{
		"identities": `INSERT INTO identity_records (tenant_id, source, record_id, site_id, doc_type, doc_number, full_name, name_fold,
				birth_date, sex, seen_at)
			SELECT st.tenant_id, 'stay', st.id, st.site_id, st.doc_type, st.doc_number, st.full_name, st.name_fold, st.birth_date,
				st.sex, st.arrival_at
			FROM stays st WHERE NOT EXISTS (SELECT 1 FROM identity_records i
				WHERE i.tenant_id = st.tenant_id AND i.source = 'stay' AND i.record_id = st.id)`,
		"revisions": `INSERT INTO stay_revisions (tenant_id, site_id, stay_id, action, field, old_value, new_value, changed_at)
			SELECT st.tenant_id, st.site_id, st.id, r.action, r.field, r.old_value, r.new_value, r.at
			FROM stays st CROSS JOIN LATERAL (VALUES ('check_in', '', '', '', st.arrival_at),
				('check_out', 'status', 'open', 'checked_out', st.departed_at)) r (action, field, old_value, new_value, at)
			WHERE r.at IS NOT NULL AND (r.action = 'check_in' OR st.status = 'checked_out')
				AND NOT EXISTS (SELECT 1 FROM stay_revisions x WHERE x.tenant_id = st.tenant_id AND x.stay_id = st.id)`,
		"payloads": `UPDATE notifications n SET payload = jsonb_build_object('site_code', t.slug || '/' || s.slug, 'site_name', s.name,
				'site_address', s.address, 'area_code', a.code, 'stay_id', st.id, 'event', n.event,
				'document', jsonb_build_object('type', st.doc_type, 'number', st.doc_number), 'full_name', st.full_name,
				'birth_date', st.birth_date, 'sex', st.sex, 'nationality', st.nationality, 'arrival', st.arrival_at,
				'expected_departure', st.expected_departure, 'reason', st.reason, 'room', st.room)
			FROM stays st JOIN sites s ON s.tenant_id = st.tenant_id AND s.id = st.site_id JOIN tenants t ON t.id = st.tenant_id
				JOIN areas a ON a.id = s.area_id
			WHERE st.tenant_id = n.tenant_id AND st.id = n.stay_id AND n.payload = '{"demo": true}'`,
	} {
		if err := tx.Exec(q).Error; err != nil {
			return fmt.Errorf("accommodation demo: %s of the year's stays: %w", what, err)
		}
	}
	return nil
}

// DemoLines tell the demo's users where the seeded guests are.
func (k *Kind) DemoLines() []string {
	return []string{"Accommodation: a month of guests at the demo hotels, homestays and cruise, and the nightly coach trips with their manifests (boards, police and province figures);",
		"  watchlist alerts for ca-baichay and pc06."}
}

// demoSite is an accommodation site of the demo, with what its notifications name.
type demoSite struct {
	TenantID, ID                              int64
	TenantSlug, Slug, Name, Address, AreaCode string
	Kind                                      string
	rooms                                     []string
	volume                                    int     // stays over the month
	foreignShare                              float64 // share of foreign guests
}

// demoStay is one seeded stay, before and after it is written.
type demoStay struct {
	site               *demoSite
	id                 int64
	tripID             any // the cruise voyage or coach trip the guest boarded
	room, docType, doc string
	oldNumber          string
	name, sex, nation  string
	address, reason    string
	source             string
	birth              time.Time
	issue              *time.Time
	arrival, departure time.Time // departure: expected day
	departed           *time.Time
	cancelled          string
	deadline           time.Time
	notify             string // accepted, late, refused, resent, pending
	notifiedAt         time.Time
	createdBy          any
}

func (s demoStay) foreign() bool { return s.nation != "VNM" }

func seedMonth(tx *gorm.DB, now time.Time, rnd *rand.Rand) error {
	sites, err := demoSites(tx)
	if err != nil {
		return err
	}
	var desk int64
	if err := tx.Raw(`SELECT id FROM users WHERE username = 'ks-letan'`).Scan(&desk).Error; err != nil {
		return fmt.Errorf("accommodation demo: receptionist: %w", err)
	}
	g := guestMaker{rnd: rnd, used: map[string]bool{}}
	var all []*demoStay
	for _, s := range sites {
		for i := 0; i < s.volume; i++ {
			st := g.stay(s, now)
			if s.TenantSlug == "vinh-xanh" && desk != 0 {
				st.createdBy = desk
			}
			all = append(all, st)
		}
	}
	if err := voyages(tx, all); err != nil {
		return err
	}
	if err := insertStays(tx, all); err != nil {
		return err
	}
	if err := insertCheckIns(tx, all, now, rnd); err != nil {
		return err
	}
	if err := endStays(tx, all, rnd); err != nil {
		return err
	}
	if err := watchDemo(tx, all, now); err != nil {
		return err
	}
	return suspiciousDemo(tx, sites, now, rnd)
}

// demoSites are the accommodation sites of the demo with their sizes: the
// ones that take guests for the night, and the coach line whose passengers
// board its nightly sleeper (a trip with its manifest).
func demoSites(tx *gorm.DB) ([]*demoSite, error) {
	var out []*demoSite
	err := tx.Raw(`SELECT t.id AS tenant_id, s.id, t.slug AS tenant_slug, s.slug, s.name, s.address, a.code AS area_code, s.kind
		FROM sites s JOIN tenants t ON t.id = s.tenant_id JOIN areas a ON a.id = s.area_id
		WHERE t.kind = 'accommodation' AND s.kind IN ('hotel', 'guesthouse', 'homestay', 'cruise', 'bus') ORDER BY s.id`).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("accommodation demo: sites: %w", err)
	}
	for _, s := range out {
		switch s.Kind {
		case "hotel":
			s.rooms, s.volume, s.foreignShare = rooms(2, 6, 12), 70, 0.15
		case "guesthouse":
			s.rooms, s.volume, s.foreignShare = rooms(1, 3, 6), 35, 0.03
		case "homestay":
			s.rooms, s.volume, s.foreignShare = []string{"Phòng 1", "Phòng 2", "Phòng 3", "Phòng 4"}, 18, 0.2
		case "cruise":
			s.rooms, s.volume, s.foreignShare = cabins(20), 45, 0.5
		case "bus":
			s.rooms, s.volume, s.foreignShare = seats(36), 90, 0.05
		}
		if s.Slug == "vinh-xanh-bai-chay" {
			s.volume = 110 // the tour's hotel
		}
		if s.Slug == "ngoc-trai-mong-cai" {
			s.foreignShare = 0.45 // the border town
		}
	}
	return out, nil
}

// seats are a sleeper coach's berths.
func seats(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("Giường %02d", i+1)
	}
	return out
}

func rooms(fromFloor, toFloor, perFloor int) []string {
	var out []string
	for f := fromFloor; f <= toFloor; f++ {
		for n := 1; n <= perFloor; n++ {
			out = append(out, fmt.Sprintf("%d%02d", f, n))
		}
	}
	return out
}

func cabins(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("Cabin %02d", i+1)
	}
	return out
}

// guestMaker invents guests: Vietnamese citizens with CCCD numbers that
// agree with their birth year and sex, and foreign visitors with passports.
// Every number is new, and none is one the tests use.
type guestMaker struct {
	rnd  *rand.Rand
	used map[string]bool
}

var (
	familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"}
	maleMiddle  = []string{"Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân"}
	femaleMid   = []string{"Thị", "Ngọc", "Thu", "Thanh", "Mai", "Hồng", "Kim", "Phương"}
	maleGiven   = []string{"Hùng", "Dũng", "Tuấn", "Long", "Nam", "Khoa", "Phong", "Hải", "Sơn", "Thắng", "Cường", "Bảo", "Trung", "Hiếu", "Quân", "Đạt"}
	femaleGiven = []string{"Lan", "Hoa", "Hương", "Linh", "Trang", "Ngân", "Thảo", "Vy", "Yến", "Hà", "My", "Nhung", "Giang", "Huyền", "Loan", "Oanh"}
	provinces   = []struct{ code, name string }{
		{"022", "Quảng Ninh"}, {"022", "Quảng Ninh"}, {"022", "Quảng Ninh"}, {"001", "Hà Nội"}, {"001", "Hà Nội"},
		{"031", "Hải Phòng"}, {"079", "Hồ Chí Minh"}, {"030", "Hải Dương"}, {"034", "Thái Bình"}, {"036", "Nam Định"},
		{"038", "Thanh Hóa"}, {"040", "Nghệ An"}, {"024", "Bắc Giang"}, {"027", "Bắc Ninh"}, {"048", "Đà Nẵng"}, {"033", "Hưng Yên"},
	}
	streets     = []string{"Tổ 3, khu 2", "Số 15 ngõ 8", "Thôn Đông", "Số 42 đường Trần Phú", "Tổ 7, khu 5", "Xóm Mới", "Số 9 phố Lê Lợi"}
	stayReasons = []string{"Du lịch", "Du lịch", "Du lịch", "Công tác", "Công tác", "Thăm người thân", "Nghỉ dưỡng", "Hội nghị"}
	abroad      = []struct {
		nation string
		number func(r *rand.Rand) string
		names  []string // family name first, as the MRZ gives it; odd indexes are women
	}{
		{"CHN", func(r *rand.Rand) string { return fmt.Sprintf("E%08d", r.IntN(1e8)) },
			[]string{"WANG LEI", "LI NA", "ZHANG WEI", "LIU YANG", "CHEN HAO", "HUANG JING", "ZHOU TAO", "WU MIN"}},
		{"KOR", func(r *rand.Rand) string { return fmt.Sprintf("M%08d", r.IntN(1e8)) },
			[]string{"KIM MINJUN", "LEE SEOYEON", "PARK JIHOON", "CHOI YUNA"}},
		{"JPN", func(r *rand.Rand) string { return fmt.Sprintf("TK%07d", r.IntN(1e7)) },
			[]string{"SATO HARUTO", "SUZUKI YUI"}},
		{"USA", func(r *rand.Rand) string { return fmt.Sprintf("5%08d", r.IntN(1e8)) },
			[]string{"SMITH JOHN", "JOHNSON EMILY"}},
		{"FRA", func(r *rand.Rand) string { return fmt.Sprintf("%02dCV%05d", 10+r.IntN(15), r.IntN(1e5)) },
			[]string{"MARTIN LUCAS", "BERNARD CHLOE"}},
		{"AUS", func(r *rand.Rand) string { return fmt.Sprintf("PA%07d", r.IntN(1e7)) },
			[]string{"WILSON JACK", "TAYLOR OLIVIA"}},
		{"RUS", func(r *rand.Rand) string { return fmt.Sprintf("7%08d", r.IntN(1e8)) },
			[]string{"IVANOV DMITRY", "PETROVA ANNA"}},
	}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func (g *guestMaker) unique(gen func() string) string {
	for {
		if n := gen(); !g.used[n] {
			g.used[n] = true
			return n
		}
	}
}

// person fills the guest's identity on st.
func (g *guestMaker) person(st *demoStay) {
	r := g.rnd
	if r.Float64() < st.site.foreignShare {
		a := abroad[0]
		if st.site.Slug != "ngoc-trai-mong-cai" || r.IntN(4) == 0 {
			a = pick(r, abroad)
		}
		i := r.IntN(len(a.names))
		st.nation, st.name, st.docType = a.nation, a.names[i], "passport"
		st.sex = []string{"M", "F"}[i%2]
		st.doc = g.unique(func() string { return a.number(r) })
		st.birth = time.Date(1960+r.IntN(45), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, national.Zone)
		st.source = "mrz"
		if r.IntN(10) == 0 {
			st.source = "manual"
		}
		return
	}
	st.nation, st.docType = "VNM", "cccd"
	year := 1955 + r.IntN(50)
	st.birth = time.Date(year, time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, national.Zone)
	if r.IntN(2) == 0 {
		st.sex = "M"
		st.name = pick(r, familyNames) + " " + pick(r, maleMiddle) + " " + pick(r, maleGiven)
	} else {
		st.sex = "F"
		st.name = pick(r, familyNames) + " " + pick(r, femaleMid) + " " + pick(r, femaleGiven)
	}
	p := pick(r, provinces)
	century := 0
	if year >= 2000 {
		century = 2
	}
	if st.sex == "F" {
		century++
	}
	// the random part starts with 7 or 8: never a number of the tests
	st.doc = g.unique(func() string { return fmt.Sprintf("%s%d%02d%06d", p.code, century, year%100, 700000+r.IntN(200000)) })
	if year < 2000 && r.IntN(2) == 0 {
		st.oldNumber = g.unique(func() string { return fmt.Sprintf("1%08d", r.IntN(1e8)) })
	}
	st.address = pick(r, streets) + ", " + p.name
	issue := time.Date(2021+r.IntN(4), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, national.Zone)
	st.issue = &issue
	st.source = "qr"
	switch n := r.IntN(20); {
	case n < 2:
		st.source = "manual"
	case n < 3 && st.site.TenantSlug == "vinh-xanh":
		st.source = "api"
	}
}

// stay invents one stay of the last 30 days at site s.
func (g *guestMaker) stay(s *demoSite, now time.Time) *demoStay {
	r := g.rnd
	st := &demoStay{site: s, room: pick(r, s.rooms), reason: pick(r, stayReasons)}
	g.person(st)
	today := stays.DayOf(now)
	// more guests at the weekend, a few arriving after 23:00
	day := today.AddDate(0, 0, -r.IntN(30))
	if wd := day.Weekday(); (wd == time.Saturday || wd == time.Sunday) && r.IntN(3) == 0 {
		day = day.AddDate(0, 0, -7*r.IntN(2))
	}
	hour := pick(r, []int{7, 9, 11, 12, 13, 14, 14, 15, 15, 16, 17, 18, 19, 20, 21, 22, 23})
	switch s.Kind {
	case "cruise":
		hour = pick(r, []int{10, 11}) // boarding before the noon departure
	case "bus":
		hour = 19 // boarding the 19:30 sleeper
	}
	st.arrival = day.Add(time.Duration(hour)*time.Hour + time.Duration(r.IntN(60))*time.Minute)
	if !st.arrival.Before(now) {
		st.arrival = now.Add(-time.Duration(5+r.IntN(300)) * time.Minute)
	}
	if st.arrival.Before(today.AddDate(0, 0, -29)) {
		st.arrival = today.AddDate(0, 0, -29).Add(14 * time.Hour)
	}
	nights := pick(r, []int{1, 1, 1, 2, 2, 3, 4, 6})
	switch s.Kind {
	case "cruise":
		nights = pick(r, []int{1, 1, 2})
	case "bus":
		nights = 1 // in Hà Nội the next morning
	}
	st.departure = stays.DayOf(st.arrival).AddDate(0, 0, nights)
	st.deadline = national.Deadline(st.arrival, st.foreign())
	switch {
	case r.IntN(50) == 0:
		st.cancelled = pick(r, []string{"Khách đổi lịch, không lưu trú", "Nhập nhầm cơ sở"})
	case st.departure.Before(today):
		d := st.departure.Add(time.Duration(9*60+r.IntN(180)) * time.Minute)
		if r.IntN(8) == 0 && nights > 1 {
			d = d.AddDate(0, 0, -1) // left a day early
		}
		st.departed = &d
	case st.departure.Equal(today) && now.Sub(today) > 12*time.Hour && r.IntN(2) == 0:
		d := today.Add(time.Duration(9*60+r.IntN(150)) * time.Minute)
		st.departed = &d
	}
	// the check-in's notification
	switch n := r.IntN(100); {
	case st.deadline.After(now):
		st.notify = "accepted"
		if n < 25 {
			st.notify = "pending" // not yet due
		}
	case now.Sub(st.arrival) < 72*time.Hour && st.departed == nil && n < 10:
		st.notify = "pending" // overdue: the police see it late
	case n < 86:
		st.notify = "accepted"
	case n < 91:
		st.notify = "late"
	case n < 93:
		st.notify = "refused"
	case n < 95:
		st.notify = "resent"
	default:
		st.notify = "late"
	}
	switch st.notify {
	case "accepted":
		st.notifiedAt = st.arrival.Add(time.Duration(20+r.IntN(1800)) * time.Second)
		if st.notifiedAt.After(now) {
			st.notify = "pending"
		}
	case "late", "resent":
		st.notifiedAt = st.deadline.Add(time.Duration(1+r.IntN(20)) * time.Hour)
		if st.notifiedAt.After(now) {
			st.notifiedAt = now.Add(-time.Minute)
		}
	}
	return st
}

// voyages are the trips the passengers boarded: the cruise's daily voyage
// and the coach line's nightly sleeper, one a day each, so the province's
// "trips with a manifest" counts real manifests.
func voyages(tx *gorm.DB, all []*demoStay) error {
	trips := map[string]int64{}
	for _, st := range all {
		route, vehicle, at := "Tuần Châu – Vịnh Hạ Long – Lan Hạ (2 ngày 1 đêm)", "QN-6868", 12*time.Hour+30*time.Minute
		switch st.site.Kind {
		case "cruise":
		case "bus":
			route, vehicle, at = "Bến xe Bãi Cháy – Bến xe Mỹ Đình (Hà Nội)", "14B-024.68", 19*time.Hour+30*time.Minute
		default:
			continue
		}
		day := stays.DayOf(st.arrival)
		key := fmt.Sprint(st.site.ID, day.Unix())
		if trips[key] == 0 {
			var id int64
			err := tx.Raw(`INSERT INTO trips (tenant_id, site_id, route, departs_at, vehicle) VALUES (?, ?, ?, ?, ?) RETURNING id`,
				st.site.TenantID, st.site.ID, route, day.Add(at), vehicle).Scan(&id).Error
			if err != nil {
				return fmt.Errorf("accommodation demo: trip of %s: %w", st.site.Slug, err)
			}
			trips[key] = id
		}
		st.tripID = trips[key]
	}
	return nil
}

// insertStays writes the stays as the desk does, open, with their
// revision and identity record.
func insertStays(tx *gorm.DB, all []*demoStay) error {
	for from := 0; from < len(all); from += 100 {
		batch := all[from:min(from+100, len(all))]
		var vals []string
		var args []any
		for _, st := range batch {
			var issue any
			if st.issue != nil {
				issue = st.issue.Format("2006-01-02")
			}
			vals = append(vals, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, st.site.TenantID, st.site.ID, st.tripID, st.room, st.docType, st.doc, st.oldNumber, st.name, iddoc.Fold(st.name),
				st.birth.Format("2006-01-02"), st.sex, st.nation, st.address, issue, st.arrival, st.departure.Format("2006-01-02"),
				st.reason, st.deadline, st.source, st.createdBy, st.arrival.Add(20*time.Second))
		}
		var ids []struct {
			ID        int64
			DocNumber string
		}
		err := tx.Raw(`INSERT INTO stays (tenant_id, site_id, trip_id, room, doc_type, doc_number, old_number, full_name, name_fold, birth_date,
				sex, nationality, address, issue_date, arrival_at, expected_departure, reason, deadline_at, source, created_by, created_at)
			VALUES `+strings.Join(vals, ", ")+` RETURNING id, doc_number`, args...).Scan(&ids).Error
		if err != nil {
			return fmt.Errorf("accommodation demo: stays: %w", err)
		}
		byDoc := map[string]int64{}
		for _, x := range ids {
			byDoc[x.DocNumber] = x.ID
		}
		vals, args = nil, nil
		var idVals []string
		var idArgs []any
		for _, st := range batch {
			st.id = byDoc[st.doc]
			vals = append(vals, "(?, ?, ?, 'check_in', ?, ?)")
			args = append(args, st.site.TenantID, st.site.ID, st.id, st.createdBy, st.arrival.Add(20*time.Second))
			idVals = append(idVals, "(?, 'stay', ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			idArgs = append(idArgs, st.site.TenantID, st.id, st.site.ID, st.docType, st.doc, st.name, iddoc.Fold(st.name),
				st.birth.Format("2006-01-02"), st.sex, st.arrival)
		}
		if err := tx.Exec(`INSERT INTO stay_revisions (tenant_id, site_id, stay_id, action, changed_by, changed_at) VALUES `+
			strings.Join(vals, ", "), args...).Error; err != nil {
			return fmt.Errorf("accommodation demo: check-in revisions: %w", err)
		}
		if err := tx.Exec(`INSERT INTO identity_records (tenant_id, source, record_id, site_id, doc_type, doc_number, full_name, name_fold,
				birth_date, sex, seen_at) VALUES `+strings.Join(idVals, ", "), idArgs...).Error; err != nil {
			return fmt.Errorf("accommodation demo: identities: %w", err)
		}
	}
	return nil
}

// payload is what the stay's notification of event carried.
func (st *demoStay) payload(event string) (string, error) {
	s := st.site
	p := national.Payload{SiteCode: s.TenantSlug + "/" + s.Slug, SiteName: s.Name, SiteAddress: s.Address, AreaCode: s.AreaCode,
		StayID: st.id, Event: event, Document: national.Document{Type: st.docType, Number: st.doc}, FullName: st.name,
		BirthDate: st.birth.Format("2006-01-02"), Sex: st.sex, Nationality: st.nation, Arrival: st.arrival.UTC(),
		ExpectedDeparture: st.departure.Format("2006-01-02"), Reason: st.reason, Room: st.room}
	if event == national.EventCheckOut && st.departed != nil {
		d := st.departed.UTC().Format(time.RFC3339)
		p.Departure = &d
	}
	if event == national.EventCancel {
		p.CancelReason = st.cancelled
	}
	b, err := json.Marshal(p)
	return string(b), err
}

// notification is one notification row to write: pending first, then
// answered as the receiver answered it.
type notification struct {
	st        *demoStay
	event     string
	deadline  time.Time
	createdAt time.Time
	status    string // accepted, refused or pending
	at        time.Time
}

var refusals = []string{"Số giấy tờ không khớp Cơ sở dữ liệu quốc gia về dân cư",
	"Thiếu địa chỉ cơ sở lưu trú trong hồ sơ", "Ngày sinh không khớp với số định danh"}

// insertCheckIns writes each check-in's notification and its answer.
func insertCheckIns(tx *gorm.DB, all []*demoStay, now time.Time, rnd *rand.Rand) error {
	var ns []notification
	for _, st := range all {
		n := notification{st: st, event: national.EventCheckIn, deadline: st.deadline, createdAt: st.arrival.Add(20 * time.Second)}
		switch st.notify {
		case "accepted", "late":
			n.status, n.at = "accepted", st.notifiedAt
			ns = append(ns, n)
		case "pending":
			n.status = "pending"
			ns = append(ns, n)
		case "refused", "resent":
			n.status, n.at = "refused", st.arrival.Add(time.Duration(1+rnd.IntN(10))*time.Minute)
			if n.at.After(now) {
				n.at = now
			}
			ns = append(ns, n)
			if st.notify == "resent" {
				ns = append(ns, notification{st: st, event: national.EventCheckIn, deadline: st.deadline, createdAt: st.notifiedAt.Add(-time.Minute),
					status: "accepted", at: st.notifiedAt})
			}
		}
	}
	return writeNotifications(tx, ns, rnd)
}

// endStays checks out and cancels the stays that ended, as the desk does,
// each with its revision and its accepted notification.
func endStays(tx *gorm.DB, all []*demoStay, rnd *rand.Rand) error {
	var ns []notification
	var ends, revs [][]any
	for _, st := range all {
		var at time.Time
		switch {
		case st.cancelled != "":
			at = st.arrival.Add(time.Duration(10+rnd.IntN(120)) * time.Minute)
			ends = append(ends, []any{st.site.TenantID, st.id, "cancelled", nil, st.cancelled, at})
			revs = append(revs, []any{st.site.TenantID, st.site.ID, st.id, "cancel", "cancelled: " + st.cancelled, st.createdBy, at})
			ns = append(ns, notification{st: st, event: national.EventCancel})
		case st.departed != nil:
			at = *st.departed
			ends = append(ends, []any{st.site.TenantID, st.id, "checked_out", at, nil, at})
			revs = append(revs, []any{st.site.TenantID, st.site.ID, st.id, "check_out", "checked_out", st.createdBy, at})
			ns = append(ns, notification{st: st, event: national.EventCheckOut})
		default:
			continue
		}
		n := &ns[len(ns)-1]
		n.deadline, n.createdAt, n.status = national.Deadline(at, st.foreign()), at, "accepted"
		n.at = at.Add(time.Duration(10+rnd.IntN(300)) * time.Second)
	}
	for from := 0; from < len(ends); from += 200 {
		to := min(from+200, len(ends))
		vals, args := rowsOf(ends[from:to], "(?::bigint, ?::bigint, ?::text, ?::timestamptz, ?::text, ?::timestamptz)")
		err := tx.Exec(`UPDATE stays st SET status = v.status, departed_at = v.departed_at, cancel_reason = v.reason, updated_at = v.at
			FROM (VALUES `+vals+`) AS v (tenant_id, id, status, departed_at, reason, at)
			WHERE st.tenant_id = v.tenant_id AND st.id = v.id`, args...).Error
		if err != nil {
			return fmt.Errorf("accommodation demo: end stays: %w", err)
		}
		vals, args = rowsOf(revs[from:to], "(?, ?, ?, ?, 'status', 'open', ?, ?, ?)")
		if err := tx.Exec(`INSERT INTO stay_revisions (tenant_id, site_id, stay_id, action, field, old_value, new_value, changed_by, changed_at)
			VALUES `+vals, args...).Error; err != nil {
			return fmt.Errorf("accommodation demo: end revisions: %w", err)
		}
	}
	return writeNotifications(tx, ns, rnd)
}

// rowsOf joins rows of arguments into a VALUES list of placeholder tuples.
func rowsOf(rows [][]any, tuple string) (string, []any) {
	vals := make([]string, len(rows))
	var args []any
	for i, r := range rows {
		vals[i] = tuple
		args = append(args, r...)
	}
	return strings.Join(vals, ", "), args
}

// writeNotifications inserts notifications pending, then records the
// receiver's answers: a receipt, or a refusal.
func writeNotifications(tx *gorm.DB, ns []notification, rnd *rand.Rand) error {
	for from := 0; from < len(ns); from += 100 {
		batch := ns[from:min(from+100, len(ns))]
		var vals []string
		var args []any
		for _, n := range batch {
			body, err := n.st.payload(n.event)
			if err != nil {
				return fmt.Errorf("accommodation demo: payload: %w", err)
			}
			vals = append(vals, "(?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, n.st.site.TenantID, n.st.site.ID, n.st.id, n.event, body, n.deadline, n.createdAt, n.createdAt)
		}
		var rows []struct {
			ID, StayID int64
			Event      string
			CreatedAt  time.Time
		}
		err := tx.Raw(`INSERT INTO notifications (tenant_id, site_id, stay_id, event, payload, deadline_at, created_at, updated_at)
			VALUES `+strings.Join(vals, ", ")+` RETURNING id, stay_id, event, created_at`, args...).Scan(&rows).Error
		if err != nil {
			return fmt.Errorf("accommodation demo: notifications: %w", err)
		}
		key := func(stay int64, event string, at time.Time) string {
			return fmt.Sprint(stay, event, at.Truncate(time.Microsecond).UnixMicro())
		}
		byKey := map[string]int64{}
		for _, x := range rows {
			byKey[key(x.StayID, x.Event, x.CreatedAt)] = x.ID
		}
		ids := make([]int64, len(batch))
		for i, n := range batch {
			if ids[i] = byKey[key(n.st.id, n.event, n.createdAt)]; ids[i] == 0 {
				return fmt.Errorf("accommodation demo: notification of stay %d not written", n.st.id)
			}
		}
		var answers [][]any
		for i, n := range batch {
			switch n.status {
			case "accepted":
				receipt := fmt.Sprintf("LT-%s-%06d", n.at.In(national.Zone).Format("20060102"), 100000+rnd.IntN(900000))
				answers = append(answers, []any{n.st.site.TenantID, ids[i], "accepted", receipt, nil, n.at})
			case "refused":
				answers = append(answers, []any{n.st.site.TenantID, ids[i], "refused", nil, pick(rnd, refusals), n.at})
			}
		}
		if len(answers) == 0 {
			continue
		}
		list, answerArgs := rowsOf(answers, "(?::bigint, ?::bigint, ?::text, ?::text, ?::text, ?::timestamptz)")
		err = tx.Exec(`UPDATE notifications n SET status = v.status, receipt = v.receipt, refusal = v.refusal, attempts = 1,
				accepted_at = CASE WHEN v.status = 'accepted' THEN v.at END, updated_at = v.at
			FROM (VALUES `+list+`) AS v (tenant_id, id, status, receipt, refusal, at)
			WHERE n.tenant_id = v.tenant_id AND n.id = v.id`, answerArgs...).Error
		if err != nil {
			return fmt.Errorf("accommodation demo: answers: %w", err)
		}
	}
	return nil
}

// watchDemo puts a few seeded guests on police watchlists: Bãi Cháy's
// commander watches one who stayed in Hồng Gai (outside the ward), PC06 a
// foreign visitor in Móng Cái, Hồng Gai's police one of its own; matching
// them raises the alerts the desk's check-in would have raised.
func watchDemo(tx *gorm.DB, all []*demoStay, now time.Time) error {
	taken := map[*demoStay]bool{}
	find := func(slug string, foreign bool) *demoStay {
		for i := len(all) - 1; i >= 0; i-- {
			st := all[i]
			if st.site.Slug == slug && st.foreign() == foreign && st.cancelled == "" && st.departed == nil && !taken[st] {
				taken[st] = true
				return st
			}
		}
		return nil
	}
	entries := []struct {
		unit, user, purpose string
		st                  *demoStay
	}{
		{"CA-BAICHAY", "ca-baichay", "Vụ việc 27/2026: trộm cắp tài sản tại bến xe Bãi Cháy", find("vinh-xanh-hong-gai", false)},
		{"PC06", "pc06", "Thông báo truy tìm của Bộ Công an số 112", find("ngoc-trai-mong-cai", true)},
		{"CA-HONGGAI", "", "Đối tượng cần xác minh nơi cư trú", find("vinh-xanh-hong-gai", false)},
	}
	for _, w := range entries {
		if w.st == nil {
			continue
		}
		err := tx.Exec(`INSERT INTO watchlist (unit_id, doc_number, purpose, created_by, created_at)
			SELECT u.id, ?, ?, (SELECT id FROM users WHERE username = ?), ? FROM police_units u WHERE u.code = ?`,
			w.st.doc, w.purpose, w.user, now.AddDate(0, 0, -35), w.unit).Error
		if err != nil {
			return fmt.Errorf("accommodation demo: watchlist of %s: %w", w.unit, err)
		}
		_, err = watch.Match(tx, watch.Hit{TenantID: w.st.site.TenantID, SiteID: w.st.site.ID, Source: "stay", RecordID: w.st.id,
			FullName: w.st.name, DocNumber: w.st.doc})
		if err != nil {
			return err
		}
	}
	return nil
}

// suspiciousDemo keeps a few scanned cards that contradicted themselves.
func suspiciousDemo(tx *gorm.DB, sites []*demoSite, now time.Time, rnd *rand.Rand) error {
	scans := []struct {
		slug, number, name, birth, sex, reason string
	}{
		// a man's card with a woman's century-and-sex digit
		{"vinh-xanh-bai-chay", "022191708812", "Trần Văn Khải", "1991-04-12", "M", "document_number:iddoc.cccd_century_sex"},
		{"hoa-mai", "030088712345", "Lê Thị Hạnh", "1979-09-30", "F", "document_number:iddoc.cccd_year"},
		{"ngoc-trai-tuan-chau", "001201755501", "Phạm Quốc Việt", "1999-01-05", "M", "document_number:iddoc.cccd_year"},
	}
	for _, x := range scans {
		var s *demoSite
		for _, c := range sites {
			if c.Slug == x.slug {
				s = c
			}
		}
		if s == nil {
			continue
		}
		b, _ := time.ParseInLocation("2006-01-02", x.birth, national.Zone)
		raw := fmt.Sprintf("%s||%s|%s|%s|Quảng Ninh|01012022", x.number, x.name, b.Format("02012006"), map[string]string{"M": "Nam", "F": "Nữ"}[x.sex])
		at := now.Add(-time.Duration(1+rnd.IntN(20*24)) * time.Hour)
		err := tx.Exec(`INSERT INTO suspicious_scans (tenant_id, site_id, doc_number, full_name, birth_date, sex, reasons, raw, scanned_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.TenantID, s.ID, x.number, x.name, x.birth, x.sex, "{"+x.reason+"}", raw, at).Error
		if err != nil {
			return fmt.Errorf("accommodation demo: suspicious scan: %w", err)
		}
	}
	return nil
}
