package tips_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"portal06/app/tips"
)

// TestSubmitLimits: a device sends at most 5 tips in 10 minutes; another
// device on the same network still can; the refusal says why and saves nothing.
func TestSubmitLimits(t *testing.T) {
	e := newEnv(t)
	phone := e.client()
	for i := 0; i < tips.DefaultLimits.PerDevice; i++ {
		if _, res := phone.sendTip(tipForm("Tin báo thử số " + string(rune('A'+i)))); res.Status != http.StatusOK {
			t.Fatalf("tip %d: %d", i+1, res.Status)
		}
	}
	_, res := phone.sendTip(tipForm("Tin báo vượt giới hạn"))
	wantStatus(t, res, http.StatusTooManyRequests)
	mustContain(t, res, "quá nhiều tin báo", "Tin báo vượt giới hạn")
	if n := e.int(`SELECT count(*) FROM tips`); n != int64(tips.DefaultLimits.PerDevice) {
		t.Fatalf("%d tips saved", n)
	}
	if _, res := e.client().sendTip(tipForm("Thiết bị khác cùng mạng")); res.Status != http.StatusOK {
		t.Fatalf("another device on the same IP: %d", res.Status)
	}
	// ten minutes later the device may send again
	e.asOwner(func(tx *gormDB) error {
		return tx.Exec(`UPDATE tip_throttle SET at = at - interval '11 minutes'`).Error
	})
	if _, res := phone.sendTip(tipForm("Sau mười phút")); res.Status != http.StatusOK {
		t.Fatalf("after the window: %d", res.Status)
	}
}

// TestFormTokenRefusals: a form sent too fast, without its token, twice or
// with bad fields is refused with a message naming the problem; nothing is saved.
func TestFormTokenRefusals(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	page := c.get("/tip")
	wantStatus(t, page, http.StatusOK)
	mustContain(t, page, `name="_csrf"`, `name="form_token"`, `name="category"`, `value="other"`, `name="occurred_at"`, `value="06703"`)
	tok := tokenRe.FindStringSubmatch(page.Body)[1]
	f := tipForm("Gửi quá nhanh")
	f.Set("form_token", tok)
	res := c.postMultipart("/tip", f)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "gửi quá nhanh", "Gửi quá nhanh")
	f.Del("form_token")
	e.wait(3 * time.Second)
	wantStatus(t, c.postMultipart("/tip", f), http.StatusUnprocessableEntity)

	// every field's error names the field
	bad := url.Values{"category": {"arson-x"}, "description": {strings.Repeat("x", 5001)}, "area": {"99999"},
		"occurred_at": {"27/11/2026"}, "reporter_phone": {"abc"}}
	_, res = c.sendTip(bad)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Loại sự việc: giá trị không hợp lệ", "Nội dung sự việc: tối đa 5000 ký tự, đang có 5001",
		"Xã, phường, đặc khu: giá trị không hợp lệ", "Thời gian xảy ra: phải có dạng", "Số điện thoại: phải gồm")
	_, res = c.sendTip(tipForm("Có ảnh không hợp lệ"), file{"a.gif", []byte("GIF89a....")})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Ảnh (tối đa 3): ảnh 1 (a.gif) không phải JPEG")
	if n := e.int(`SELECT count(*) FROM tips`); n != 0 {
		t.Fatalf("%d tips saved by refused forms", n)
	}

	// a form is sent once
	page = c.get("/tip")
	f = tipForm("Gửi một lần")
	f.Set("form_token", tokenRe.FindStringSubmatch(page.Body)[1])
	e.wait(3 * time.Second)
	wantStatus(t, c.postMultipart("/tip", f), http.StatusOK)
	res = c.postMultipart("/tip", f)
	wantStatus(t, res, http.StatusConflict)
	if n := e.int(`SELECT count(*) FROM tips`); n != 1 {
		t.Fatalf("%d tips after a resend", n)
	}
}

// TestLookupLimit: failed code lookups are limited, and the limit survives
// the refusals that count it.
func TestLookupLimit(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.get("/tip/status")
	for i := 0; i < tips.DefaultLimits.LookupFails; i++ {
		res := c.post("/tip/status", url.Values{"code": {"0000-0000-0000-0000-000" + string(rune('0'+i))}})
		wantStatus(t, res, http.StatusNotFound)
	}
	code, _ := e.client().sendTip(tipForm("Tin báo để tra cứu"))
	res := c.post("/tip/status", url.Values{"code": {code}})
	wantStatus(t, res, http.StatusTooManyRequests)
	mustContain(t, res, "tra cứu sai quá nhiều lần")
	// another device behind the same address is held back too, until the window passes
	other := e.client()
	other.get("/tip/status")
	wantStatus(t, other.post("/tip/status", url.Values{"code": {code}}), http.StatusTooManyRequests)
	e.asOwner(func(tx *gormDB) error {
		return tx.Exec(`UPDATE tip_throttle SET at = at - interval '16 minutes'`).Error
	})
	mustContain(t, c.post("/tip/status", url.Values{"code": {code}}), "Đã tiếp nhận")
}

// TestPhotosAndLiveEvents: a tip with a photo is announced live to the
// units of the place only, and its photo is served to them, never cached.
func TestPhotosAndLiveEvents(t *testing.T) {
	e := newEnv(t)
	unit := func(code string) int64 { return e.int(`SELECT id FROM police_units WHERE code = ?`, code) }
	bcEvents, stopBC := e.hub.Subscribe(tips.Topic(unit("CA-BAICHAY")))
	defer stopBC()
	mkEvents, stopMK := e.hub.Subscribe(tips.Topic(unit("CA-MAOKHE")))
	defer stopMK()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.RGBA{200, 10, 10, 255})
	var buf bytes.Buffer
	png.Encode(&buf, img)
	if _, res := e.client().sendTip(tipForm("Có ảnh chụp hiện trường"), file{"hien-truong.png", buf.Bytes()}); res.Status != http.StatusOK {
		t.Fatalf("send: %d %.500s", res.Status, res.Body)
	}
	select {
	case <-bcEvents:
	case <-time.After(5 * time.Second):
		t.Fatal("CA-BAICHAY was not told of the tip")
	}
	select {
	case ev := <-mkEvents:
		t.Fatalf("CA-MAOKHE was told of tip %s", ev)
	case <-time.After(300 * time.Millisecond):
	}
	id := e.int(`SELECT id FROM tips`)
	path := "/police/tips/" + itoa(id) + "/photos/1"
	bc := e.login("ca-baichay")
	res := bc.get(path)
	wantStatus(t, res, http.StatusOK)
	if res.Header.Get("Content-Type") != "image/png" || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("photo served as %q, cache %q", res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
	}
	wantStatus(t, e.login("ca-maokhe").get(path), http.StatusNotFound)
	wantStatus(t, e.client().get(path), http.StatusSeeOther) // not signed in: to the sign-in page
	mustContain(t, bc.get("/police/tips/"+itoa(id)), `id="tip-photos"`, path)
}
