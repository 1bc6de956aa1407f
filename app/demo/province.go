package demo

import (
	"fmt"

	"gorm.io/gorm"
)

// The demo's pilot models: these are piloting or planned, every other one
// of the 45 is deployed (33 in all, as the province reported).
var (
	demoPiloting = []int{15, 17, 21, 29, 33, 38, 40}
	demoPlanned  = []int{13, 14, 20, 34, 41}
)

// leadAgencies are the demo's lead agencies, by model group.
var leadAgencies = map[string]string{
	"public_services": "Trung tâm Phục vụ hành chính công tỉnh", "health": "Sở Y tế", "identity": "Sở Tư pháp",
	"accommodation": "Công an tỉnh (PC06)", "transport": "Sở Xây dựng", "security": "Công an tỉnh",
	"education": "Sở Giáo dục và Đào tạo", "payments": "Ngân hàng Nhà nước Chi nhánh Khu vực 4", "digital_citizen": "Công an tỉnh (PC06)",
	"tourism": "Sở Văn hóa, Thể thao và Du lịch", "platform": "Sở Khoa học và Công nghệ", "data": "Sở Khoa học và Công nghệ",
	"social": "Sở Nội vụ", "analytics": "Công an tỉnh (PC06)",
}

// seedProvince loads the province's demo progress: model statuses with
// dates and lead agencies, which communes run which models, targets (some
// communes behind) and twelve months of reported values.
func seedProvince(tx *gorm.DB) error {
	for grp, agency := range leadAgencies {
		if err := tx.Exec(`UPDATE pilot_models SET lead_agency = ? WHERE grp = ?`, agency, grp).Error; err != nil {
			return fmt.Errorf("demo: lead agencies: %w", err)
		}
	}
	err := tx.Exec(`UPDATE pilot_models SET
			status = CASE WHEN no IN ? THEN 'piloting' WHEN no IN ? THEN 'planned' ELSE 'deployed' END,
			planned_on = date '2023-03-01' + (no * 5),
			piloting_on = CASE WHEN no IN ? THEN NULL ELSE date '2023-09-01' + (no * 7) END,
			deployed_on = CASE WHEN no IN ? OR no IN ? THEN NULL ELSE date '2024-03-01' + (no * 11) END,
			description = 'Mô hình ' || no || ' của Đề án 06 tại tỉnh Quảng Ninh: ' || name_vi || '.'`,
		demoPiloting, demoPlanned, demoPlanned, demoPiloting, demoPlanned).Error
	if err != nil {
		return fmt.Errorf("demo: model statuses: %w", err)
	}
	// Which communes run which models: deployed models everywhere but the
	// last communes, piloting ones in a few.
	err = tx.Exec(`INSERT INTO model_deployments (model_no, area_id, status, since)
		SELECT m.no, a.id, CASE WHEN m.status = 'deployed' THEN 'deployed' ELSE 'piloting' END, coalesce(m.deployed_on, m.piloting_on)
		FROM pilot_models m CROSS JOIN (SELECT id, row_number() OVER (ORDER BY code) AS k FROM areas WHERE parent_id IS NOT NULL) a
		WHERE m.fed_by = '' AND ((m.status = 'deployed' AND (m.no + a.k) % 5 <> 0) OR (m.status = 'piloting' AND (m.no + a.k) % 4 = 0))`).Error
	if err != nil {
		return fmt.Errorf("demo: deployments: %w", err)
	}
	// Targets of this year and last, for the province and, for a few
	// indicators, each commune.
	err = tx.Exec(`INSERT INTO indicator_targets (indicator, year, area_id, target)
		SELECT t.code, y.y, p.id, t.target
		FROM (VALUES ('acc.sites_reporting', 6), ('acc.stays_notified', 25), ('acc.stays_on_time', 95), ('acc.foreign_12h', 100),
			('acc.trips_manifest', 20), ('rep.dvc_online_share', 80), ('rep.e_records', 25000), ('rep.vneid_services', 12000),
			('rep.kiosks', 40), ('rep.chip_visits', 150000), ('rep.hospital_kiosks', 30), ('rep.traffic_fines_online', 70),
			('rep.cashless_tickets', 50000), ('rep.vneid_level2', 1100000), ('rep.school_vneid', 700), ('rep.social_cashless', 90),
			('rep.parking_cashless', 120), ('rep.legal_record_online', 3000), ('rep.soc_incidents', 0)) AS t (code, target)
		CROSS JOIN (VALUES (extract(year FROM now())::int), (extract(year FROM now())::int - 1)) AS y (y)
		CROSS JOIN (SELECT id FROM areas WHERE parent_id IS NULL) p`).Error
	if err != nil {
		return fmt.Errorf("demo: province targets: %w", err)
	}
	err = tx.Exec(`INSERT INTO indicator_targets (indicator, year, area_id, target)
		SELECT t.code, extract(year FROM now())::int, a.id, t.target
		FROM (VALUES ('acc.stays_notified', 8), ('acc.stays_on_time', 95), ('acc.foreign_12h', 100), ('acc.sites_reporting', 1),
			('rep.vneid_level2', 85000)) AS t (code, target)
		CROSS JOIN areas a WHERE a.parent_id IS NOT NULL`).Error
	if err != nil {
		return fmt.Errorf("demo: commune targets: %w", err)
	}
	// Twelve months of reported values, growing, entered by the provincial
	// official's account; level-2 VNeID accounts by commune too, some behind.
	err = tx.Exec(`INSERT INTO reported_values (indicator, month, area_id, value, entered_by, entered_at)
		SELECT i.code, m.month, p.id,
			round(CASE i.unit WHEN 'percent' THEN least(99, t.target * (0.75 + 0.02 * m.k)) ELSE t.target * (0.7 + 0.025 * m.k) END
				+ CASE WHEN i.code = 'rep.soc_incidents' THEN 3 - m.k / 4 ELSE 0 END),
			(SELECT id FROM users WHERE username = 'tinh'), m.month + interval '35 days'
		FROM indicators i
		JOIN indicator_targets t ON t.indicator = i.code AND t.year = extract(year FROM now())::int
		JOIN areas p ON p.id = t.area_id AND p.parent_id IS NULL
		CROSS JOIN (SELECT (date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh') - make_interval(months => k))::date AS month, 12 - k AS k
			FROM generate_series(1, 12) k) m
		WHERE i.source = 'reported'`).Error
	if err != nil {
		return fmt.Errorf("demo: reported values: %w", err)
	}
	err = tx.Exec(`INSERT INTO reported_values (indicator, month, area_id, value, entered_by, entered_at)
		SELECT 'rep.vneid_level2', m.month, a.id, round(60000 + 2500 * m.k + 1500 * (a.k % 7)),
			(SELECT id FROM users WHERE username = 'tinh'), m.month + interval '35 days'
		FROM (SELECT id, row_number() OVER (ORDER BY code) AS k FROM areas WHERE parent_id IS NOT NULL) a
		CROSS JOIN (SELECT (date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh') - make_interval(months => k))::date AS month, 12 - k AS k
			FROM generate_series(0, 12) k) m`).Error
	if err != nil {
		return fmt.Errorf("demo: reported values by commune: %w", err)
	}
	return nil
}
