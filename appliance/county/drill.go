package county

import (
	"bianmin/appliance/store"
)

// Scopes of a tally.
const (
	ScopeTownship = 't'
	ScopeUnit     = 'u'
	ScopePerson   = 'p'
)

// TallyOf is one stored tally: of a township, one of its units (unit) or
// one person (unit and staffID), for a day (YYYY-MM-DD) or a month
// (YYYY-MM).
func (c *County) TallyOf(box uint64, period string, scope byte, unit, staffID uint64) (Tally, error) {
	return store.Read(c.db, func(tx *store.Tx) (Tally, error) {
		level := byte('m')
		if len(period) == 10 {
			level = 'd'
		}
		k := key(box, level, period, scope)
		switch scope {
		case ScopeUnit:
			k = key(box, level, period, scope, unit)
		case ScopePerson:
			k = key(box, level, period, scope, unit, staffID)
		}
		return c.newView(tx).tally(k)
	})
}
