package market

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// DefaultTarget is the province's target share (percent) when a year has none.
const DefaultTarget = 80.0

// Target is the province's target share for year.
func Target(tx *gorm.DB, year int) (float64, error) {
	var out []float64
	if err := tx.Raw(`SELECT percent::float8 FROM market_targets WHERE year = ?`, year).Scan(&out).Error; err != nil {
		return 0, fmt.Errorf("market: read the target: %w", err)
	}
	if len(out) == 0 {
		return DefaultTarget, nil
	}
	return out[0], nil
}

// SetTarget sets the province's target share for year.
func SetTarget(tx *gorm.DB, year int, percent float64) error {
	err := tx.Exec(`INSERT INTO market_targets (year, percent) VALUES (?, ?) ON CONFLICT (year) DO UPDATE SET percent = excluded.percent`,
		year, percent).Error
	if err != nil {
		return fmt.Errorf("market: set the target: %w", err)
	}
	return nil
}

// AdoptionCount is the adoption of one group at the end of a month.
type AdoptionCount struct {
	Key     string
	Label   string
	Stalls  int64
	WithQR  int64
	Accepts int64
	Paid    int64 // stalls paid cashless at least once in the month
}

// AdoptionScope says whose stalls count: one tenant (and one of its
// markets) for a board, every tenant for the province.
type AdoptionScope struct {
	TenantID int64 // 0: all the request may see
	SiteID   int64
}

func (s AdoptionScope) where(alias string) (string, []any) {
	cond, args := "TRUE", []any{}
	if s.TenantID > 0 {
		cond += " AND " + alias + ".tenant_id = ?"
		args = append(args, s.TenantID)
	}
	if s.SiteID > 0 {
		cond += " AND " + alias + ".site_id = ?"
		args = append(args, s.SiteID)
	}
	return cond, args
}

// Groupings of the adoption tables: the SQL key and label over the rollup
// aliased d, its site s, its market m and its area a.
var groupings = map[string][2]string{
	"site":     {"d.site_id::text", "min(s.name)"},
	"zone":     {"d.zone", "d.zone"},
	"category": {"d.category", "d.category"},
	"class":    {"coalesce(m.class, 1)::text", "coalesce(m.class, 1)::text"},
	"area":     {"s.area_id::text", "min(a.name)"},
}

// paidKeys are the same groupings over the bills paid cashless (b), their stall (st).
var paidKeys = map[string]string{
	"site":     "b.site_id::text",
	"zone":     "st.zone",
	"category": "st.category",
	"class":    "coalesce(m.class, 1)::text",
	"area":     "s.area_id::text",
}

// Adoption counts stalls, those with a QR and those accepting cashless at
// the end of month (its first day), from the rollup, grouped by group; and
// the stalls paid cashless that month, from the bills.
func Adoption(tx *gorm.DB, sc AdoptionScope, month time.Time, group string) ([]AdoptionCount, error) {
	g := groupings[group]
	cond, args := sc.where("d")
	end := month.AddDate(0, 1, 0).Format("2006-01-02")
	var out []AdoptionCount
	// the days summed first, so that the joins see a few rows per market
	q := `WITH d AS (SELECT d.tenant_id, d.site_id, d.zone, d.category, sum(d.stalls) AS stalls, sum(d.with_qr) AS with_qr,
		  sum(d.accepting) AS accepting FROM market_stall_days d WHERE ` + cond + ` AND d.day < ?::date GROUP BY 1, 2, 3, 4)
		SELECT ` + g[0] + ` AS key, ` + g[1] + ` AS label, sum(d.stalls) AS stalls, sum(d.with_qr) AS with_qr, sum(d.accepting) AS accepts
		FROM d JOIN sites s ON s.tenant_id = d.tenant_id AND s.id = d.site_id JOIN areas a ON a.id = s.area_id
		LEFT JOIN markets m ON m.tenant_id = d.tenant_id AND m.site_id = d.site_id
		GROUP BY 1 HAVING sum(d.stalls) > 0 ORDER BY 2`
	if err := tx.Raw(q, append(args, end)...).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("market: adoption by %s: %w", group, err)
	}
	if sc.TenantID == 0 {
		return out, nil // the province reads fees from figure_days, not bills
	}
	paid, err := paidBy(tx, sc, month, paidKeys[group])
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Paid = paid[out[i].Key]
	}
	return out, nil
}

func paidBy(tx *gorm.DB, sc AdoptionScope, month time.Time, key string) (map[string]int64, error) {
	cond, args := sc.where("b")
	var rows []struct {
		Key string
		N   int64
	}
	q := `SELECT ` + key + ` AS key, count(DISTINCT b.stall_id) AS n FROM market_bills b
		JOIN stalls st ON st.tenant_id = b.tenant_id AND st.id = b.stall_id
		JOIN sites s ON s.tenant_id = b.tenant_id AND s.id = b.site_id
		LEFT JOIN markets m ON m.tenant_id = b.tenant_id AND m.site_id = b.site_id
		WHERE ` + cond + ` AND b.paid_method = 'qr' AND b.paid_on >= ?::date AND b.paid_on < ?::date GROUP BY 1`
	args = append(args, month.Format("2006-01-02"), month.AddDate(0, 1, 0).Format("2006-01-02"))
	if err := tx.Raw(q, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("market: stalls paid cashless: %w", err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[r.Key] = r.N
	}
	return out, nil
}

// TrendPoint is the adoption at the end of one month.
type TrendPoint struct {
	Month   time.Time
	Stalls  int64
	WithQR  int64
	Accepts int64
	Paid    int64
}

// Trend is the adoption month by month, from first to last (first days of months).
func Trend(tx *gorm.DB, sc AdoptionScope, first, last time.Time) ([]TrendPoint, error) {
	cond, args := sc.where("d")
	// the changes by month (market_stall_months), carried forward month by month
	var sums []TrendPoint
	q := `SELECT d.month, sum(d.stalls) AS stalls, sum(d.with_qr) AS with_qr, sum(d.accepting) AS accepts
		FROM market_stall_months d WHERE ` + cond + ` AND d.month < ?::date GROUP BY 1 ORDER BY 1`
	if err := tx.Raw(q, append(args, last.AddDate(0, 1, 0).Format("2006-01-02"))...).Scan(&sums).Error; err != nil {
		return nil, fmt.Errorf("market: adoption trend: %w", err)
	}
	var out []TrendPoint
	var acc TrendPoint
	j := 0
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		for j < len(sums) && !sums[j].Month.After(m) {
			acc.Stalls, acc.WithQR, acc.Accepts = acc.Stalls+sums[j].Stalls, acc.WithQR+sums[j].WithQR, acc.Accepts+sums[j].Accepts
			j++
		}
		out = append(out, TrendPoint{Month: m, Stalls: acc.Stalls, WithQR: acc.WithQR, Accepts: acc.Accepts})
	}
	if sc.TenantID == 0 {
		return out, nil
	}
	bc, bargs := sc.where("b")
	var paid []struct {
		Month time.Time
		N     int64
	}
	err := tx.Raw(`SELECT date_trunc('month', b.paid_on)::date AS month, count(DISTINCT b.stall_id) AS n FROM market_bills b
		WHERE `+bc+` AND b.paid_method = 'qr' AND b.paid_on >= ?::date AND b.paid_on < ?::date GROUP BY 1`,
		append(bargs, first.Format("2006-01-02"), last.AddDate(0, 1, 0).Format("2006-01-02"))...).Scan(&paid).Error
	if err != nil {
		return nil, fmt.Errorf("market: paid trend: %w", err)
	}
	for _, p := range paid {
		for i := range out {
			if out[i].Month.Format("2006-01") == p.Month.Format("2006-01") {
				out[i].Paid = p.N
			}
		}
	}
	return out, nil
}
