package stays_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"portal06/app/database"
	"portal06/app/demo"
	"portal06/app/iddoc"
	"portal06/app/jobs"
	"portal06/app/national"
	"portal06/app/stays"
	"portal06/app/testdb"
	"portal06/policies"
)

func TestMain(m *testing.M) { testdb.Main(m) }

type world struct {
	t       testing.TB
	db      *testdb.DB
	stub    *national.Stub
	srv     *httptest.Server
	svc     *stays.Service
	queue   *jobs.Queue
	tenant  int64
	site    int64
	timeout time.Duration
}

func newWorld(t testing.TB, clientTimeout time.Duration) *world {
	t.Helper()
	d := testdb.New(t)
	owner, err := database.OpenGorm(context.Background(), d.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	kindsOf := func(string) []string {
		return []string{"hotel", "guesthouse", "homestay", "cruise", "bus", "apartment_block", "boarding_house", "market", "notary_office"}
	}
	if err := owner.Transaction(func(tx *gorm.DB) error {
		return demo.Seed(tx, kindsOf, []string{"accommodation", "apartment", "market", "notary"})
	}); err != nil {
		t.Fatal(err)
	}
	s, _ := owner.DB()
	s.Close()
	w := &world{t: t, db: d, stub: national.NewStub(national.ModeUp, 0), timeout: clientTimeout}
	w.srv = httptest.NewServer(w.stub)
	t.Cleanup(w.srv.Close)
	w.tenant = w.id(`SELECT id FROM tenants WHERE slug = 'vinh-xanh'`)
	w.site = w.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`)
	w.start()
	w.svc = &stays.Service{Queue: w.queue}
	return w
}

// start runs a River client, as one instance of the portal would.
func (w *world) start() { w.startWith(time.Minute, 10*time.Second) }

func (w *world) startWith(rescueAfter, jobTimeout time.Duration) {
	w.t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	q, err := jobs.New(context.Background(), w.db.App, w.db.AppURL, "", jobs.Config{
		Backoff: jobs.Backoff{Base: 20 * time.Millisecond, Max: 200 * time.Millisecond}, PollEvery: 100 * time.Millisecond,
		RescueAfter: rescueAfter, JobTimeout: jobTimeout, Log: log})
	if err != nil {
		w.t.Fatal(err)
	}
	river.AddWorker(q.Workers, &stays.Deliverer{DB: w.db.App, Client: national.NewClient(w.srv.URL+"/notifications", w.timeout), Log: log})
	if err := q.Client.Start(context.Background()); err != nil {
		w.t.Fatal(err)
	}
	w.queue = q
	w.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		q.Client.Stop(ctx)
	})
}

func (w *world) id(q string, args ...any) int64 {
	w.t.Helper()
	var v int64
	err := w.db.App.Transaction(func(tx *gorm.DB) error {
		if err := (policies.Scope{All: true}).Apply(tx, 0); err != nil {
			return err
		}
		return tx.Raw(q, args...).Scan(&v).Error
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return v
}

// checkIn checks in n guests, each in its own request transaction.
func (w *world) checkIn(n, from int) {
	w.t.Helper()
	for i := from; i < from+n; i++ {
		err := w.db.App.Transaction(func(tx *gorm.DB) error {
			if err := (policies.Scope{Tenants: []int64{w.tenant}, Pin: w.tenant}).Apply(tx, 0); err != nil {
				return err
			}
			id := iddoc.Identity{DocType: iddoc.TypeCCCD, Number: fmt.Sprintf("0220950%05d", i), FullName: "Nguyễn Văn An",
				BirthDate: time.Date(1995, 3, 15, 0, 0, 0, 0, time.UTC), Sex: "M", Nationality: "VNM", Address: "QN"}
			_, _, err := w.svc.CheckIn(context.Background(), tx, w.tenant, stays.CheckInInput{SiteID: w.site, Room: fmt.Sprint(100 + i),
				Identity: id, Source: "qr", ExpectedDeparture: time.Now().AddDate(0, 0, 2).Format("2006-01-02"), Reason: "Du lịch"})
			return err
		})
		if err != nil {
			w.t.Fatal(err)
		}
	}
}

// waitAccepted waits until want notifications are accepted, and checks that
// the receiver accepted exactly those keys, each once, with the same receipts.
func (w *world) waitAccepted(want int64, within time.Duration) {
	w.t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if w.id(`SELECT count(*) FROM notifications WHERE status = 'accepted'`) == want {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got := w.id(`SELECT count(*) FROM notifications WHERE status = 'accepted'`); got != want {
		w.t.Fatalf("%d notifications accepted, want %d (pending %d)", got, want, w.id(`SELECT count(*) FROM notifications WHERE status = 'pending'`))
	}
	distinct, _ := w.stub.Accepted()
	if int64(distinct) != want {
		w.t.Fatalf("the receiver accepted %d distinct keys, want %d", distinct, want)
	}
	if n := w.id(`SELECT count(*) FROM notifications WHERE status = 'accepted' AND receipt IS NULL`); n != 0 {
		w.t.Fatalf("%d accepted notifications lack a receipt", n)
	}
	if n := w.id(`SELECT count(DISTINCT receipt) FROM notifications WHERE status = 'accepted'`); n != want {
		w.t.Fatalf("%d distinct receipts for %d notifications", n, want)
	}
}

func TestDeliveryWhenReceiverIsDownThenUp(t *testing.T) {
	w := newWorld(t, 2*time.Second)
	w.stub.SetMode(national.ModeDown, 0)
	w.checkIn(5, 0)
	time.Sleep(700 * time.Millisecond)
	if n := w.id(`SELECT count(*) FROM notifications WHERE status = 'pending' AND attempts > 0 AND last_error LIKE '503%'`); n != 5 {
		t.Fatalf("%d notifications recorded the outage, want 5", n)
	}
	w.stub.SetMode(national.ModeUp, 0)
	w.waitAccepted(5, 10*time.Second)
}

func TestDeliveryThroughASlowReceiver(t *testing.T) {
	w := newWorld(t, 300*time.Millisecond)
	w.stub.SetMode(national.ModeSlow, time.Second) // slower than the client waits
	w.checkIn(3, 0)
	time.Sleep(1500 * time.Millisecond)
	if n := w.id(`SELECT count(*) FROM notifications WHERE status = 'accepted'`); n != 0 {
		t.Fatalf("%d accepted through a receiver slower than the timeout", n)
	}
	w.stub.SetMode(national.ModeSlow, 50*time.Millisecond)
	w.waitAccepted(3, 15*time.Second)
}

func TestDeliveryWhenTheAnswerIsLost(t *testing.T) {
	w := newWorld(t, 2*time.Second)
	w.stub.SetMode(national.ModeDrop, 0) // the receiver keeps it, the answer never comes
	w.checkIn(4, 0)
	time.Sleep(600 * time.Millisecond)
	distinct, calls := w.stub.Accepted()
	if distinct != 4 {
		t.Fatalf("the receiver kept %d, want 4", distinct)
	}
	retried := 0
	for _, c := range calls {
		if c > 1 {
			retried++
		}
	}
	if retried == 0 {
		t.Fatal("no notification was sent again after its answer was lost")
	}
	w.stub.SetMode(national.ModeUp, 0)
	w.waitAccepted(4, 10*time.Second) // each key accepted exactly once
}

func TestRefusalIsKeptAndNotRetried(t *testing.T) {
	w := newWorld(t, 2*time.Second)
	w.stub.SetMode(national.ModeRefuse, 0)
	w.checkIn(1, 0)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) && w.id(`SELECT count(*) FROM notifications WHERE status = 'refused'`) == 0 {
		time.Sleep(50 * time.Millisecond)
	}
	if w.id(`SELECT count(*) FROM notifications WHERE status = 'refused' AND refusal LIKE '422%fault injection%'`) != 1 {
		t.Fatal("the refusal and its message were not kept")
	}
	_, calls := w.stub.Accepted()
	time.Sleep(400 * time.Millisecond)
	_, later := w.stub.Accepted()
	for k, c := range later {
		if c != calls[k] {
			t.Fatalf("a refused notification was sent again: %d -> %d", calls[k], c)
		}
	}
}

func TestDeliveryOutlivesARestart(t *testing.T) {
	w := newWorld(t, 2*time.Second)
	w.stub.SetMode(national.ModeDown, 0)
	w.checkIn(3, 0)
	time.Sleep(300 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	if err := w.queue.Client.StopAndCancel(ctx); err != nil {
		t.Fatal(err)
	}
	cancel()
	w.stub.SetMode(national.ModeUp, 0)
	time.Sleep(300 * time.Millisecond)
	if n := w.id(`SELECT count(*) FROM notifications WHERE status = 'accepted'`); n != 0 {
		t.Fatalf("%d accepted with no instance running", n)
	}
	w.start() // a new instance finds the jobs the stopped one left
	w.waitAccepted(3, 10*time.Second)
}

func TestCheckInTwiceOpensTheSameStay(t *testing.T) {
	w := newWorld(t, 2*time.Second)
	w.checkIn(1, 7)
	w.checkIn(1, 7)
	if n := w.id(`SELECT count(*) FROM stays`); n != 1 {
		t.Fatalf("%d stays after scanning one card twice", n)
	}
	if n := w.id(`SELECT count(*) FROM notifications`); n != 1 {
		t.Fatalf("%d notifications after scanning one card twice", n)
	}
}

// TestDeliveryAfterAKill leaves a job as a killed portal leaves it, running
// with no worker, and shows that another instance delivers it.
func TestDeliveryAfterAKill(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for River's rescuer")
	}
	w := newWorld(t, 2*time.Second)
	w.stub.SetMode(national.ModeDown, 0)
	w.checkIn(1, 0)
	time.Sleep(300 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	w.queue.Client.StopAndCancel(ctx)
	cancel()
	err := w.db.App.Exec(`UPDATE river_job SET state = 'running', attempted_at = now() - interval '1 hour', scheduled_at = now() - interval '1 hour'
		WHERE kind = 'national_notification'`).Error
	if err != nil {
		t.Fatal(err)
	}
	w.stub.SetMode(national.ModeUp, 0)
	w.startWith(2*time.Second, time.Second) // rescues jobs running longer than 2 s
	w.waitAccepted(1, 75*time.Second)
}
