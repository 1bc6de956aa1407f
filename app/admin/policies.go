package admin

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"portal06/app/store"
	"portal06/app/web"
	"portal06/policies"
	"portal06/views"
)

func (h *Handlers) policyForm(r *web.Request, ptype, values string) views.Form {
	opts := []views.Option{
		{Value: "p", Label: r.T.T("policy.type_p")},
		{Value: "p2", Label: r.T.T("policy.type_p2")},
		{Value: "g", Label: r.T.T("policy.type_g")},
	}
	return views.Form{ID: "policy-form", Action: "/admin/policies", Submit: r.T.T("form.add"), Fields: []views.Field{
		{Name: "ptype", Label: r.T.T("field.ptype"), Type: "select", Value: ptype, Options: opts, Required: true},
		{Name: "values", Label: r.T.T("field.values"), Type: "text", Value: values, Required: true, Hint: r.T.T("hint.policy_values")},
		hidden("_csrf", r.CSRF),
	}}
}

func (h *Handlers) policyList(c *fiber.Ctx, r *web.Request) error {
	return h.policyPage(c, r, fiber.StatusOK, h.policyForm(r, "p", ""))
}

func (h *Handlers) policyPage(c *fiber.Ctx, r *web.Request, status int, f views.Form) error {
	if r.HTMX && status == fiber.StatusUnprocessableEntity {
		return web.Render(c, r, status, views.FormView(f))
	}
	ptype, pg := web.Query(c, "ptype"), web.PageNum(c)
	rules, total, err := policies.ListRules(r.Tx, ptype, store.PerPage, store.Offset(pg))
	if err != nil {
		return err
	}
	t := &views.Table{ID: "policies", Empty: r.T.T("admin.policies_none"), Headers: []string{r.T.T("field.ptype"), r.T.T("field.values"), ""}}
	for _, rule := range rules {
		t.Rows = append(t.Rows, []views.Cell{{Text: rule.Ptype}, {Text: strings.Join(rule.V, ", ")},
			{Post: "/admin/policies/" + itoa(rule.ID) + "/delete", CSRF: r.CSRF, Button: r.T.T("form.remove"), Danger: true}})
	}
	filter := &views.Filter{Action: "/admin/policies", Fields: []views.Field{{Name: "ptype", Label: r.T.T("field.ptype"), Value: ptype,
		Options: []views.Option{{Value: "", Label: r.T.T("filter.all_types")}, {Value: "p", Label: "p"}, {Value: "p2", Label: "p2"}, {Value: "g", Label: "g"}}}}}
	s := views.Screen{
		Filter: filter,
		Sections: []views.Section{
			{ID: "add", Title: r.T.T("admin.policy_add"), Text: r.T.T("admin.policy_help"), Form: &f},
			{ID: "list", Title: r.T.T("admin.policy_rows", "Count", total), Table: t,
				Pager: &views.Pager{Page: pg, PerPage: store.PerPage, Total: total, BaseHref: "/admin/policies?" + url.Values{"ptype": {ptype}}.Encode() + "&"}},
		},
	}
	return web.Render(c, r, status, views.ScreenView(h.s.Page(c, r, "nav.admin_policies"), s))
}

func (h *Handlers) policyAdd(c *fiber.Ctx, r *web.Request) error {
	ptype, values := web.Form(c, "ptype"), web.Form(c, "values")
	rule := policies.Rule{Ptype: ptype}
	for _, v := range strings.Split(values, ",") {
		rule.V = append(rule.V, strings.TrimSpace(v))
	}
	f := h.policyForm(r, ptype, values)
	if err := rule.Validate(); err != nil {
		var re *policies.RuleError
		if !errors.As(err, &re) {
			return err
		}
		f.Fields[1].Error = r.T.T(re.Code, "Want", re.Want, "Got", re.Got)
		return h.policyPage(c, r, fiber.StatusUnprocessableEntity, f)
	}
	added, err := policies.AddRule(r.Tx, rule)
	if err != nil {
		return err
	}
	if !added {
		f.Fields[1].Error = r.T.T("validation.taken")
		return h.policyPage(c, r, fiber.StatusUnprocessableEntity, f)
	}
	return web.Redirect(c, r, "/admin/policies?ptype="+url.QueryEscape(ptype))
}

func (h *Handlers) policyDelete(c *fiber.Ctx, r *web.Request) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ok, err := policies.RemoveRuleByID(r.Tx, id)
	if err != nil {
		return err
	}
	if !ok {
		return fiber.ErrNotFound
	}
	// The change must leave admins able to manage the policy, or no one could undo it.
	if err := h.s.Authz().Check(r.Ctx, r.Tx, "admin", "admin.policies", "write"); err != nil {
		return fiber.NewError(fiber.StatusConflict, r.T.T("admin.policy_lockout"))
	}
	return web.Redirect(c, r, "/admin/policies")
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
