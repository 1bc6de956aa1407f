package market

import (
	"fmt"
	"time"

	"gorm.io/gorm"

	"portal06/app/demo"
	"portal06/app/i18n"
	"portal06/tenants/market/vietqr"
)

// demoMarket is a demo market: its stalls, how many end with a QR and
// accept cashless (percent), and where the first month's share started.
type demoMarket struct {
	tenant, site           string
	class                  int
	stalls                 int
	qrFrom, qrTo, accepts  int
	feeBIN, feeAccount     string
	newTenant, name, tax   string
	siteName, area, street string
}

var demoMarkets = []demoMarket{
	{tenant: "cho-mao-khe", site: "cho-mao-khe", class: 1, stalls: 300, qrFrom: 35, qrTo: 80, accepts: 83, feeBIN: "970436", feeAccount: "0141000123456"},
	{tenant: "cho-ha-long-1", site: "cho-ha-long-1", class: 1, stalls: 400, qrFrom: 40, qrTo: 74, accepts: 78, feeBIN: "970415", feeAccount: "113000456789"},
	{tenant: "cho-cam-pha", site: "cho-cam-pha", class: 2, stalls: 120, qrFrom: 50, qrTo: 88, accepts: 90, feeBIN: "970405", feeAccount: "8001205123456",
		newTenant: "cho-cam-pha", name: "Ban quản lý chợ Cẩm Phả", tax: "5713456789", siteName: "Chợ Cẩm Phả", area: "06799", street: "Đường Trần Phú, phường Cẩm Phả"},
	{tenant: "cho-tien-yen", site: "cho-tien-yen", class: 3, stalls: 60, qrFrom: 20, qrTo: 55, accepts: 60, feeBIN: "970418", feeAccount: "44010000123456",
		newTenant: "cho-tien-yen", name: "Ban quản lý chợ Tiên Yên", tax: "5714567890", siteName: "Chợ Tiên Yên", area: "07000", street: "Phố Thống Nhất, xã Tiên Yên"},
}

// DemoLines says where to look.
func (*Kind) DemoLines() []string {
	return []string{"market: cho-board sees /t/cho-mao-khe/adoption; cho-quay (staff: stalls, no fees) the stalls; tinh sees /province/markets; `portal06 vietqr decode PAYLOAD` reads a VietQR code"}
}

// SeedDemo loads the markets' stalls, six months of QR adoption and fee
// bills, and this month's bills, some paid by QR. Bulk statements only.
func (k *Kind) SeedDemo(tx *gorm.DB) error {
	now := time.Now().In(i18n.Zone)
	cur := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	for _, m := range demoMarkets {
		if m.newTenant != "" {
			if _, err := demo.AddTenant(tx, "market", m.newTenant, m.name, m.tax, k.SiteKinds(), []string{k.Name()},
				demo.Site{Slug: m.site, Name: m.siteName, Kind: "market", Area: m.area, Address: m.street}); err != nil {
				return err
			}
		}
		if err := seedMarket(tx, m, cur, now); err != nil {
			return fmt.Errorf("market demo %s: %w", m.site, err)
		}
	}
	// a clerk of the stalls, who may not manage fees
	if err := demo.AddAccount(tx, demo.Account{Username: "cho-quay", FullName: "Trần Thị Mai", Role: "staff", Tenant: "cho-mao-khe"}); err != nil {
		return err
	}
	return tx.Exec(`SELECT set_config('market.day', '', true)`).Error
}

func seedMarket(tx *gorm.DB, m demoMarket, cur, now time.Time) error {
	tid, sid, err := demo.SiteID(tx, m.tenant, m.site)
	if err != nil {
		return err
	}
	if err := SetMarket(tx, tid, sid, m.class, m.feeBIN, m.feeAccount); err != nil {
		return err
	}
	start := cur.AddDate(0, -6, 0)
	if err := setDay(tx, start); err != nil {
		return err
	}
	// Stalls: six zones, codes A-1 …, names from common Vietnamese family,
	// middle and given names; a bank account for those that will have a QR.
	err = tx.Exec(`INSERT INTO stalls (tenant_id, site_id, code, zone, category, fee_class, holder_name, holder_phone, holder_id, bank_bin, account)
		SELECT ?, ?, chr(65 + (i - 1) % 6) || '-' || ((i - 1) / 6 + 1), 'Khu ' || chr(65 + (i - 1) % 6),
		  (ARRAY['fresh_food','produce','dry_goods','clothing','household','food_service','services','other'])[1 + (i * 5 + i / 7) % 8],
		  1 + i % 3,
		  (ARRAY['Nguyễn','Trần','Lê','Phạm','Hoàng','Vũ','Đặng','Bùi','Đỗ','Ngô'])[1 + i % 10] || ' ' ||
		  (ARRAY['Thị','Văn','Thị Thu','Đức','Thị Minh','Quang','Thị Hồng'])[1 + (i / 10) % 7] || ' ' ||
		  (ARRAY['An','Bình','Chi','Dung','Hà','Hải','Hoa','Lan','Mai','Nam','Phúc','Quân','Thảo','Tuấn','Yến'])[1 + (i * 7) % 15],
		  '09' || lpad(((i * 7919 + ?) % 100000000)::text, 8, '0'),
		  CASE WHEN i % 9 = 0 THEN '022' || (i % 2)::text || '8' || (i % 10)::text || lpad((i * 131 % 1000000)::text, 6, '0') END,
		  CASE WHEN (i * 37) % 100 < ? THEN (ARRAY['970436','970415','970418','970405','970422','970407','970423','970432'])[1 + i % 8] END,
		  CASE WHEN (i * 37) % 100 < ? THEN '10' || lpad((i * 104729 + ?)::text, 10, '0') END
		FROM generate_series(1, ?) AS i`, tid, sid, sid*1000003, m.qrTo, m.qrTo, sid*7, m.stalls).Error
	if err != nil {
		return err
	}
	var rows []struct {
		ID      int64
		BankBIN *string
		Account *string
	}
	if err := tx.Raw(`SELECT id, bank_bin, account FROM stalls WHERE tenant_id = ? AND site_id = ? AND bank_bin IS NOT NULL ORDER BY id`, tid, sid).Scan(&rows).Error; err != nil {
		return err
	}
	ids, payloads := make([]int64, len(rows)), make([]string, len(rows))
	for i, r := range rows {
		ids[i], payloads[i] = r.ID, vietqr.MustEncode(vietqr.Code{BIN: *r.BankBIN, Account: *r.Account})
	}
	// fresh statistics, so the month-by-month updates below join by hash
	if err := tx.Exec(`ANALYZE stalls, market_bills`).Error; err != nil {
		return err
	}
	// Month by month the share with a QR and accepting cashless grows.
	for step := 0; step <= 6; step++ {
		month := start.AddDate(0, step, 0)
		day := month.AddDate(0, 0, 9)
		if step == 6 {
			day = time.Date(now.Year(), now.Month(), min(now.Day(), 10), 0, 0, 0, 0, time.UTC)
		}
		if err := setDay(tx, day); err != nil {
			return err
		}
		qr := m.qrFrom + (m.qrTo-m.qrFrom)*step/6
		acc := m.qrFrom + 5 + (m.accepts-m.qrFrom-5)*step/6
		err := tx.Exec(`UPDATE stalls st SET qr_source = CASE WHEN x.id % 5 = 0 THEN 'registered' ELSE 'generated' END, qr_payload = x.payload
			FROM unnest(?::bigint[], ?::text[]) AS x(id, payload)
			WHERE st.tenant_id = ? AND st.id = x.id AND st.qr_payload IS NULL AND (x.id * 53) % 100 < ?`,
			int64Array(ids), textArray(payloads), tid, qr*100/m.qrTo).Error
		if err != nil {
			return err
		}
		err = tx.Exec(`UPDATE stalls SET accepts_cashless = true, inspected_on = ?::date, inspected_by = 'Vũ Thị Lan'
			WHERE tenant_id = ? AND site_id = ? AND NOT accepts_cashless AND (id * 29) % 100 < ?`, day.Format("2006-01-02"), tid, sid, acc).Error
		if err != nil {
			return err
		}
		// The month's bills: past months mostly paid, more by QR each month;
		// this month's partly paid.
		paidPct, qrPct := 92, 20+step*7
		if step == 6 {
			paidPct, qrPct = 55, 55
		}
		err = tx.Exec(`INSERT INTO market_bills (tenant_id, site_id, stall_id, month, code, amount, paid_method, paid_on, paid_by)
			SELECT st.tenant_id, st.site_id, st.id, ?::date, 'PHI' || ? || 'S' || lpad(st.id::text, 7, '0'),
			  (ARRAY[300000, 200000, 100000])[st.fee_class],
			  CASE WHEN (st.id * 17 + ?) % 100 >= ? THEN NULL WHEN st.qr_payload IS NOT NULL AND (st.id * 11 + ?) % 100 < ? * 100 / ? THEN 'qr' ELSE 'cash' END,
			  CASE WHEN (st.id * 17 + ?) % 100 < ? THEN least(?::date + (st.id % 5)::int, ?::date) END,
			  CASE WHEN (st.id * 17 + ?) % 100 < ? THEN 'Vũ Thị Lan' END
			FROM stalls st WHERE st.tenant_id = ? AND st.site_id = ?`,
			month.Format("2006-01-02"), month.Format("0601"), step, paidPct, step, qrPct, max(qr, 1),
			step, paidPct, day.Format("2006-01-02"), now.Format("2006-01-02"), step, paidPct, tid, sid).Error
		if err != nil {
			return err
		}
	}
	return tx.Exec(`INSERT INTO stall_inspections (tenant_id, site_id, stall_id, day, accepts, by_name)
		SELECT tenant_id, site_id, id, inspected_on, true, inspected_by FROM stalls WHERE tenant_id = ? AND site_id = ? AND accepts_cashless`, tid, sid).Error
}
