package national

import (
	"time"

	"portal06/app/i18n"
)

// Zone is Vietnam's time, in which the law's hours are read: the portal's
// one time zone, i18n.Zone.
var Zone = i18n.Zone

// ForeignDeadline is how long an establishment has to declare a foreign
// guest (Law 47/2014, amended by Law 51/2019, art. 33).
const ForeignDeadline = 12 * time.Hour

// Deadline is when a stay beginning at arrival must be notified by (Law on
// Residence 68/2020, art. 30): before 23:00 of the arrival day, or before
// 08:00 the next day for an arrival after 23:00. Foreign guests must be
// declared within 12 hours.
func Deadline(arrival time.Time, foreign bool) time.Time {
	if foreign {
		return arrival.Add(ForeignDeadline)
	}
	local := arrival.In(Zone)
	y, m, d := local.Date()
	cutoff := time.Date(y, m, d, 23, 0, 0, 0, Zone)
	if local.Before(cutoff) {
		return cutoff
	}
	return time.Date(y, m, d+1, 8, 0, 0, 0, Zone)
}
