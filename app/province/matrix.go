package province

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"portal06/app/web"
	"portal06/views"
)

// Deployments says, for each commune (by area id) and model number, whether
// the model is deployed or piloting there: as recorded in
// model_deployments, or deployed when the model's live indicators have
// figures in the commune within the last 12 months.
func Deployments(tx *gorm.DB, live map[int][]string, since time.Time) (map[int64]map[int]string, error) {
	out := map[int64]map[int]string{}
	set := func(area int64, no int, status string) {
		if out[area] == nil {
			out[area] = map[int]string{}
		}
		if out[area][no] != "deployed" {
			out[area][no] = status
		}
	}
	var rows []struct {
		AreaID  int64
		ModelNo int
		Status  string
	}
	if err := tx.Raw(`SELECT area_id, model_no, status FROM model_deployments`).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("province: deployments: %w", err)
	}
	for _, r := range rows {
		set(r.AreaID, r.ModelNo, r.Status)
	}
	for no, codes := range live {
		var areas []int64
		err := tx.Raw(`SELECT a.id FROM areas a WHERE a.parent_id IS NOT NULL AND EXISTS (
				SELECT 1 FROM area_closure c JOIN figure_months f ON f.area_id = c.descendant_id
				WHERE c.ancestor_id = a.id AND f.indicator IN ? AND f.month >= ? AND f.den + f.num > 0)`,
			codes, since.Format("2006-01-02")).Scan(&areas).Error
		if err != nil {
			return nil, fmt.Errorf("province: live deployments of model %d: %w", no, err)
		}
		for _, a := range areas {
			set(a, no, "deployed")
		}
	}
	return out, nil
}

// liveCodes groups the kinds' live indicator codes by model.
func (h *Handlers) liveCodes() map[int][]string {
	out := map[int][]string{}
	for _, src := range Sources(h.kinds) {
		for _, i := range src.Indicators() {
			out[i.Model] = append(out[i.Model], i.Code)
		}
	}
	return out
}

// matrix shows which communes have deployed which models, the communes
// with the fewest first, to show where to roll out next.
func (h *Handlers) matrix(c *fiber.Ctx, r *web.Request) error {
	models, err := ListModels(r.Tx)
	if err != nil {
		return err
	}
	prov, err := ProvinceArea(r.Tx)
	if err != nil {
		return err
	}
	areas, err := Children(r.Tx, prov.ID)
	if err != nil {
		return err
	}
	dep, err := Deployments(r.Tx, h.liveCodes(), h.thisMonth().AddDate(0, -11, 0))
	if err != nil {
		return err
	}
	var d views.MatrixData
	for _, mo := range models {
		d.Models = append(d.Models, views.MatrixModel{No: mo.No, Name: mo.Name(r.T.Lang())})
	}
	for _, a := range areas {
		row := views.MatrixRow{Area: a.Name, Cells: make([]string, len(models))}
		for i, mo := range models {
			row.Cells[i] = dep[a.ID][mo.No]
			if row.Cells[i] == "deployed" {
				row.Deployed++
			}
		}
		d.Rows = append(d.Rows, row)
	}
	sortRows(d.Rows)
	return web.Render(c, r, fiber.StatusOK, views.ProvinceMatrix(h.s.Page(c, r, "province.matrix_title"), d))
}

func sortRows(rows []views.MatrixRow) {
	for i := 1; i < len(rows); i++ {
		for j := i; j > 0 && rows[j].Deployed < rows[j-1].Deployed; j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
}
