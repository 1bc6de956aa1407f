package national

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, Zone)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDeadline(t *testing.T) {
	cases := []struct {
		arrival string
		foreign bool
		want    string
	}{
		{"2026-11-27 00:30", false, "2026-11-27 23:00"},
		{"2026-11-27 14:00", false, "2026-11-27 23:00"},
		{"2026-11-27 22:59", false, "2026-11-27 23:00"},
		{"2026-11-27 23:00", false, "2026-11-28 08:00"},
		{"2026-11-27 23:45", false, "2026-11-28 08:00"},
		{"2026-12-31 23:30", false, "2027-01-01 08:00"},
		{"2026-11-27 14:00", true, "2026-11-28 02:00"},
		{"2026-11-27 23:30", true, "2026-11-28 11:30"},
	}
	for _, c := range cases {
		got := Deadline(at(c.arrival), c.foreign).In(Zone).Format("2006-01-02 15:04")
		if got != c.want {
			t.Errorf("arrival %s foreign=%v: deadline %s, want %s", c.arrival, c.foreign, got, c.want)
		}
	}
	// The zone of the input does not matter: 16:30 UTC is 23:30 in Hà Nội.
	utc := time.Date(2026, 11, 27, 16, 30, 0, 0, time.UTC)
	if got := Deadline(utc, false).In(Zone).Format("2006-01-02 15:04"); got != "2026-11-28 08:00" {
		t.Fatalf("UTC arrival: %s", got)
	}
}

// TestDeadlineProperty: for every minute of a day, the deadline is after
// the arrival, at most 12 hours after it for domestic guests before 23:00,
// and always at 23:00 or 08:00 local time.
func TestDeadlineProperty(t *testing.T) {
	start := at("2026-06-01 00:00")
	for m := 0; m < 24*60; m++ {
		a := start.Add(time.Duration(m) * time.Minute)
		d := Deadline(a, false)
		if !d.After(a) {
			t.Fatalf("arrival %s: deadline %s not after it", a, d)
		}
		h := d.In(Zone).Format("15:04")
		if h != "23:00" && h != "08:00" {
			t.Fatalf("arrival %s: deadline at %s", a, h)
		}
		if d.Sub(a) > 24*time.Hour {
			t.Fatalf("arrival %s: deadline %s more than a day later", a, d)
		}
	}
}

func valid() Payload {
	return Payload{SiteCode: "a/b", StayID: 1, Event: EventCheckIn, Document: Document{Type: "cccd", Number: "022095001234"},
		FullName: "Nguyễn Văn An", BirthDate: "1995-03-15", Sex: "M", Nationality: "VNM", Arrival: time.Now(),
		ExpectedDeparture: "2026-11-29", Reason: "Du lịch"}
}

func TestPayloadValidate(t *testing.T) {
	if bad := valid().Validate(); len(bad) != 0 {
		t.Fatalf("valid payload refused: %v", bad)
	}
	p := valid()
	p.Sex, p.Event, p.BirthDate, p.StayID = "X", "party", "15/03/1995", 0
	bad := p.Validate()
	want := map[string]bool{"sex": true, "event": true, "birth_date": true, "stay_id": true}
	for _, b := range bad {
		delete(want, b)
	}
	if len(want) != 0 {
		t.Fatalf("not refused: %v (got %v)", want, bad)
	}
}

func TestClientClassifiesAnswers(t *testing.T) {
	cases := []struct {
		status int
		body   string
		want   Outcome
	}{
		{201, `{"receipt":"R1"}`, Accepted},
		{200, `{"receipt":"R1"}`, Accepted},
		{200, `{}`, Retry},
		{422, `{"message":"bad name"}`, Refused},
		{400, `plain text`, Refused},
		{500, `{"message":"oops"}`, Retry},
		{503, ``, Retry},
	}
	for _, c := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Idempotency-Key") != "k1" || r.Header.Get("Content-Type") != "application/json" {
				w.WriteHeader(418)
				return
			}
			w.WriteHeader(c.status)
			w.Write([]byte(c.body))
		}))
		res := NewClient(srv.URL, time.Second).Send(context.Background(), "k1", []byte(`{}`))
		srv.Close()
		if res.Outcome != c.want {
			t.Errorf("%d %s: outcome %v, want %v (%s)", c.status, c.body, res.Outcome, c.want, res.Message)
		}
		if c.want == Refused && res.Message == "" {
			t.Errorf("%d: refusal without the receiver's message", c.status)
		}
	}
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { time.Sleep(300 * time.Millisecond) }))
	defer slow.Close()
	if res := NewClient(slow.URL, 50*time.Millisecond).Send(context.Background(), "k", nil); res.Outcome != Retry {
		t.Fatalf("timeout: %v", res.Outcome)
	}
	if res := NewClient("", time.Second).Send(context.Background(), "k", nil); res.Outcome != Retry {
		t.Fatal("no URL should wait, not refuse")
	}
}
