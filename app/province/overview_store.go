package province

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"portal06/app/i18n"
	"portal06/app/kind"
	"portal06/app/store"
)

// OverviewFigures is everything the overview shows, read in one statement:
// the same values as ListModels, Indicators, ProvinceArea,
// ProvinceTargets, LiveTotals, LatestReportedAll and the sites by commune
// and kind, which took seven round trips and seven reflective scans.
type OverviewFigures struct {
	Province   int64
	Models     []Model
	Indicators []Indicator
	Targets    map[string]float64 // the province's targets of the month's year
	Live       map[string]Sum     // live indicators with rows
	Reported   map[string]Reported
	Sites      []store.AreaKindCount // by commune (name), then kind
}

// overviewSQL reads the overview in one statement, each part as one text
// of rows (separated by \x1e) of fields (separated by \x1f; dates as days
// since 2000-01-01, `||` rather than concat(), which looks up each
// argument's type on every call): text from
// requests never holds control characters (web.Clean), and decoding it is
// a split, where JSON's reflective decoding took a third of the page's Go
// time. Each part is the query of the function it stands for; the reported
// values are those of the reported indicators listed in the same
// statement, each code's latest month read backwards from the index of
// current values (reported_values_current) rather than every value of the
// province sorted (DISTINCT ON), which grew with the months. The month, year and live codes stand in its text (checked
// codes, formatted dates): a statement without parameters is planned once
// per connection, where one with parameters was planned six times (five
// custom plans before the generic one) at about 1–3 ms each, which a
// phase of a few hundred requests over twenty connections paid. The sites
// come from area_site_counts (kept by triggers on
// sites, migration 00770) instead of grouping every site.
const overviewSQL = `WITH prov AS (SELECT id FROM areas WHERE parent_id IS NULL ORDER BY id LIMIT 1),
rep AS (SELECT code, name_vi, name_en, unit, agency, model_no, higher_is_better, position FROM indicators
	WHERE source = 'reported' ORDER BY model_no, position, code LIMIT 1000)
SELECT (SELECT id FROM prov),
 (SELECT string_agg(no || E'\x1f' || grp || E'\x1f' || name_vi || E'\x1f' || name_en || E'\x1f' || lead_agency || E'\x1f' || status
	|| E'\x1f' || coalesce((planned_on - DATE '2000-01-01')::text, '') || E'\x1f' || coalesce((piloting_on - DATE '2000-01-01')::text, '')
	|| E'\x1f' || coalesce((deployed_on - DATE '2000-01-01')::text, '') || E'\x1f' || fed_by, E'\x1e' ORDER BY no)
	FROM (SELECT no, grp, name_vi, name_en, lead_agency, status, planned_on, piloting_on, deployed_on, fed_by FROM pilot_models ORDER BY no LIMIT 1000) p),
 (SELECT string_agg(code || E'\x1f' || name_vi || E'\x1f' || name_en || E'\x1f' || unit || E'\x1f' || agency || E'\x1f' || model_no
	|| E'\x1f' || CASE WHEN higher_is_better THEN 't' ELSE '' END, E'\x1e' ORDER BY model_no, position, code) FROM rep),
 (SELECT string_agg(indicator || E'\x1f' || target::text, E'\x1e') FROM indicator_targets
	WHERE year = {year} AND area_id = (SELECT id FROM prov)),
 (SELECT string_agg(indicator || E'\x1f' || num::text || E'\x1f' || den::text, E'\x1e') FROM (
	SELECT f.indicator, sum(f.num) AS num, sum(f.den) AS den
	FROM figure_months f WHERE f.area_id IN (SELECT descendant_id FROM area_closure WHERE ancestor_id = (SELECT id FROM prov))
	  AND ((f.indicator = ANY ('{flows}'::text[]) AND f.month >= '{from}'::date AND f.month < '{to}'::date)
	    OR (f.indicator = ANY ('{stocks}'::text[]) AND f.month < '{to}'::date))
	GROUP BY f.indicator) l),
 (SELECT string_agg(x.code || E'\x1f' || (v.month - DATE '2000-01-01')::text || E'\x1f' || v.value::text, E'\x1e') FROM rep x
	CROSS JOIN LATERAL (SELECT month, value FROM reported_values
		WHERE indicator = x.code AND area_id = (SELECT id FROM prov) AND month <= '{month}'::date AND replaced_at IS NULL
		ORDER BY month DESC LIMIT 1) v),
 (SELECT string_agg(id::text || E'\x1f' || name || E'\x1f' || kind || E'\x1f' || sites::text, E'\x1e' ORDER BY name, kind) FROM (
	SELECT top.id, top.name, coalesce(n.kind, '') AS kind, coalesce(sum(n.sites), 0) AS sites
	FROM areas top JOIN areas root ON root.id = top.parent_id AND root.parent_id IS NULL
	LEFT JOIN area_closure c ON c.ancestor_id = top.id
	LEFT JOIN area_site_counts n ON n.area_id = c.descendant_id
	GROUP BY top.id, top.name, n.kind) s)`

// LoadOverview reads the overview of month m: the catalogue, every
// indicator (the live ones of kinds, named in t's language, and the
// reported ones), the province's targets of m's year, the live values of m,
// the latest reported values up to m and the sites by commune and kind.
func LoadOverview(tx *gorm.DB, kinds kind.Registry, t *i18n.Translator, m time.Time) (OverviewFigures, error) {
	out := OverviewFigures{Targets: map[string]float64{}, Live: map[string]Sum{}, Reported: map[string]Reported{}}
	live := liveIndicators(kinds, t)
	flows, stocks := liveCodes(live)
	var prov *int64
	var models, reported, targets, sums, latest, sites *string
	q, err := overviewQuery(m, flows, stocks)
	if err != nil {
		return out, err
	}
	err = tx.Raw(q).Row().Scan(&prov, &models, &reported, &targets, &sums, &latest, &sites)
	if err != nil {
		return out, fmt.Errorf("province: read the overview: %w", err)
	}
	if prov != nil {
		out.Province = *prov
	}
	var p parts
	for _, f := range p.rows(models, 10) {
		mo := Model{No: p.int(f[0]), Grp: f[1], NameVi: f[2], NameEn: f[3], LeadAgency: f[4], Status: f[5],
			PlannedOn: p.day(f[6]), PilotingOn: p.day(f[7]), DeployedOn: p.day(f[8]), FedBy: f[9]}
		out.Models = append(out.Models, mo)
	}
	var rows []reportedRow
	for _, f := range p.rows(reported, 7) {
		rows = append(rows, reportedRow{Code: f[0], NameVi: f[1], NameEn: f[2], Unit: f[3], Agency: f[4], ModelNo: p.int(f[5]), HigherIsBetter: f[6] == "t"})
	}
	out.Indicators = mergeIndicators(live, rows, t)
	for _, f := range p.rows(targets, 2) {
		out.Targets[f[0]] = p.float(f[1])
	}
	for _, f := range p.rows(sums, 3) {
		out.Live[f[0]] = Sum{ID: out.Province, Num: p.float(f[1]), Den: p.float(f[2])}
	}
	for _, f := range p.rows(latest, 3) {
		if d := p.day(f[1]); d != nil {
			out.Reported[f[0]] = Reported{Month: *d, Value: p.float(f[2])}
		}
	}
	for _, f := range p.rows(sites, 4) {
		out.Sites = append(out.Sites, store.AreaKindCount{AreaID: int64(p.int(f[0])), AreaName: f[1], Kind: f[2], Count: int64(p.int(f[3]))})
	}
	if p.err != nil {
		return out, fmt.Errorf("province: read the overview: %w", p.err)
	}
	return out, nil
}

// parts decodes the overview statement's texts, keeping the first error.
type parts struct{ err error }

// rows splits s into rows of n fields; a row of another length is an error.
func (p *parts) rows(s *string, n int) [][]string {
	if s == nil || *s == "" {
		return nil
	}
	lines := strings.Split(*s, "\x1e")
	out := make([][]string, 0, len(lines))
	for _, l := range lines {
		f := strings.Split(l, "\x1f")
		if len(f) != n {
			p.fail(fmt.Errorf("a row of %d fields, want %d: %.80q", len(f), n, l))
			continue
		}
		out = append(out, f)
	}
	return out
}

func (p *parts) fail(err error) {
	if p.err == nil {
		p.err = err
	}
}

func (p *parts) int(s string) int {
	v, err := strconv.Atoi(s)
	if err != nil {
		p.fail(err)
	}
	return v
}

func (p *parts) float(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		p.fail(err)
	}
	return v
}

// epoch is the day the statement counts dates from.
var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// day is a date given as days since 2000-01-01, as pgx scans one
// (midnight UTC), nil when empty.
func (p *parts) day(s string) *time.Time {
	if s == "" {
		return nil
	}
	d := epoch.AddDate(0, 0, p.int(s))
	return &d
}

// overviewQueries keeps the last overview statement written, by its month
// and codes: the same text for a month (writing it was a tenth of the
// statement's Go time).
var overviewQueries struct {
	sync.Mutex
	key, sql string
}

// overviewQuery is overviewSQL for month m and the live codes.
func overviewQuery(m time.Time, flows, stocks []string) (string, error) {
	key := m.Format("2006-01-02") + "|" + strings.Join(flows, ",") + "|" + strings.Join(stocks, ",")
	overviewQueries.Lock()
	defer overviewQueries.Unlock()
	if overviewQueries.key == key {
		return overviewQueries.sql, nil
	}
	if err := safeCodes(flows, stocks); err != nil {
		return "", err
	}
	from, to := monthSpan(Indicator{}, m)
	q := strings.NewReplacer("{year}", strconv.Itoa(m.Year()), "{flows}", textArray(flows), "{stocks}", textArray(stocks),
		"{from}", from, "{to}", to, "{month}", m.Format("2006-01-02")).Replace(overviewSQL)
	overviewQueries.key, overviewQueries.sql = key, q
	return q, nil
}

// textArray is a PostgreSQL text[] literal of codes that safeCodes
// accepted.
func textArray(codes []string) string { return "{" + strings.Join(codes, ",") + "}" }

// safeCodes accepts indicator codes made only of the characters the
// indicators table allows in a code (a-z, 0-9, _ and .), so that they can
// stand in the statement's text.
func safeCodes(lists ...[]string) error {
	for _, codes := range lists {
		for _, c := range codes {
			if c == "" || strings.Trim(c, "abcdefghijklmnopqrstuvwxyz0123456789_.") != "" {
				return fmt.Errorf("province: indicator code %q", c)
			}
		}
	}
	return nil
}
