package apartment

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"portal06/app/demo"
	"portal06/app/iddoc"
	"portal06/app/national"
)

// Demo names of the kind.
const (
	DemoToken       = "demo-token-green-bay"
	DemoOwner       = "nt-owner"
	demoPosterToken = "green-bay-poster-demo-0001"
)

var (
	familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Phan", "Trịnh"}
	// no "Văn": the demo keeps out of the core tests' name searches
	maleMiddle = []string{"Tiến", "Đức", "Minh", "Quang", "Hữu", "Thành", "Công"}
	femMiddle  = []string{"Thị", "Ngọc", "Thu", "Thanh", "Mai", "Phương", "Kim"}
	maleGiven  = []string{"An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn", "Thắng", "Tuấn", "Việt"}
	femGiven   = []string{"Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Oanh", "Trang", "Yến"}
	provinces  = []string{"022", "022", "022", "001", "031", "030", "034", "036", "038", "040", "024", "079"}
	streets    = []string{"Tổ 2, Khu 5, Phường Bãi Cháy, Quảng Ninh", "Số 8 Lê Lợi, Phường Hồng Gai, Quảng Ninh", "Xã Đông Hưng, Thái Bình",
		"Phường Lê Chân, Hải Phòng", "Xã Nghĩa Hưng, Nam Định", "Phường Cẩm Phả, Quảng Ninh", "Xã Diễn Châu, Nghệ An"}
)

// demoPerson is a synthetic person whose CCCD number agrees with their
// birth year and sex (PPP G YY RRRRRR).
type demoPerson struct {
	number, name, sex, address string
	birth                      time.Time
}

// person makes the n-th synthetic person of a family, born in year.
func person(n int, family string, male bool, year int) demoPerson {
	p := demoPerson{sex: "F", birth: time.Date(year, time.Month(1+n%12), 1+n%28, 0, 0, 0, 0, time.UTC)}
	middle, given := femMiddle, femGiven
	g := 1
	if male {
		p.sex, middle, given, g = "M", maleMiddle, maleGiven, 0
	}
	if year >= 2000 {
		g += 2
	}
	p.name = family + " " + middle[n%len(middle)] + " " + given[(n/3)%len(given)]
	p.number = fmt.Sprintf("%s%d%02d%06d", provinces[n%len(provinces)], g, year%100, 500000+n)
	p.address = streets[n%len(streets)]
	return p
}

// demoResident is a row of the demo's bulk insert.
type demoResident struct {
	p             demoPerson
	unit          string
	relation      string
	residenceType string
	moveIn        time.Time
	status        string
	dossier       string
	until         *time.Time
}

// SeedDemo loads Green Bay's 2 buildings of 100 flats and about 350
// residents, Nhà trọ An Cư's 20 rooms of workers, the boarding-house owner
// nt-owner, Green Bay's API token and poster, and a few self-registrations.
func (k *Kind) SeedDemo(tx *gorm.DB) error {
	now := time.Now()
	if k.Host != nil {
		now = k.Host.Now()
	}
	today := Day(now)
	gbTenant, gbSite, err := demo.SiteID(tx, "chung-cu-green-bay", "green-bay")
	if err != nil {
		return err
	}
	var units []unitRow
	for _, b := range []string{"A", "B"} {
		for floor := 1; floor <= 10; floor++ {
			for flat := 1; flat <= 10; flat++ {
				units = append(units, unitRow{building: b, code: fmt.Sprintf("%s-%02d%02d", b, floor, flat), floor: floor, capacity: 4 + flat%3})
			}
		}
	}
	if _, err := insertUnits(tx, gbTenant, gbSite, units); err != nil {
		return fmt.Errorf("apartment demo: Green Bay units: %w", err)
	}
	var rows []demoResident
	n := 0
	for i, u := range units {
		if i%8 == 7 {
			continue // an empty flat
		}
		family := familyNames[i%len(familyNames)]
		kind := "permanent"
		switch {
		case i%4 == 1:
			kind = "temporary"
		case i%17 == 3:
			kind = "long_stay"
		}
		size := 1 + (i*7)%4
		if kind != "permanent" {
			size = 1 + i%2
		}
		moveIn := today.AddDate(0, -(i*5)%70, -(i*3)%28)
		for m := 0; m < size; m++ {
			n++
			rel, male, year := "head", i%3 != 0, 1958+(i*3)%40
			switch m {
			case 1:
				rel, male, year = "spouse", !male, year+2
			case 2:
				rel, male, year = "child", n%2 == 0, 2003+(i%15)
			case 3:
				rel, male, year = "parent", n%2 == 1, 1945+(i%10)
			}
			if kind != "permanent" && m == 1 {
				rel = "relative"
			}
			r := demoResident{p: person(n, family, male, year), unit: u.code, relation: rel, residenceType: kind, moveIn: moveIn,
				status: InitialStatus(kind)}
			if kind != "permanent" {
				demoTamtru(&r, n, today)
			}
			rows = append(rows, r)
		}
	}
	if err := insertDemoResidents(tx, gbTenant, gbSite, rows, now); err != nil {
		return err
	}
	// An Cư: 20 rooms of factory workers, each with tạm trú in some state.
	acTenant, acSite, err := demo.SiteID(tx, "nha-tro-an-cu", "an-cu")
	if err != nil {
		return err
	}
	units = units[:0]
	for room := 1; room <= 20; room++ {
		units = append(units, unitRow{code: fmt.Sprintf("P%02d", room), floor: 1 + (room-1)/10, capacity: 3})
	}
	if _, err := insertUnits(tx, acTenant, acSite, units); err != nil {
		return fmt.Errorf("apartment demo: An Cư rooms: %w", err)
	}
	rows = rows[:0]
	for room := 1; room <= 20; room++ {
		for m := 0; m < 1+room%3; m++ {
			n++
			rel := "head"
			if m > 0 {
				rel = "other"
			}
			r := demoResident{p: person(n, familyNames[(n*7)%len(familyNames)], n%2 == 0, 1995+n%10), unit: fmt.Sprintf("P%02d", room),
				relation: rel, residenceType: "temporary", moveIn: today.AddDate(0, -(room*2)%20, -m*9), status: TamtruDue}
			demoTamtru(&r, n, today)
			rows = append(rows, r)
		}
	}
	if err := insertDemoResidents(tx, acTenant, acSite, rows, now); err != nil {
		return err
	}
	if err := demo.AddAccount(tx, demo.Account{Username: DemoOwner, FullName: "Lương Thị Thu", Role: "owner", Tenant: "nha-tro-an-cu"}); err != nil {
		return err
	}
	if err := demo.AddToken(tx, "chung-cu-green-bay", "Demo BMS", DemoToken); err != nil {
		return err
	}
	if err := seedDemoRequests(tx, gbTenant, gbSite, today); err != nil {
		return err
	}
	return seedDemoVisits(tx, gbTenant, gbSite, now)
}

// demoTamtru gives a non-permanent demo resident one of the tạm trú cases,
// so the board's lists have some of each.
func demoTamtru(r *demoResident, n int, today time.Time) {
	date := func(d time.Time) *time.Time { return &d }
	switch n % 6 {
	case 0: // due: 30 days or more without tạm trú
		r.moveIn, r.status = today.AddDate(0, 0, -35-n%40), TamtruDue
	case 1: // pending: arrived less than 30 days ago
		r.moveIn, r.status = today.AddDate(0, 0, -(n%25)), TamtruDue
	case 2: // submitted through VNeID
		r.status, r.dossier = TamtruSubmitted, fmt.Sprintf("G22.%06d", 100000+n)
	case 3: // expiring within 15 days
		r.status, r.until = TamtruRegistered, date(today.AddDate(0, 0, 1+n%14))
	case 4: // registered for long
		r.status, r.until = TamtruRegistered, date(today.AddDate(1, 0, n%60))
	case 5: // past its end
		r.status, r.until = TamtruRegistered, date(today.AddDate(0, 0, -1-n%20))
	}
	if r.until != nil && !r.moveIn.Before(*r.until) {
		r.moveIn = r.until.AddDate(0, -6, 0)
	}
}

// insertDemoResidents stores demo residents in one statement, with their
// registration events, identity records and figures.
func insertDemoResidents(tx *gorm.DB, tenantID, siteID int64, rows []demoResident, now time.Time) error {
	var sb strings.Builder
	args := make([]any, 0, len(rows)*14)
	sb.WriteString(`INSERT INTO apt_residents (tenant_id, site_id, unit_id, doc_type, doc_number, full_name, name_fold, birth_date, sex,
		nationality, address, relation, residence_type, move_in, tamtru_status, tamtru_dossier, tamtru_until, source)
		SELECT ?::bigint, ?::bigint, u.id, 'cccd', v.number, v.name, v.fold, v.birth::date, v.sex, 'VNM', v.address, v.relation, v.rtype,
			v.move_in::date, v.status, v.dossier, v.until::date, 'demo'
		FROM (VALUES `)
	args = append(args, tenantID, siteID)
	for i, r := range rows {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
		var until any
		if r.until != nil {
			until = r.until.Format("2006-01-02")
		}
		args = append(args, r.unit, r.p.number, r.p.name, iddoc.Fold(r.p.name), r.p.birth.Format("2006-01-02"), r.p.sex, r.p.address,
			r.relation, r.residenceType, r.moveIn.Format("2006-01-02"), r.status+"|"+r.dossier, until)
	}
	sb.WriteString(`) AS w(unit, number, name, fold, birth, sex, address, relation, rtype, move_in, sd, until)
		CROSS JOIN LATERAL (SELECT w.number, w.name, w.fold, w.birth, w.sex, w.address, w.relation, w.rtype, w.move_in,
			split_part(w.sd, '|', 1) AS status, split_part(w.sd, '|', 2) AS dossier, w.until) v
		JOIN apt_units u ON u.tenant_id = ?::bigint AND u.site_id = ?::bigint AND u.code = w.unit`)
	args = append(args, tenantID, siteID)
	if err := tx.Exec(sb.String(), args...).Error; err != nil {
		return fmt.Errorf("apartment demo: residents: %w", err)
	}
	err := tx.Exec(`INSERT INTO apt_resident_events (tenant_id, site_id, resident_id, action, detail, changed_at)
		SELECT r.tenant_id, r.site_id, r.id, 'register', u.code, r.move_in::timestamptz + interval '9 hours'
		FROM apt_residents r JOIN apt_units u ON u.tenant_id = r.tenant_id AND u.id = r.unit_id WHERE r.tenant_id = ? AND r.site_id = ?`,
		tenantID, siteID).Error
	if err != nil {
		return fmt.Errorf("apartment demo: events: %w", err)
	}
	err = tx.Exec(`INSERT INTO identity_records (tenant_id, source, record_id, site_id, doc_type, doc_number, full_name, name_fold, birth_date, sex, seen_at)
		SELECT tenant_id, 'resident', id, site_id, doc_type, doc_number, full_name, name_fold, birth_date, sex, ? FROM apt_residents
		WHERE tenant_id = ? AND site_id = ?`, now, tenantID, siteID).Error
	if err != nil {
		return fmt.Errorf("apartment demo: identity records: %w", err)
	}
	var n struct{ Residents, Backlog int64 }
	if err := tx.Raw(`SELECT count(*) AS residents, count(*) FILTER (WHERE residence_type <> 'permanent' AND tamtru_status = 'due') AS backlog
		FROM apt_residents WHERE tenant_id = ? AND site_id = ?`, tenantID, siteID).Scan(&n).Error; err != nil {
		return fmt.Errorf("apartment demo: counts: %w", err)
	}
	if err := addFigure(tx, IndResidents, tenantID, siteID, now, float64(n.Residents)); err != nil {
		return err
	}
	if err := addFigure(tx, IndBacklog, tenantID, siteID, now, float64(n.Backlog)); err != nil {
		return err
	}
	return nil
}

// seedDemoRequests gives Green Bay a poster and two requests waiting.
func seedDemoRequests(tx *gorm.DB, tenantID, siteID int64, today time.Time) error {
	var poster int64
	if err := tx.Raw(`INSERT INTO apt_posters (tenant_id, site_id, token) VALUES (?, ?, ?) RETURNING id`, tenantID, siteID, demoPosterToken).
		Scan(&poster).Error; err != nil {
		return fmt.Errorf("apartment demo: poster: %w", err)
	}
	for i, u := range []string{"A-0808", "B-1008"} {
		p := person(900+i, "Đinh", i == 0, 1990+i)
		err := tx.Exec(`INSERT INTO apt_selfregs (tenant_id, site_id, poster_id, unit_code, doc_type, doc_number, full_name, birth_date, sex,
				nationality, address, relation, residence_type, move_in, source)
			VALUES (?, ?, ?, ?, 'cccd', ?, ?, ?, ?, 'VNM', ?, 'head', 'temporary', ?, 'qr')`,
			tenantID, siteID, poster, u, p.number, p.name, p.birth.Format("2006-01-02"), p.sex, p.address, today.AddDate(0, 0, -2).Format("2006-01-02")).Error
		if err != nil {
			return fmt.Errorf("apartment demo: request: %w", err)
		}
	}
	return nil
}

// seedDemoVisits gives Green Bay three visitors tonight and six of the past
// weeks, their notifications accepted (one of them late), as the national
// system would have answered.
func seedDemoVisits(tx *gorm.DB, tenantID, siteID int64, now time.Time) error {
	y, m, d := now.In(national.Zone).Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, national.Zone)
	for i := 0; i < 9; i++ {
		p := person(950+i, familyNames[(i*5)%len(familyNames)], i%2 == 0, 1985+i)
		arrival := day.Add(19*time.Hour + time.Duration(i)*7*time.Minute)
		status, departed := "open", any(nil)
		if i >= 3 {
			arrival = arrival.AddDate(0, 0, -3*i)
			status, departed = "checked_out", arrival.Add(14*time.Hour)
		}
		if arrival.After(now) {
			arrival = now.Add(-time.Duration(10+i) * time.Minute)
		}
		deadline := national.Deadline(arrival, false)
		accepted := arrival.Add(2 * time.Minute)
		if i == 5 {
			accepted = deadline.Add(40 * time.Minute) // one late notification
		}
		unit := fmt.Sprintf("A-%02d%02d", 2+i, 1+i)
		var stayID int64
		err := tx.Raw(`INSERT INTO stays (tenant_id, site_id, room, doc_type, doc_number, full_name, name_fold, birth_date, sex, nationality,
				address, arrival_at, expected_departure, reason, status, departed_at, deadline_at, source)
			VALUES (?, ?, ?, 'cccd', ?, ?, ?, ?, ?, 'VNM', ?, ?, ?, ?, ?, ?, ?, 'manual') RETURNING id`,
			tenantID, siteID, unit, p.number, p.name, iddoc.Fold(p.name), p.birth.Format("2006-01-02"), p.sex, p.address, arrival,
			arrival.AddDate(0, 0, 1).Format("2006-01-02"), DefaultVisitReason, status, departed, deadline).Scan(&stayID).Error
		if err != nil {
			return fmt.Errorf("apartment demo: visitor: %w", err)
		}
		// the payload as the national system received it, from the stay itself
		err = tx.Exec(`INSERT INTO notifications (tenant_id, site_id, stay_id, event, payload, status, attempts, receipt, deadline_at,
				accepted_at, created_at)
			SELECT st.tenant_id, st.site_id, st.id, 'check_in', jsonb_build_object('site_code', t.slug || '/' || s.slug,
				'site_name', s.name, 'site_address', s.address, 'area_code', a.code, 'stay_id', st.id, 'event', 'check_in',
				'document', jsonb_build_object('type', st.doc_type, 'number', st.doc_number), 'full_name', st.full_name,
				'birth_date', st.birth_date, 'sex', st.sex, 'nationality', st.nationality, 'arrival', st.arrival_at,
				'expected_departure', st.expected_departure, 'reason', st.reason, 'room', st.room),
				'accepted', 1, ?, ?, ?, ?
			FROM stays st JOIN sites s ON s.tenant_id = st.tenant_id AND s.id = st.site_id
			JOIN tenants t ON t.id = st.tenant_id JOIN areas a ON a.id = s.area_id
			WHERE st.tenant_id = ? AND st.id = ?`,
			fmt.Sprintf("LT-DEMO-%06d", stayID), deadline, accepted, arrival, tenantID, stayID).Error
		if err != nil {
			return fmt.Errorf("apartment demo: visitor notification: %w", err)
		}
		err = tx.Exec(`INSERT INTO stay_revisions (tenant_id, site_id, stay_id, action, field, old_value, new_value, changed_at)
			VALUES (?, ?, ?, 'check_in', '', '', '', ?)`, tenantID, siteID, stayID, arrival).Error
		if err != nil {
			return fmt.Errorf("apartment demo: visitor revision: %w", err)
		}
		err = tx.Exec(`INSERT INTO apt_visits (tenant_id, stay_id, site_id, unit_id, created_at)
			SELECT ?, ?, ?, id, ? FROM apt_units WHERE tenant_id = ? AND site_id = ? AND code = ?`,
			tenantID, stayID, siteID, arrival, tenantID, siteID, unit).Error
		if err != nil {
			return fmt.Errorf("apartment demo: visit: %w", err)
		}
		err = tx.Exec(`INSERT INTO identity_records (tenant_id, source, record_id, site_id, doc_type, doc_number, full_name, name_fold,
				birth_date, sex, seen_at) VALUES (?, 'stay', ?, ?, 'cccd', ?, ?, ?, ?, ?, ?)`,
			tenantID, stayID, siteID, p.number, p.name, iddoc.Fold(p.name), p.birth.Format("2006-01-02"), p.sex, arrival).Error
		if err != nil {
			return fmt.Errorf("apartment demo: visitor identity: %w", err)
		}
	}
	return nil
}

// DemoLines are printed when the demo starts.
func (*Kind) DemoLines() []string {
	return []string{
		"Apartment API token: " + DemoToken + " (chung-cu-green-bay, site green-bay, units A-0101 … A-1010, B-0101 … B-1010)",
		"Boarding-house owner: " + DemoOwner + " / " + demo.Password + " (Nhà trọ An Cư, /t/nha-tro-an-cu/)",
		"Green Bay self-registration poster: /p/apartment/r/" + demoPosterToken,
	}
}
