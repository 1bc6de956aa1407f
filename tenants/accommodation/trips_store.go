package accommodation

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"

	"portal06/app/stays"
	"portal06/app/store"
)

// The storage of trips: raw SQL on the request's transaction.

// Trip is a bus trip or a cruise voyage.
type Trip struct {
	ID         int64
	SiteID     int64
	Route      string
	DepartsAt  time.Time
	Vehicle    string
	Passengers int64
}

var vehicleRe = regexp.MustCompile(`^[A-Z0-9][A-Z0-9.\- ]{2,19}$`)

// ListTrips lists a site's trips, newest departure first.
func ListTrips(tx *gorm.DB, tenantID, siteID int64, limit int) ([]Trip, error) {
	var out []Trip
	err := tx.Raw(`SELECT t.id, t.site_id, t.route, t.departs_at, t.vehicle,
			(SELECT count(*) FROM stays s WHERE s.tenant_id = t.tenant_id AND s.trip_id = t.id AND s.status <> 'cancelled') AS passengers
		FROM trips t WHERE t.tenant_id = ? AND t.site_id = ? ORDER BY t.departs_at DESC LIMIT ?`, tenantID, siteID, limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("accommodation: list trips: %w", err)
	}
	return out, nil
}

// GetTrip returns one trip of a site, or store.ErrNotFound.
func GetTrip(tx *gorm.DB, tenantID, siteID, id int64) (Trip, error) {
	var tr Trip
	if err := tx.Raw(`SELECT id, site_id, route, departs_at, vehicle FROM trips WHERE tenant_id = ? AND site_id = ? AND id = ?`,
		tenantID, siteID, id).Scan(&tr).Error; err != nil {
		return tr, fmt.Errorf("accommodation: get trip %d: %w", id, err)
	}
	if tr.ID == 0 {
		return tr, store.ErrNotFound
	}
	return tr, nil
}

// TripPassengers lists a trip's stays not cancelled, by seat.
func TripPassengers(tx *gorm.DB, tenantID, tripID int64) ([]Stay, error) {
	var out []Stay
	err := tx.Raw(`SELECT `+stays.Columns+` FROM stays st `+stays.LatestCheckIn+` WHERE st.tenant_id = ? AND st.trip_id = ? AND st.status <> 'cancelled'
		ORDER BY st.room, st.id`, tenantID, tripID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("accommodation: passengers of trip %d: %w", tripID, err)
	}
	return out, nil
}

// CreateTrip validates and stores a trip.
func CreateTrip(tx *gorm.DB, tenantID, siteID int64, route, departs, vehicle string) (int64, error) {
	bad := store.Invalid{}
	route, vehicle = strings.TrimSpace(route), strings.ToUpper(strings.TrimSpace(vehicle))
	if route == "" {
		bad["route"] = "validation.required"
	} else if len([]rune(route)) > 200 {
		bad["route"] = "validation.too_long"
	}
	t, ok := stays.ParseArrival(departs)
	if !ok {
		bad["departs_at"] = "iddoc.date_invalid"
	}
	if !vehicleRe.MatchString(vehicle) {
		bad["vehicle"] = "trip.vehicle"
	}
	if len(bad) > 0 {
		return 0, bad
	}
	var id int64
	err := tx.Raw(`INSERT INTO trips (tenant_id, site_id, route, departs_at, vehicle) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		tenantID, siteID, route, t, vehicle).Scan(&id).Error
	if err != nil {
		return 0, fmt.Errorf("accommodation: create trip: %w", err)
	}
	return id, nil
}
