package province

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"portal06/app/i18n"
	"portal06/app/jobs"
	"portal06/app/kind"
	"portal06/policies"
)

// SnapshotArgs asks to freeze the report of the month that last closed.
type SnapshotArgs struct{}

// Kind names the job in River.
func (SnapshotArgs) Kind() string { return "province_snapshot" }

// SnapshotWorker freezes the last closed month's report if no request did
// yet, so the report reads as it did when the month ended.
type SnapshotWorker struct {
	river.WorkerDefaults[SnapshotArgs]
	DB    *gorm.DB
	Kinds kind.Registry
	VI    *i18n.Translator
	Now   func() time.Time
}

// Work takes the snapshot; one already taken stays as it is.
func (w *SnapshotWorker) Work(ctx context.Context, _ *river.Job[SnapshotArgs]) error {
	now := w.Now()
	last := month(now).AddDate(0, -1, 0)
	return w.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := (policies.Scope{All: true}).Apply(tx, 0); err != nil {
			return err
		}
		_, err := MonthReport(tx, w.Kinds, w.VI, last, now)
		return err
	})
}

// AddJobs registers the snapshot worker on the queue and runs it every
// hour (and once at start), so a closed month is frozen soon after it ends
// even when nobody opens its report.
func (h *Handlers) AddJobs(q *jobs.Queue, db *gorm.DB) {
	if q == nil || h.vi == nil {
		return
	}
	river.AddWorker(q.Workers, &SnapshotWorker{DB: db, Kinds: h.kinds, VI: h.vi, Now: h.now})
	q.Client.PeriodicJobs().Add(river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
		func() (river.JobArgs, *river.InsertOpts) { return SnapshotArgs{}, nil },
		&river.PeriodicJobOpts{ID: "province_snapshot", RunOnStart: true}))
}
