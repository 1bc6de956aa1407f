package market

import (
	"fmt"
	"regexp"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"portal06/app/web"
	"portal06/tenants/market/ui"
)

// RegisterPublic serves a bill's link to whoever the board sent it.
func (k *Kind) RegisterPublic(r *web.Router) {
	r.Get("/bills/:token", "public.market_bill", k.publicBill)
	r.Get("/bills/:token/qr.png", "public.market_bill", k.publicBillQR)
}

var tokenRe = regexp.MustCompile(`^[0-9a-f]{32}$`)

// PublicBill is what a bill's link shows: no holder's name.
type PublicBill struct {
	Market, Stall, Code string
	Month               time.Time
	Amount              int64
	Paid                bool
	FeeBIN, FeeAccount  *string
}

func publicBill(tx *gorm.DB, token string) (PublicBill, error) {
	var out []PublicBill
	err := tx.Raw(`SELECT market, stall, month, code, amount, paid, fee_bin, fee_account FROM market_public_bill(?)`, token).Scan(&out).Error
	if err != nil {
		return PublicBill{}, fmt.Errorf("market: bill by link: %w", err)
	}
	if len(out) == 0 {
		return PublicBill{}, ErrNotFound
	}
	return out[0], nil
}

func (b PublicBill) payload() string {
	return Bill{FeeBIN: b.FeeBIN, FeeAccount: b.FeeAccount, Amount: b.Amount, Code: b.Code}.Payload()
}

func (k *Kind) linkedBill(c *fiber.Ctx, r *web.Request) (PublicBill, string, error) {
	token := web.Param(c, "token")
	if !tokenRe.MatchString(token) {
		return PublicBill{}, "", fiber.ErrNotFound
	}
	b, err := publicBill(r.Tx, token)
	if err == ErrNotFound {
		return b, "", fiber.ErrNotFound
	}
	return b, token, err
}

// publicBill shows a bill's QR to the holder who got its link.
func (k *Kind) publicBill(c *fiber.Ctx, r *web.Request) error {
	b, token, err := k.linkedBill(c, r)
	if err != nil {
		return err
	}
	status := r.T.T("market.unpaid")
	if b.Paid {
		status = r.T.T("market.paid")
	}
	d := ui.BillPage{Code: b.Code, Stall: b.Stall, Market: b.Market, Month: b.Month.Format("01/2006"), Amount: formatVND(b.Amount),
		Status: status, Paid: true, Payload: b.payload(), QRImage: "/p/market/bills/" + token + "/qr.png", Public: true}
	return web.Render(c, r, fiber.StatusOK, ui.BillView(k.Host.Pages.Page(c, r, "market.bill_title", "Code", b.Code), d))
}

// publicBillQR serves the linked bill's QR.
func (k *Kind) publicBillQR(c *fiber.Ctx, r *web.Request) error {
	b, _, err := k.linkedBill(c, r)
	if err != nil {
		return err
	}
	p := b.payload()
	if p == "" || b.Paid {
		return fiber.ErrNotFound
	}
	return sendQR(c, p, 512)
}
