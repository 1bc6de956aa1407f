package portal_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"gorm.io/gorm"

	"portal06/app/store"
)

func TestSecondFactorForAdminsAndPolice(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.get("/login")
	res := c.post("/login", url.Values{"username": {"admin"}, "password": {"demo06"}, "next": {"/admin/users"}})
	wantStatus(t, res, http.StatusSeeOther)
	if res.Header.Get("Location") != "/login/mfa" {
		t.Fatalf("admin went to %q, not the second factor", res.Header.Get("Location"))
	}
	wantStatus(t, c.get("/admin"), http.StatusSeeOther) // not signed in yet
	page := c.get("/login/mfa")
	mustContain(t, page, `id="totp-qr"`, `id="totp-secret"`, "data:image/png;base64,")
	secret := secretRe.FindStringSubmatch(page.Body)[1]
	e.Secrets = map[string]string{"admin": secret}
	res = c.post("/login/mfa", url.Values{"code": {"000000"}})
	wantStatus(t, res, http.StatusUnauthorized)
	mustContain(t, res, "Mã xác thực không đúng")
	res = c.post("/login/mfa", url.Values{"code": {e.nextCode("admin")}})
	wantStatus(t, res, http.StatusSeeOther)
	if res.Header.Get("Location") != "/admin/users" {
		t.Fatalf("after the second factor: %q", res.Header.Get("Location"))
	}
	wantStatus(t, c.get("/admin"), http.StatusOK)
	if e.id(`SELECT count(*) FROM users WHERE username = 'admin' AND totp_secret LIKE 'v1:%' AND totp_enabled_at IS NOT NULL`) != 1 {
		t.Fatal("the enrolled secret was not kept, sealed")
	}
	// The next sign-in asks for a code and shows no secret.
	again := e.client()
	again.get("/login")
	wantStatus(t, again.post("/login", url.Values{"username": {"admin"}, "password": {"demo06"}}), http.StatusSeeOther)
	page = again.get("/login/mfa")
	mustNotContain(t, page, `id="totp-secret"`)
	wantStatus(t, again.post("/login/mfa", url.Values{"code": {e.nextCode("admin")}}), http.StatusSeeOther)
	// Without a challenge, the second step sends back to the password.
	stray := e.client()
	res = stray.get("/login/mfa")
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("stray second step: %d %q", res.Status, res.Header.Get("Location"))
	}

	// Demo police accounts are the one exception; other police accounts enroll.
	pc06 := e.client()
	pc06.get("/login")
	if r := pc06.post("/login", url.Values{"username": {"pc06"}, "password": {"demo06"}}); r.Header.Get("Location") == "/login/mfa" {
		t.Fatal("the demo police account was asked for a second factor")
	}
	err := e.asOwner(func(tx *gorm.DB) error {
		uid, err := store.CreateUser(tx, store.UserInput{Username: "cb-moi", FullName: "Cán bộ mới", Password: "mat-khau-dai"})
		if err != nil {
			return err
		}
		return store.AddStaffRole(tx, uid, "police_officer", e.id(`SELECT id FROM police_units WHERE code = 'CA-HALONG'`))
	})
	if err != nil {
		t.Fatal(err)
	}
	officer := e.client()
	officer.get("/login")
	if r := officer.post("/login", url.Values{"username": {"cb-moi"}, "password": {"mat-khau-dai"}}); r.Header.Get("Location") != "/login/mfa" {
		t.Fatalf("a police officer signed in without a second factor: %q", r.Header.Get("Location"))
	}
	// Tenant accounts have none.
	tenant := e.client()
	tenant.get("/login")
	if r := tenant.post("/login", url.Values{"username": {"ks-owner"}, "password": {"demo06"}}); r.Header.Get("Location") == "/login/mfa" {
		t.Fatal("a tenant account was asked for a second factor")
	}
}

func TestWrongCodesLockTheAccount(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.get("/login")
	c.post("/login", url.Values{"username": {"admin"}, "password": {"demo06"}})
	page := c.get("/login/mfa")
	secret := secretRe.FindStringSubmatch(page.Body)[1]
	for i := 0; i < 4; i++ {
		wantStatus(t, c.post("/login/mfa", url.Values{"code": {"123456"}}), http.StatusUnauthorized)
	}
	wantStatus(t, c.post("/login/mfa", url.Values{"code": {"123456"}}), http.StatusTooManyRequests)
	code, _ := totp.GenerateCode(secret, time.Now())
	res := c.post("/login/mfa", url.Values{"code": {code}})
	wantStatus(t, res, http.StatusTooManyRequests) // the right code does not pass a lock
	mustContain(t, res, "Tài khoản tạm khóa")
}

// TestPasswordDoesNotResetWrongCodes: an attacker who knows the password
// cannot guess codes forever in rounds of four; the fifth wrong code locks,
// however often the password was given in between.
func TestPasswordDoesNotResetWrongCodes(t *testing.T) {
	e := newEnv(t)
	e.login("admin") // enrolled
	guess := func(n int, last int) {
		c := e.client()
		c.get("/login")
		wantStatus(t, c.post("/login", url.Values{"username": {"admin"}, "password": {"demo06"}}), http.StatusSeeOther)
		for i := 0; i < n; i++ {
			want := http.StatusUnauthorized
			if i == n-1 {
				want = last
			}
			wantStatus(t, c.post("/login/mfa", url.Values{"code": {"000000"}}), want)
		}
	}
	guess(4, http.StatusUnauthorized)
	guess(1, http.StatusTooManyRequests)
	// Locked: the password is refused too, for the window.
	c := e.client()
	c.get("/login")
	wantStatus(t, c.post("/login", url.Values{"username": {"admin"}, "password": {"demo06"}}), http.StatusTooManyRequests)
	// Wrong passwords and wrong codes are counted apart: four of each do not lock.
	if err := e.asOwner(func(tx *gorm.DB) error {
		return tx.Exec(`UPDATE users SET locked_until = NULL WHERE username = 'admin'`).Error
	}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		wantStatus(t, c.post("/login", url.Values{"username": {"admin"}, "password": {"wrong"}}), http.StatusUnauthorized)
	}
	guess(4, http.StatusUnauthorized)
}

// TestCodeSignsInOnce: a code that signed in is refused in another session,
// as is any code of an earlier time step.
func TestCodeSignsInOnce(t *testing.T) {
	e := newEnv(t)
	e.login("admin") // enrolled, with one code used
	secret := e.Secrets["admin"]
	step := e.Steps["admin"] + 1
	code, _ := totp.GenerateCode(secret, time.Unix(step*30, 0))
	earlier, _ := totp.GenerateCode(secret, time.Unix((step-1)*30, 0))
	half := func() *client {
		c := e.client()
		c.get("/login")
		wantStatus(t, c.post("/login", url.Values{"username": {"admin"}, "password": {"demo06"}}), http.StatusSeeOther)
		return c
	}
	a, b := half(), half()
	wantStatus(t, a.post("/login/mfa", url.Values{"code": {code}}), http.StatusSeeOther)
	res := b.post("/login/mfa", url.Values{"code": {code}})
	wantStatus(t, res, http.StatusUnauthorized)
	mustContain(t, res, "Mã này vừa được dùng")
	wantStatus(t, b.post("/login/mfa", url.Values{"code": {earlier}}), http.StatusUnauthorized)
	wantStatus(t, b.get("/admin"), http.StatusSeeOther) // still not signed in
	wantStatus(t, a.get("/admin"), http.StatusOK)
}

// TestSecretsAreSealedAtRest: no second-factor secret is stored in
// plaintext, neither enrolled nor while enrolling; an old plaintext secret
// is sealed at its user's next sign-in and still works.
func TestSecretsAreSealedAtRest(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.get("/login")
	c.post("/login", url.Values{"username": {"admin"}, "password": {"demo06"}})
	secret := secretRe.FindStringSubmatch(c.get("/login/mfa").Body)[1]
	if n := e.id(`SELECT count(*) FROM login_challenges WHERE secret LIKE '%' || ? || '%'`, secret); n != 0 {
		t.Fatal("the secret being enrolled is stored in plaintext")
	}
	e.Secrets = map[string]string{"admin": secret}
	wantStatus(t, c.post("/login/mfa", url.Values{"code": {e.nextCode("admin")}}), http.StatusSeeOther)
	if n := e.id(`SELECT count(*) FROM users WHERE totp_secret LIKE '%' || ? || '%'`, secret); n != 0 {
		t.Fatal("the enrolled secret is stored in plaintext")
	}

	// A secret enrolled before secrets were sealed.
	const old = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	if err := e.asOwner(func(tx *gorm.DB) error {
		return tx.Exec(`UPDATE users SET totp_secret = ?, totp_last_step = NULL WHERE username = 'admin'`, old).Error
	}); err != nil {
		t.Fatal(err)
	}
	e.Secrets["admin"], e.Steps = old, nil
	e.login("admin")
	if n := e.id(`SELECT count(*) FROM users WHERE username = 'admin' AND totp_secret LIKE 'v1:%' AND totp_secret NOT LIKE '%' || ? || '%'`, old); n != 1 {
		t.Fatal("the old plaintext secret was not sealed at sign-in")
	}
	e.login("admin") // the sealed secret still opens
}
