package kind

import (
	"context"
	"io"
	"time"
)

// ScaleJob is one item of a scale seed (`portal06 seed scale`) handed to a
// kind: how many rows to add, where and when.
type ScaleJob struct {
	Item string // one of the seeder's ScaleItems, e.g. "residents"
	N    int    // how many to add
	// OwnerURL is the schema owner's connection string; LoaderURL a
	// superuser's on the same database, or empty.
	OwnerURL, LoaderURL string
	Now                 time.Time // the clock's now: the load's history ends here
	Out                 io.Writer // progress lines
}

// ScaleSeeder is a kind that loads province-sized data of its own on top of
// the demo data, for measuring the portal at scale. A load adds rows (a
// second run adds more, never collides) and keeps the kind's rollups exact,
// as its live code would.
type ScaleSeeder interface {
	// ScaleItems names the items it loads, e.g. "residents".
	ScaleItems() []string
	SeedScale(ctx context.Context, job ScaleJob) error
}

// ScaleSeeders are the kinds that load scale data.
func (r Registry) ScaleSeeders() []ScaleSeeder { return implementing[ScaleSeeder](r) }
