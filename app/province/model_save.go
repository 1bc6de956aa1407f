package province

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"portal06/app/store"
	"portal06/app/web"
)

// modelSave saves the admin's edit of a model; every changed field is kept
// in the model's history with who and when.
func (h *Handlers) modelSave(c *fiber.Ctx, r *web.Request) error {
	no, ok := parseNo(web.Param(c, "no"))
	if !ok {
		return fiber.ErrNotFound
	}
	in := ModelInput{NameVi: web.Form(c, "name_vi"), NameEn: web.Form(c, "name_en"), LeadAgency: web.Form(c, "lead_agency"),
		Status: web.Form(c, "status"), Description: web.Form(c, "description"), PlannedOn: web.Form(c, "planned_on"),
		PilotingOn: web.Form(c, "piloting_on"), DeployedOn: web.Form(c, "deployed_on")}
	err := SaveModel(r.Tx, no, in, r.User.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return fiber.ErrNotFound
	}
	var bad store.Invalid
	if errors.As(err, &bad) {
		mo, _, gerr := GetModel(r.Tx, no)
		if gerr != nil {
			return gerr
		}
		return h.modelScreen(c, r, fiber.StatusUnprocessableEntity, mo, in, bad)
	}
	if err != nil {
		return err
	}
	return web.Redirect(c, r, "/province/models/"+itoa(no))
}
