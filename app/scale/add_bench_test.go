package scale

import (
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkBatchAdd measures the Go side of a stay's rows (no database).
func BenchmarkBatchAdd(b *testing.B) {
	g := newGuests(10000)
	s := site{tenantID: 1, id: 2, slug: "scale-ks-0001/co-so-1", name: "Khách sạn 1 – 0001", address: "Số 1, đường Hạ Long", areaCode: "22"}
	rng := rand.New(rand.NewPCG(1, 2))
	at := time.Now().AddDate(-1, 0, 0)
	bt := batch{rollups: true}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%50000 == 0 {
			bt = batch{rollups: true}
		}
		bt.add(int64(i), at.Add(time.Duration(i)*time.Second), &s, g.pick(rng), rng)
	}
}
