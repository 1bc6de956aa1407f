package e2e

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	qrcode "github.com/skip2/go-qrcode"

	"portal06/tenants/market/vietqr"
)

// decodeImage reads the QR of the image sel in the browser: its
// BarcodeDetector when it has one, else the vendored jsQR.
const decodeImage = `(async (sel) => {
  const img = document.querySelector(sel);
  if (!img) return "no image";
  await img.decode();
  if ("BarcodeDetector" in window) {
    try {
      const found = await new BarcodeDetector({ formats: ["qr_code"] }).detect(img);
      if (found.length) return found[0].rawValue;
    } catch (e) {}
  }
  if (typeof jsQR !== "function") {
    await new Promise((ok, fail) => { const s = document.createElement("script"); s.src = "/static/jsQR-1.4.0.js"; s.onload = ok; s.onerror = fail; document.head.appendChild(s); });
  }
  const c = document.createElement("canvas");
  c.width = img.naturalWidth; c.height = img.naturalHeight;
  const g = c.getContext("2d");
  g.fillStyle = "#fff"; g.fillRect(0, 0, c.width, c.height);
  g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height);
  const q = jsQR(d.data, d.width, d.height);
  return q ? q.data : "";
})(%q)`

func decodeQR(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(decodeImage, sel), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("decode the QR of %s: %v", sel, err)
	}
	return v
}

// TestMarketStallQRAndPoster: the board enters a stall with its holder's
// bank account, generates its VietQR, and the code the page shows decodes
// in the browser to the payload printed under it; the A4 poster prints.
func TestMarketStallQRAndPoster(t *testing.T) {
	for _, width := range []int{360, 1280} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			ctx := browser(t, width)
			login(t, ctx, "cho-board")
			code := fmt.Sprintf("W-%d", width)
			err := chromedp.Do(ctx,
				chromedp.Navigate(baseURL+"/t/cho-mao-khe/stalls/new"),
				chromedp.WaitVisible(chromedp.CSS(`#f-code`)),
				chromedp.SendKeys(chromedp.CSS(`#f-code`), code),
				chromedp.SendKeys(chromedp.CSS(`#f-zone`), "Khu W"),
				chromedp.SetValue(chromedp.CSS(`#f-category`), "produce"),
				chromedp.SendKeys(chromedp.CSS(`#f-holder_name`), "Đặng Thị Thu Hà"),
				chromedp.SendKeys(chromedp.CSS(`#f-holder_phone`), "0987654321"),
				chromedp.SetValue(chromedp.CSS(`#f-bank_bin`), "970423"),
				chromedp.SendKeys(chromedp.CSS(`#f-account`), "0099999999"),
				chromedp.Click(chromedp.CSS(`#stall-form button[type=submit]`)),
				chromedp.WaitVisible(chromedp.CSS(`#generate-qr`)),
			)
			if err != nil {
				t.Fatalf("create stall: %v", err)
			}
			noHorizontalScroll(t, ctx, "stall page")
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#generate-qr`)), chromedp.WaitVisible(chromedp.CSS(`#stall-qr`))); err != nil {
				t.Fatalf("generate: %v", err)
			}
			payload := text(t, ctx, `#qr-payload`)
			if payload != vietqr.MustEncode(vietqr.Code{BIN: "970423", Account: "0099999999"}) {
				t.Fatalf("payload %q", payload)
			}
			if got := decodeQR(t, ctx, `#stall-qr`); got != payload {
				t.Fatalf("the browser reads %q from the QR, the page says %q", got, payload)
			}
			noHorizontalScroll(t, ctx, "stall page with QR")
			screenshot(t, ctx, fmt.Sprintf("market-stall-%d", width))
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#stall-poster`)), chromedp.WaitVisible(chromedp.CSS(`.poster-qr`))); err != nil {
				t.Fatalf("poster: %v", err)
			}
			mustHave(t, text(t, ctx, `.poster`), code, "Đặng Thị Thu Hà", "TMCP Tiên Phong", "0099999999")
			if got := decodeQR(t, ctx, `.poster-qr`); got != payload {
				t.Fatalf("the poster's QR reads %q", got)
			}
			noHorizontalScroll(t, ctx, "poster")
			screenshot(t, ctx, fmt.Sprintf("market-poster-%d", width))
			// printed: the tools hide, the poster fills an A4 page
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
				t.Fatal(err)
			}
			if d := eval[string](t, ctx, `getComputedStyle(document.querySelector('.poster-tools')).display`); d != "none" {
				t.Fatalf("the print button prints: display %s", d)
			}
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""}); err != nil {
				t.Fatal(err)
			}
			pdf, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: ptr(true), PrintBackground: ptr(true)})
			if err != nil {
				t.Fatalf("print: %v", err)
			}
			if !bytes.HasPrefix(pdf.Data, []byte("%PDF")) {
				t.Fatal("printing gave no PDF")
			}
		})
	}
}

// TestMarketRegisterByScan: a stall that already has its bank's QR gets it
// registered by the keyboard scanner (a damaged code is refused with the
// reason) and by the phone's camera.
func TestMarketRegisterByScan(t *testing.T) {
	bank := vietqr.MustEncode(vietqr.Code{BIN: "970436", Account: "0451000999888"})
	code, err := qrcode.New(bank, qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	video := filepath.Join(t.TempDir(), "bankqr.y4m")
	if err := writeY4M(video, code.Image(400), 640, 480, 20); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t, 360,
		chromedp.Flag("use-fake-device-for-media-stream", true),
		chromedp.Flag("use-fake-ui-for-media-stream", true),
		chromedp.Flag("use-file-for-fake-video-capture", video),
	)
	login(t, ctx, "cho-board")
	open := func(nth int) {
		t.Helper()
		err := chromedp.Do(ctx,
			chromedp.Navigate(baseURL+"/t/cho-mao-khe/stalls?noqr=1"),
			chromedp.WaitVisible(chromedp.CSS(`#stalls`)),
			chromedp.Click(chromedp.CSS(fmt.Sprintf(`#stalls tbody tr:nth-child(%d) a`, nth))),
			chromedp.WaitVisible(chromedp.CSS(`#id_qr`)),
		)
		if err != nil {
			t.Fatalf("open a stall without QR: %v", err)
		}
	}
	// the keyboard scanner types the text and Enter
	open(1)
	damaged := bank[:len(bank)-4] + "0000"
	err = chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#id_qr`), damaged+"\r"), chromedp.WaitVisible(chromedp.CSS(`#scan-errors`)))
	if err != nil {
		t.Fatalf("damaged code: %v", err)
	}
	mustHave(t, text(t, ctx, `#scan-errors`), "CRC", "0000")
	err = chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#id_qr`), bank+"\r"), chromedp.WaitVisible(chromedp.CSS(`#stall-notice`)))
	if err != nil {
		t.Fatalf("register: %v", err)
	}
	mustHave(t, text(t, ctx, `#stall-bank`), "TMCP Ngoại thương Việt Nam")
	mustHave(t, text(t, ctx, `#stall-account`), "0451000999888")
	if got := text(t, ctx, `#qr-payload`); got != bank {
		t.Fatalf("registered %q", got)
	}
	// the camera reads the bank's printed code
	open(1)
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(`#camera-start`)),
		chromedp.Click(chromedp.CSS(`#camera-start`)),
		chromedp.WaitVisible(chromedp.CSS(`#stall-notice`)),
	)
	if err != nil {
		t.Fatalf("camera: %v", err)
	}
	mustHave(t, text(t, ctx, `#stall-account`), "0451000999888")
	noHorizontalScroll(t, ctx, "stall registered by camera")
}

// TestMarketAdoptionPage: the board's adoption page, in Vietnamese and in
// English, on a phone and on a desk.
func TestMarketAdoptionPage(t *testing.T) {
	for _, width := range []int{360, 1280} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			ctx := browser(t, width)
			login(t, ctx, "cho-board")
			err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"/t/cho-mao-khe/adoption"), chromedp.WaitVisible(chromedp.CSS(`#trend-chart`)))
			if err != nil {
				t.Fatal(err)
			}
			mustHave(t, text(t, ctx, `h1`), "Mức độ thanh toán không dùng tiền mặt")
			mustHave(t, text(t, ctx, `#adoption-target`), "Chỉ tiêu năm", "80%")
			mustHave(t, eval[string](t, ctx, `document.querySelector('#by-site').textContent`), "Chợ Mạo Khê", "Có mã QR")
			mustHave(t, eval[string](t, ctx, `document.querySelector('#by-category').textContent`), "Thực phẩm tươi sống")
			if n := eval[int](t, ctx, `document.querySelectorAll('#trend-chart polyline').length`); n < 2 {
				t.Fatalf("%d lines in the chart", n)
			}
			noHorizontalScroll(t, ctx, "adoption (vi)")
			screenshot(t, ctx, fmt.Sprintf("market-adoption-vi-%d", width))
			if width < 600 {
				err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.menu-button`)), chromedp.Sleep(200*time.Millisecond))
				if err != nil {
					t.Fatal(err)
				}
			}
			err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#lang-en`)), chromedp.WaitVisible(chromedp.CSS(`#lang-vi`)))
			if err != nil {
				t.Fatal(err)
			}
			mustHave(t, text(t, ctx, `h1`), "Cashless adoption")
			mustHave(t, eval[string](t, ctx, `document.querySelector('#by-category').textContent`), "Fresh food", "With a QR")
			mustHave(t, text(t, ctx, `#todo`), "Stalls without a QR")
			noHorizontalScroll(t, ctx, "adoption (en)")
			screenshot(t, ctx, fmt.Sprintf("market-adoption-en-%d", width))
			if !strings.Contains(eval[string](t, ctx, `document.documentElement.lang`), "en") {
				t.Fatal("the page is not in English")
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
