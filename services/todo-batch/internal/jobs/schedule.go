package jobs

import "time"

// DailyAt returns a schedule that fires every day at hour:minute UTC.
func DailyAt(hour, minute int) Daily {
	return Daily{Hour: hour, Minute: minute}
}

// Daily is a River periodic schedule that fires once a day at a fixed UTC time.
type Daily struct {
	// Hour is the UTC hour, 0 to 23.
	Hour int
	// Minute is the minute of the hour, 0 to 59.
	Minute int
}

// Next returns the first firing time strictly after current.
func (d Daily) Next(current time.Time) time.Time {
	c := current.UTC()
	next := time.Date(c.Year(), c.Month(), c.Day(), d.Hour, d.Minute, 0, 0, time.UTC)
	if !next.After(c) {
		next = next.AddDate(0, 0, 1)
	}
	return next
}
