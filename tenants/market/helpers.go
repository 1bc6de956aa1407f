package market

import (
	"bytes"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"portal06/app/export"
	"portal06/app/web"
	"portal06/views"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

func base(r *web.Request) string { return "/t/" + r.Tenant.Slug + "/" }

func stallHref(r *web.Request, id int64, rest string) string {
	return base(r) + "stalls/" + itoa(id) + rest
}

// pathID reads a positive id of the path; anything else is a 404.
func pathID(c *fiber.Ctx, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Params(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, fiber.ErrNotFound
	}
	return id, nil
}

// stall loads the :id stall of the tenant, or answers 404.
func (k *Kind) stall(c *fiber.Ctx, r *web.Request) (Stall, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return Stall{}, err
	}
	s, err := GetStall(r.Tx, r.Tenant.ID, id)
	if err == ErrNotFound {
		return s, fiber.ErrNotFound
	}
	return s, err
}

func sendXLSX(c *fiber.Ctx, name string, sheets ...export.Sheet) error {
	var buf bytes.Buffer
	if err := export.Write(&buf, sheets...); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, xlsxType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	return c.Send(buf.Bytes())
}

// marketOptions are the tenant's markets as select options.
func marketOptions(r *web.Request, ms []Market, all bool) []views.Option {
	var out []views.Option
	if all {
		out = append(out, views.Option{Value: "", Label: r.T.T("market.all_markets")})
	}
	for _, m := range ms {
		out = append(out, views.Option{Value: itoa(m.ID), Label: m.Name})
	}
	return out
}

func categoryOptions(r *web.Request, blank bool) []views.Option {
	var out []views.Option
	if blank {
		out = append(out, views.Option{Value: "", Label: r.T.T("market.choose")})
	}
	for _, c := range Categories {
		out = append(out, views.Option{Value: c, Label: r.T.T("market.cat_" + c)})
	}
	return out
}

func formatVND(v int64) string {
	s := strconv.FormatInt(v, 10)
	neg := false
	if v < 0 {
		neg, s = true, s[1:]
	}
	var b []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, '.')
		}
		b = append(b, s[i])
	}
	if neg {
		return "-" + string(b) + " ₫"
	}
	return string(b) + " ₫"
}
