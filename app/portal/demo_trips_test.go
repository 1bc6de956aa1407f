package portal_test

import (
	"net/http"
	"testing"
)

// TestDemoCoachTrips: the demo's coach line has a month of nightly trips
// with their manifests (passengers registered on the trip), and the
// province's "trips with a manifest" counts them at the coach's site.
func TestDemoCoachTrips(t *testing.T) {
	t.Setenv("PORTAL06_DEMO_STAYS", "month")
	e := newEnv(t)
	trips := e.id(`SELECT count(*) FROM trips tr JOIN sites s ON s.tenant_id = tr.tenant_id AND s.id = tr.site_id WHERE s.kind = 'bus'
		AND EXISTS (SELECT 1 FROM stays st WHERE st.tenant_id = tr.tenant_id AND st.trip_id = tr.id AND st.status <> 'cancelled')`)
	if trips < 20 {
		t.Fatalf("%d coach trips with a manifest, want at least 20", trips)
	}
	got := e.id(`SELECT coalesce(sum(f.num), 0)::bigint FROM figure_days f JOIN sites s ON s.tenant_id = f.tenant_id AND s.id = f.site_id
		WHERE s.kind = 'bus' AND f.indicator = 'acc.trips_manifest'`)
	if got != trips {
		t.Fatalf("figure_days counts %d coach trips with a manifest, the trips %d", got, trips)
	}
	res := e.login("tinh").get("/province/indicators/acc.trips_manifest?area=" + itoa(e.id(`SELECT area_id FROM sites WHERE kind = 'bus' ORDER BY id LIMIT 1`)))
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Tuyến Hạ Long – Hà Nội (giường nằm)")
}
