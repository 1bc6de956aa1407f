package tips

import (
	"fmt"
	"time"

	"gorm.io/gorm"

	"portal06/app/i18n"
)

// DemoCode is the tracking code of the first demo tip, for trying /tip/status.
const DemoCode = "P06D-EM00-0000-0000-0001"

type demoTip struct {
	area, site, category, description, address string
}

var demoTips = []demoTip{
	{"06703", "", "theft", "Xe máy Honda Vision màu trắng bị lấy trộm trước cửa hàng tiện lợi lúc khoảng 22 giờ.", "Đường Hạ Long, phường Bãi Cháy"},
	{"06703", "vinh-xanh-bai-chay", "fraud", "Một nhóm người mời khách du lịch mua tour du thuyền giá rẻ, thu tiền cọc rồi không liên lạc được.", "Sảnh khách sạn Vịnh Xanh Bãi Cháy"},
	{"07093", "cho-mao-khe", "theft", "Kẻ gian móc túi người đi chợ ở dãy hàng rau buổi sáng, đã có hai người bị mất ví.", "Dãy hàng rau, chợ Mạo Khê"},
	{"06658", "cho-ha-long-1", "public_order", "Hàng rong lấn chiếm lối đi, cãi vã với ban quản lý chợ gây ùn tắc.", "Cổng phụ chợ Hạ Long I"},
	{"06703", "green-bay", "drugs", "Nghi vấn một nhóm thanh niên sử dụng chất ma túy ở tầng hầm để xe vào ban đêm.", "Tầng hầm B1, chung cư Green Bay"},
	{"06661", "", "gambling", "Tụ tập đánh bạc ăn tiền tại quán nước đầu ngõ, thường từ 20 giờ đến khuya.", "Ngõ 12 đường Trần Hưng Đạo"},
	{"06706", "", "traffic", "Xe khách đỗ dưới lòng đường đón trả khách, nhiều lần gây va chạm.", "Đường vào cảng tàu khách Tuần Châu"},
	{"06799", "an-cu", "violence", "Hai người thuê trọ xô xát, có dùng hung khí, hàng xóm phải can ngăn.", "Tổ 3, khu 4, phường Cẩm Phả"},
	{"06868", "", "fraud", "Đối tượng gọi điện giả danh công an yêu cầu chuyển tiền để xác minh tài khoản.", "Phường Móng Cái 1"},
	{"07072", "", "environment", "Xe chở đất không che chắn làm rơi vãi ra đường, bụi bẩn kéo dài.", "Đường Quang Trung, phường Uông Bí"},
	{"07129", "", "theft", "Mất trộm dây điện và đồng hồ nước tại công trình đang xây dựng.", "Khu dân cư mới, phường Quảng Yên"},
	{"07192", "binh-yen", "public_order", "Khách say rượu hát karaoke lớn tiếng sau 23 giờ, gây mất trật tự khu dân cư.", "Thôn Đông Trung, đặc khu Vân Đồn"},
	{"07171", "co-to-xanh", "environment", "Tàu cá đổ dầu thải xuống khu vực gần bãi tắm.", "Bãi tắm Hồng Vàn, đặc khu Cô Tô"},
	{"07000", "", "robbery", "Người đi xe máy giật túi xách của phụ nữ đi bộ rồi bỏ chạy về phía quốc lộ.", "Quốc lộ 18, xã Tiên Yên"},
	{"06703", "ben-xe-bai-chay", "theft", "Hành lý của hành khách bị lấy khi để ở khoang xe, xe tuyến Hạ Long – Hà Nội.", "Bến xe Bãi Cháy"},
	{"07093", "hoa-mai", "other", "Khách lưu trú có biểu hiện nghi vấn, thường xuyên thay đổi biển số xe.", "Nhà nghỉ Hoa Mai"},
	{"06658", "hong-gai-tower", "theft", "Mất trộm xe đạp điện trong nhà để xe dù có camera.", "Chung cư Hồng Gai Tower"},
	{"06661", "cc-ha-long", "fraud", "Người mang giấy tờ nghi giả mạo đến công chứng hợp đồng mua bán nhà.", "Văn phòng công chứng Hạ Long"},
}

// demoStatuses cycle over the demo tips.
var demoStatuses = []string{"received", "verifying", "closed", "verifying", "closed", "received"}

// SeedDemo loads a few dozen tips across the wards and statuses, in the
// demo's transaction (as the owner, the whole province in scope).
func SeedDemo(tx *gorm.DB) error {
	now := time.Now()
	n := 0
	for round := 0; round < 2; round++ {
		for i, d := range demoTips {
			n++
			created := now.Add(-time.Duration(n*26+round*3) * time.Hour)
			status := demoStatuses[(i+round)%len(demoStatuses)]
			if err := seedTip(tx, n, d, created, status); err != nil {
				return err
			}
		}
	}
	return seedTransfer(tx)
}

// seedTransfer shows a transfer: Bãi Cháy's tip about the tour deposits
// went to Hồng Gai, where the company sits; Bãi Cháy keeps its history.
func seedTransfer(tx *gorm.DB) error {
	var ids []int64
	err := tx.Raw(`SELECT t.id FROM tips t JOIN areas a ON a.id = t.area_id
		WHERE a.code = '06703' AND t.category = 'fraud' AND t.status <> 'closed' ORDER BY t.id LIMIT 1`).Scan(&ids).Error
	if err != nil || len(ids) == 0 {
		return err
	}
	var from, to int64
	if err := tx.Raw(`SELECT id FROM police_units WHERE code = 'CA-BAICHAY'`).Scan(&from).Error; err != nil {
		return err
	}
	if err := tx.Raw(`SELECT id FROM police_units WHERE code = 'CA-HONGGAI'`).Scan(&to).Error; err != nil {
		return err
	}
	at := time.Now().Add(-20 * time.Hour)
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO tip_units (tip_id, unit_id, since) VALUES (?, ?, ?)`, []any{ids[0], to, at}},
		{`UPDATE tip_units SET until = ? WHERE tip_id = ? AND unit_id = ? AND until IS NULL`, []any{at, ids[0], from}},
		{`UPDATE tips SET status = 'transferred' WHERE id = ?`, []any{ids[0]}},
		{`INSERT INTO tip_events (tip_id, unit_id, action, status, to_unit_id, note, created_at) VALUES (?, ?, 'transfer', 'transferred', ?, ?, ?)`,
			[]any{ids[0], from, to, "Công ty lữ hành có trụ sở tại phường Hồng Gai.", at}},
	} {
		if err := tx.Exec(q.sql, q.args...).Error; err != nil {
			return fmt.Errorf("tips: demo transfer: %w", err)
		}
	}
	return nil
}

func seedTip(tx *gorm.DB, n int, d demoTip, created time.Time, status string) error {
	area, err := areaByCode(tx, d.area)
	if err != nil || area == nil {
		return fmt.Errorf("tips: demo area %s: %v", d.area, err)
	}
	var site *Site
	if d.site != "" {
		if site, err = siteBySlug(tx, d.site, ""); err != nil {
			return err
		} // a demo without that site's kind: the tip names only its area
	}
	_, hash := NewCode()
	if n == 1 {
		norm, _ := NormalizeCode(DemoCode)
		hash = HashCode(norm)
	}
	var tenant, siteID any
	siteName := ""
	if site != nil {
		tenant, siteID, siteName = site.TenantID, site.SiteID, site.SiteName
	}
	name, phone := "", ""
	if n%7 == 3 {
		name, phone = "Nguyễn Thị Hoa", "0912345678"
	}
	var responded, closed any
	note := ""
	if status != "received" {
		responded = created.Add(time.Duration(1+n%6) * time.Hour)
	}
	if status == "closed" {
		closed = created.Add(time.Duration(2+n%20) * 24 * time.Hour)
		if closed.(time.Time).After(time.Now()) {
			closed = time.Now().Add(-time.Hour)
		}
		note = "Công an đã xác minh và xử lý. Cảm ơn bạn đã báo tin."
	}
	var id int64
	err = tx.Raw(`INSERT INTO tips (code_hash, category, description, area_id, site_tenant_id, site_id, site_name, address, occurred_at,
			reporter_name, reporter_phone, names_person, status, public_note, created_at, first_response_at, closed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		hash, d.category, d.description, area.ID, tenant, siteID, siteName, d.address, created.Add(-2*time.Hour),
		name, phone, name != "", status, note, created, responded, closed).Scan(&id).Error
	if err != nil {
		return fmt.Errorf("tips: demo tip %d: %w", n, err)
	}
	units, err := routeUnits(tx, area.ID)
	if err != nil {
		return err
	}
	var local int64
	for _, u := range units {
		if err := tx.Exec(`INSERT INTO tip_units (tip_id, unit_id, since) VALUES (?, ?, ?)`, id, u, created).Error; err != nil {
			return fmt.Errorf("tips: demo routing: %w", err)
		}
		var kind string
		if err := tx.Raw(`SELECT kind FROM police_units WHERE id = ?`, u).Scan(&kind).Error; err != nil {
			return err
		}
		if kind == "local_police" {
			local = u
		}
	}
	if err := tx.Exec(`INSERT INTO tip_events (tip_id, action, status, created_at) VALUES (?, 'received', 'received', ?)`, id, created).Error; err != nil {
		return fmt.Errorf("tips: demo event: %w", err)
	}
	day := func(t time.Time) string { return "'" + t.In(i18n.Zone).Format("2006-01-02") + "'::date" }
	if err := addFigureOn(tx, IndicatorReceived, id, day(created), 1, 0); err != nil {
		return err
	}
	if err := addFigureOn(tx, IndicatorClosed30Share, id, day(created), 0, 1); err != nil {
		return err
	}
	if responded != nil && local != 0 {
		r := responded.(time.Time)
		var ids []int64
		if err := tx.Raw(`SELECT m.user_id FROM staff_memberships m WHERE m.unit_id = ? ORDER BY m.user_id LIMIT 1`, local).Scan(&ids).Error; err != nil {
			return err
		}
		var officer any
		if len(ids) == 1 {
			officer = ids[0]
		}
		if err := tx.Exec(`UPDATE tip_units SET assigned_to = ? WHERE tip_id = ? AND unit_id = ?`, officer, id, local).Error; err != nil {
			return err
		}
		if err := tx.Exec(`INSERT INTO tip_events (tip_id, unit_id, user_id, action, status, note, created_at) VALUES (?, ?, ?, 'status', 'verifying', ?, ?)`,
			id, local, officer, "Đã cử cán bộ xác minh tại chỗ.", r).Error; err != nil {
			return err
		}
		if err := addFigureOn(tx, IndicatorResponseHours, id, day(r), r.Sub(created).Hours(), 1); err != nil {
			return err
		}
	}
	if closed != nil && local != 0 {
		c := closed.(time.Time)
		if err := tx.Exec(`INSERT INTO tip_events (tip_id, unit_id, action, status, note, created_at) VALUES (?, ?, 'status', 'closed', ?, ?)`,
			id, local, "Đã xử lý, lập biên bản.", c).Error; err != nil {
			return err
		}
		if err := addFigureOn(tx, IndicatorClosed, id, day(c), 1, 0); err != nil {
			return err
		}
		if c.Sub(created) <= 30*24*time.Hour {
			if err := addFigureOn(tx, IndicatorClosed30, id, day(c), 1, 0); err != nil {
				return err
			}
			if err := addFigureOn(tx, IndicatorClosed30Share, id, day(c), 1, 0); err != nil {
				return err
			}
		}
	}
	return nil
}
