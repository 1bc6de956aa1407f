package province

import (
	"encoding/json"
	"fmt"
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

// overviewSQL reads the overview in one statement, each part as JSON.
// Each part is the query of the function it stands for; the reported values
// are those of the reported indicators listed in the same statement. The
// sites come from area_site_counts (kept by triggers on sites, migration
// 00770) instead of grouping every site.
const overviewSQL = `WITH prov AS (SELECT id FROM areas WHERE parent_id IS NULL ORDER BY id LIMIT 1),
rep AS (SELECT code, name_vi, name_en, unit, agency, model_no, higher_is_better, position FROM indicators
	WHERE source = 'reported' ORDER BY model_no, position, code LIMIT 1000)
SELECT (SELECT id FROM prov),
 (SELECT coalesce(json_agg(json_build_object('no', no, 'grp', grp, 'vi', name_vi, 'en', name_en, 'agency', lead_agency, 'status', status,
	'planned', planned_on, 'piloting', piloting_on, 'deployed', deployed_on, 'fed', fed_by) ORDER BY no), '[]')
	FROM (SELECT * FROM pilot_models ORDER BY no LIMIT 1000) p),
 (SELECT coalesce(json_agg(json_build_object('code', code, 'vi', name_vi, 'en', name_en, 'unit', unit, 'agency', agency, 'model', model_no,
	'higher', higher_is_better) ORDER BY model_no, position, code), '[]') FROM rep),
 (SELECT coalesce(json_agg(json_build_object('code', indicator, 'num', target)), '[]') FROM indicator_targets
	WHERE year = ? AND area_id = (SELECT id FROM prov)),
 (SELECT coalesce(json_agg(json_build_object('code', indicator, 'num', num, 'den', den)), '[]') FROM (
	SELECT f.indicator, sum(f.num) AS num, sum(f.den) AS den
	FROM figure_months f WHERE f.area_id IN (SELECT descendant_id FROM area_closure WHERE ancestor_id = (SELECT id FROM prov))
	  AND ((f.indicator = ANY (?::text[]) AND f.month >= ?::date AND f.month < ?::date)
	    OR (f.indicator = ANY (?::text[]) AND f.month < ?::date))
	GROUP BY f.indicator) l),
 (SELECT coalesce(json_agg(json_build_object('code', indicator, 'month', month, 'num', value)), '[]') FROM (
	SELECT DISTINCT ON (indicator) indicator, month, value FROM reported_values
	WHERE indicator IN (SELECT code FROM rep) AND area_id = (SELECT id FROM prov) AND month <= ?::date AND replaced_at IS NULL
	ORDER BY indicator, month DESC) r),
 (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name, 'kind', kind, 'n', sites) ORDER BY name, kind), '[]') FROM (
	SELECT top.id, top.name, coalesce(n.kind, '') AS kind, coalesce(sum(n.sites), 0) AS sites
	FROM areas top JOIN areas root ON root.id = top.parent_id AND root.parent_id IS NULL
	LEFT JOIN area_closure c ON c.ancestor_id = top.id
	LEFT JOIN area_site_counts n ON n.area_id = c.descendant_id
	GROUP BY top.id, top.name, n.kind) s)`

// overviewModel, overviewIndicator, overviewValue and overviewSites are
// the JSON rows of the overview's statement.
type overviewModel struct {
	No                          int
	Grp                         string
	Vi, En, Agency, Status, Fed string
	Planned, Piloting, Deployed *string
}

type overviewIndicator struct {
	Code, Vi, En, Unit, Agency string
	Model                      int
	Higher                     bool
}

type overviewValue struct {
	Code, Month string
	Num, Den    float64
}

type overviewSites struct {
	ID         int64
	Name, Kind string
	N          int64
}

// LoadOverview reads the overview of month m: the catalogue, every
// indicator (the live ones of kinds, named in t's language, and the
// reported ones), the province's targets of m's year, the live values of m,
// the latest reported values up to m and the sites by commune and kind.
func LoadOverview(tx *gorm.DB, kinds kind.Registry, t *i18n.Translator, m time.Time) (OverviewFigures, error) {
	out := OverviewFigures{Targets: map[string]float64{}, Live: map[string]Sum{}, Reported: map[string]Reported{}}
	live := liveIndicators(kinds, t)
	flows, stocks := liveCodes(live)
	from, to := monthSpan(Indicator{}, m)
	var prov *int64
	var models, reported, targets, sums, latest, sites []byte
	err := tx.Raw(overviewSQL, m.Year(), textArray(flows), from, to, textArray(stocks), to, m.Format("2006-01-02")).
		Row().Scan(&prov, &models, &reported, &targets, &sums, &latest, &sites)
	if err != nil {
		return out, fmt.Errorf("province: read the overview: %w", err)
	}
	if prov != nil {
		out.Province = *prov
	}
	var mrows []overviewModel
	var irows []overviewIndicator
	var trows, srows, lrows []overviewValue
	var crows []overviewSites
	for _, p := range []struct {
		b    []byte
		into any
	}{{models, &mrows}, {reported, &irows}, {targets, &trows}, {sums, &srows}, {latest, &lrows}, {sites, &crows}} {
		if err := json.Unmarshal(p.b, p.into); err != nil {
			return out, fmt.Errorf("province: read the overview: %w", err)
		}
	}
	for _, r := range mrows {
		mo := Model{No: r.No, Grp: r.Grp, NameVi: r.Vi, NameEn: r.En, LeadAgency: r.Agency, Status: r.Status, FedBy: r.Fed}
		for _, d := range []struct {
			s  *string
			to **time.Time
		}{{r.Planned, &mo.PlannedOn}, {r.Piloting, &mo.PilotingOn}, {r.Deployed, &mo.DeployedOn}} {
			if d.s == nil {
				continue
			}
			day, err := time.Parse("2006-01-02", *d.s)
			if err != nil {
				return out, fmt.Errorf("province: read the overview's model %d: %w", r.No, err)
			}
			*d.to = &day
		}
		out.Models = append(out.Models, mo)
	}
	rows := make([]reportedRow, len(irows))
	for i, r := range irows {
		rows[i] = reportedRow{Code: r.Code, NameVi: r.Vi, NameEn: r.En, Unit: r.Unit, Agency: r.Agency, ModelNo: r.Model, HigherIsBetter: r.Higher}
	}
	out.Indicators = mergeIndicators(live, rows, t)
	for _, r := range trows {
		out.Targets[r.Code] = r.Num
	}
	for _, r := range srows {
		out.Live[r.Code] = Sum{ID: out.Province, Num: r.Num, Den: r.Den}
	}
	for _, r := range lrows {
		mo, err := time.Parse("2006-01-02", r.Month)
		if err != nil {
			return out, fmt.Errorf("province: read the overview's reported values: %w", err)
		}
		out.Reported[r.Code] = Reported{Month: mo, Value: r.Num}
	}
	for _, r := range crows {
		out.Sites = append(out.Sites, store.AreaKindCount{AreaID: r.ID, AreaName: r.Name, Kind: r.Kind, Count: r.N})
	}
	return out, nil
}

// textArray is a PostgreSQL text[] literal of codes, each quoted (gorm
// would spread a Go slice into a list of parameters).
func textArray(codes []string) string {
	b := []byte{'{'}
	for i, c := range codes {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		for j := 0; j < len(c); j++ {
			if c[j] == '"' || c[j] == '\\' {
				b = append(b, '\\')
			}
			b = append(b, c[j])
		}
		b = append(b, '"')
	}
	return string(append(b, '}'))
}
