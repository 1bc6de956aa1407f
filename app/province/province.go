// Package province serves the provincial overview: figures computed from
// live data, with no personal data.
package province

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/kind"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

// Handlers serves the province pages.
type Handlers struct {
	s     *web.Server
	kinds kind.Registry
}

// New returns the province handlers.
func New(s *web.Server, kinds kind.Registry) *Handlers { return &Handlers{s: s, kinds: kinds} }

// Register adds the province routes.
func (h *Handlers) Register() {
	h.s.Group("/province", web.ProvinceDomain, "").Get("", "province.home", h.home)
}

func (h *Handlers) home(c *fiber.Ctx, r *web.Request) error {
	tot, err := store.CountTotals(r.Tx)
	if err != nil {
		return err
	}
	byKind, err := store.CountTenantsByKind(r.Tx)
	if err != nil {
		return err
	}
	cells, err := store.SitesByAreaAndKind(r.Tx)
	if err != nil {
		return err
	}
	d := views.ProvinceHomeData{Computed: r.T.DateTime(time.Now())}
	d.Figures = []views.Figure{
		{Label: r.T.T("province.tenants"), Value: tot.Tenants},
		{Label: r.T.T("province.sites"), Value: tot.Sites},
		{Label: r.T.T("province.areas"), Value: tot.Areas},
		{Label: r.T.T("province.units"), Value: tot.Units},
		{Label: r.T.T("province.users"), Value: tot.Users},
	}
	for _, k := range byKind {
		d.Figures = append(d.Figures, views.Figure{Label: r.T.T("kind." + k.Kind), Value: k.Count})
	}
	names := h.kinds.Names()
	col := map[string]int{}
	for i, n := range names {
		d.Kinds = append(d.Kinds, r.T.T("kind."+n))
		col[n] = i
	}
	row := map[int64]int{}
	for _, c := range cells {
		i, ok := row[c.AreaID]
		if !ok {
			i = len(d.Areas)
			row[c.AreaID] = i
			d.Areas = append(d.Areas, views.AreaFigures{Name: c.AreaName, Values: make([]int64, len(names))})
		}
		if j, ok := col[c.Kind]; ok {
			d.Areas[i].Values[j] += c.Count
		}
	}
	return web.Render(c, r, fiber.StatusOK, views.ProvinceHome(h.s.Page(c, r, "province.title"), d))
}
