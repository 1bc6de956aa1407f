package province

import (
	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
	"portal06/views"
)

// overview is the page officials open every Monday: how many of the 45
// models are deployed, this month's indicators against their targets, a
// card per model, and the sites by commune and kind.
func (h *Handlers) overview(c *fiber.Ctx, r *web.Request) error {
	m := h.thisMonth()
	// every figure in one statement (the sites by commune from their
	// counts kept by triggers)
	f, err := LoadOverview(r.Tx, h.kinds, r.T, m)
	if err != nil {
		return err
	}
	d := views.ProvinceOverviewData{Computed: r.T.DateTime(h.now()), Month: monthLabel(m), Total: len(f.Models)}
	lang := r.T.Lang()
	for _, mo := range f.Models {
		switch mo.Status {
		case "deployed":
			d.Deployed++
		case "piloting":
			d.Piloting++
		default:
			d.Planned++
		}
		d.Models = append(d.Models, modelCard(r, mo))
	}
	inds, targets, live, reported := f.Indicators, f.Targets, f.Live, f.Reported
	for _, ind := range inds {
		href := "/province/indicators/" + ind.Code
		if !ind.Live {
			// a month's reported values come after it ends: show the latest
			rv, ok := reported[ind.Code]
			card := indicatorCard(lang, ind, Value{rv.Value, ok}, targets, href)
			if ok && !rv.Month.Equal(m) {
				card.Value += " (" + monthLabel(rv.Month) + ")"
				card.Href = href + "?month=" + monthKey(rv.Month)
			}
			d.Indicators = append(d.Indicators, card)
			continue
		}
		s := live[ind.Code]
		v, ok := ind.Value(s.Num, s.Den)
		d.Indicators = append(d.Indicators, indicatorCard(lang, ind, Value{v, ok}, targets, href))
	}
	d.Links = []views.NavLink{
		{Label: r.T.T("province.models_title"), Href: "/province/models"},
		{Label: r.T.T("province.matrix_title"), Href: "/province/matrix"},
		{Label: r.T.T("province.report_title_short"), Href: "/province/report"},
	}
	if h.s.Authz().Allow(r.Role, "province.reported", "write") {
		d.Links = append(d.Links, views.NavLink{Label: r.T.T("province.reported_title"), Href: "/province/reported"})
	}
	cells := f.Sites
	// a site's kind (hotel, market…) belongs to its tenant's kind
	names := h.kinds.Names()
	col := map[string]int{}
	for i, n := range names {
		d.Kinds = append(d.Kinds, r.T.T("kind."+n))
		for _, sk := range h.kinds.SiteKinds(n) {
			col[sk] = i
		}
	}
	row := map[int64]int{}
	for _, cell := range cells {
		i, ok := row[cell.AreaID]
		if !ok {
			i = len(d.Areas)
			row[cell.AreaID] = i
			d.Areas = append(d.Areas, views.AreaFigures{Name: cell.AreaName, Values: make([]int64, len(names))})
		}
		if j, ok := col[cell.Kind]; ok {
			d.Areas[i].Values[j] += cell.Count
		}
	}
	return web.Render(c, r, fiber.StatusOK, views.ProvinceOverview(h.s.Page(c, r, "province.title"), d))
}

func modelCard(r *web.Request, mo Model) views.ModelCard {
	card := views.ModelCard{No: mo.No, Name: mo.Name(r.T.Lang()), Group: r.T.T("model_group." + mo.Grp),
		Status: r.T.T("province.status_" + mo.Status), StatusKey: mo.Status, Agency: mo.LeadAgency,
		Href: "/province/models/" + itoa(mo.No), Live: mo.FedBy != ""}
	if s := mo.Since(); s != nil {
		card.Since = r.T.Date(*s)
	}
	return card
}

// indicatorCard compares a value with the province's target of the year.
func indicatorCard(lang string, ind Indicator, v Value, targets map[string]float64, href string) views.IndicatorCard {
	card := views.IndicatorCard{Model: ind.Model, Name: ind.Name, Href: href, Value: Format(lang, ind.Unit, v), Live: ind.Live}
	if t, ok := targets[ind.Code]; ok {
		card.Target = Format(lang, ind.Unit, Value{t, true})
		card.Gap, card.Behind = gap(lang, ind, v, t)
	}
	return card
}

// gap is value minus target, signed, and whether the value is behind.
func gap(lang string, ind Indicator, v Value, target float64) (string, bool) {
	if !v.OK {
		return "–", false
	}
	d := v.V - target
	s := Format(lang, ind.Unit, Value{d, true})
	if d > 0 {
		s = "+" + s
	}
	return s, ind.Behind(v.V, target)
}
