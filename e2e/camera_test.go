package e2e

import (
	"bufio"
	"fmt"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	qrcode "github.com/skip2/go-qrcode"
)

// writeY4M writes a short video of one still image, in the YUV4MPEG2
// format Chromium's fake camera plays.
func writeY4M(path string, img image.Image, w, h, frames int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriter(f)
	fmt.Fprintf(bw, "YUV4MPEG2 W%d H%d F10:1 Ip A1:1 C420jpeg\n", w, h)
	b := img.Bounds()
	lum := func(x, y int) byte {
		// centre the image on a white frame
		ix, iy := x-(w-b.Dx())/2+b.Min.X, y-(h-b.Dy())/2+b.Min.Y
		if ix < b.Min.X || iy < b.Min.Y || ix >= b.Max.X || iy >= b.Max.Y {
			return 235
		}
		g := color.GrayModel.Convert(img.At(ix, iy)).(color.Gray)
		return byte(16 + int(g.Y)*219/255)
	}
	y := make([]byte, w*h)
	for j := 0; j < h; j++ {
		for i := 0; i < w; i++ {
			y[j*w+i] = lum(i, j)
		}
	}
	chroma := make([]byte, (w/2)*(h/2))
	for i := range chroma {
		chroma[i] = 128
	}
	for n := 0; n < frames; n++ {
		bw.WriteString("FRAME\n")
		bw.Write(y)
		bw.Write(chroma)
		bw.Write(chroma)
	}
	return bw.Flush()
}

// TestPhoneCameraReadsTheCard plays a video of a CCCD QR code as the
// camera: the page reads it (BarcodeDetector or the vendored jsQR) and
// shows the card to confirm.
func TestPhoneCameraReadsTheCard(t *testing.T) {
	qr := "022095007788|100200399|Đặng Quốc Việt|21071995|Nam|Phường Hồng Gai, Quảng Ninh|01012022"
	code, err := qrcode.New(qr, qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	video := filepath.Join(t.TempDir(), "card.y4m")
	if err := writeY4M(video, code.Image(360), 640, 480, 20); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t, 360,
		chromedp.Flag("use-fake-device-for-media-stream", true),
		chromedp.Flag("use-fake-ui-for-media-stream", true),
		chromedp.Flag("use-file-for-fake-video-capture", video),
	)
	login(t, ctx, "ks-letan")
	err = chromedp.Do(ctx,
		chromedp.Navigate(baseURL+"/t/vinh-xanh/checkin"),
		chromedp.Click(chromedp.CSS(`#site-pick a`)),
		chromedp.WaitVisible(chromedp.CSS(`#camera-start`)),
		chromedp.Click(chromedp.CSS(`#camera-start`)),
		chromedp.WaitVisible(chromedp.CSS(`#confirm-form`)),
	)
	if err != nil {
		t.Fatalf("camera scan: %v; camera status: %q", err, eval[string](t, ctx, `(document.getElementById('camera-status')||{}).textContent||''`))
	}
	if v := attr(t, ctx, "#f-full_name", "value"); v != "Đặng Quốc Việt" {
		t.Fatalf("the camera read %q", v)
	}
	if v := attr(t, ctx, "#f-document_number", "value"); !strings.HasPrefix(v, "022095007788") {
		t.Fatalf("number %q", v)
	}
	if eval[bool](t, ctx, `!!(document.getElementById('camera').srcObject)`) {
		t.Fatal("the camera is still on after reading the card")
	}
}
