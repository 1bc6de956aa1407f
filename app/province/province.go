// Package province serves the provincial officials' pages: the Project 06
// pilot models, their indicators (live ones read from the rollup table
// figure_days, reported ones entered each month), the drill-down from the
// province to its communes and sites, and the monthly report. Nothing here
// reads a tenant kind's own tables, and no page shows personal data.
package province

import (
	"fmt"
	"strconv"
	"time"

	"portal06/app/i18n"
	"portal06/app/kind"
	"portal06/app/web"
)

// Handlers serves the province pages.
type Handlers struct {
	s     *web.Server
	kinds kind.Registry
	vi    *i18n.Translator // the report is written in Vietnamese
	now   func() time.Time
}

// New returns the province handlers.
func New(s *web.Server, kinds kind.Registry) *Handlers {
	h := &Handlers{s: s, kinds: kinds, now: time.Now}
	if b, err := i18n.NewBundle(kinds.Messages()...); err == nil {
		h.vi = b.For("vi")
	}
	return h
}

// WithClock sets the clock the pages read "this month" from.
func (h *Handlers) WithClock(now func() time.Time) *Handlers {
	if now != nil {
		h.now = now
	}
	return h
}

// Register adds the province routes.
func (h *Handlers) Register() {
	g := h.s.Group("/province", web.ProvinceDomain, "")
	g.Get("", "province.home", h.overview)
	g.Get("/models", "province.models", h.modelList)
	g.Get("/models/:no", "province.models", h.modelShow)
	g.Post("/models/:no", "province.models", h.modelSave)
	g.Get("/indicators/:code", "province.indicators", h.indicatorShow)
	g.Post("/indicators/:code/target", "province.targets", h.targetSave)
	g.Get("/matrix", "province.matrix", h.matrix)
	g.Get("/reported", "province.reported", h.reportedForm)
	g.Post("/reported", "province.reported", h.reportedSave)
	g.Get("/report", "province.report", h.reportPrint)
	g.Get("/report.xlsx", "province.report", h.reportXLSX)
}

// month is the first day of the month of t, in Vietnam's time.
func month(t time.Time) time.Time {
	t = t.In(i18n.Zone)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, i18n.Zone)
}

// thisMonth is the current month.
func (h *Handlers) thisMonth() time.Time { return month(h.now()) }

// parseMonth reads YYYY-MM; empty means this month. A month before 2020 or
// after this one is refused.
func (h *Handlers) parseMonth(s string) (time.Time, bool) {
	if s == "" {
		return h.thisMonth(), true
	}
	if len(s) != 7 {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation("2006-01", s, i18n.Zone)
	if err != nil || t.Year() < 2020 || t.After(h.thisMonth()) {
		return time.Time{}, false
	}
	return t, true
}

func monthKey(m time.Time) string { return m.Format("2006-01") }

func monthLabel(m time.Time) string { return fmt.Sprintf("%02d/%d", int(m.Month()), m.Year()) }

func itoa(v int) string { return strconv.Itoa(v) }

func itoa64(v int64) string { return strconv.FormatInt(v, 10) }

func (h *Handlers) zone() *time.Location { return i18n.Zone }
