package accommodation

import (
	"context"
	"errors"
	"slices"

	"gorm.io/gorm"

	"portal06/app/iddoc"
	"portal06/app/stays"
)

// The core's stays, as accommodation names them.
type (
	// Stay is a guest's stay at a site.
	Stay = stays.Stay
	// CheckInInput is a check-in: where, who, and for how long.
	CheckInInput = stays.CheckInInput
	// Service runs the life of stays and queues their notifications.
	Service = stays.Service
)

// checkIn checks a guest in, onto one of the site's trips when the site
// runs them (the trip is then required and must be the site's; any other
// site ignores it), in the same statement as the stay.
func (k *Kind) checkIn(ctx context.Context, tx *gorm.DB, tenantID int64, in CheckInInput) (Stay, bool, error) {
	// a hotel, a guesthouse or a cruise gives each guest a room or a cabin
	in.RoomKinds, in.TripKinds = roomKinds, tripKinds
	return k.svc.CheckIn(ctx, tx, tenantID, in)
}

// withProblem adds a field's problem to the document's, so that the
// check-in reports it together with every other, all at once.
func withProblem(docErr error, field, code string) error {
	errs := &iddoc.Errors{}
	if docErr != nil && !errors.As(docErr, &errs) {
		return docErr
	}
	errs.List = append(errs.List, iddoc.FieldError{Field: field, Code: code})
	return errs
}

// roomKinds are the site kinds whose guests are given a room or a cabin.
var roomKinds = []string{"hotel", "guesthouse", "cruise"}

// hasRooms reports whether a guest at a site of this kind is given a room
// or a cabin, which the check-in must then name.
func hasRooms(siteKind string) bool {
	return slices.Contains(roomKinds, siteKind)
}
