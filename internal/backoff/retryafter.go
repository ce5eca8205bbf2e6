package backoff

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
)

// httpDateFormats are the date forms RFC 9110 §5.6.7 lets a Retry-After
// carry (the same ones net/http.ParseTime accepts).
var httpDateFormats = []string{
	"Mon, 02 Jan 2006 15:04:05 GMT", // IMF-fixdate
	time.RFC850,
	time.ANSIC,
}

// ParseRetryAfter reads an HTTP Retry-After value (RFC 9110 §10.2.3):
// either seconds ("120") or a date, which is measured from now. A date in
// the past gives 0. ok is false when the value is neither, so the caller
// keeps its own backoff.
func ParseRetryAfter(value string, now time.Time) (d time.Duration, ok bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	secs, err := strconv.ParseUint(value, 10, 64)
	if errors.Is(err, strconv.ErrRange) {
		secs, err = math.MaxUint64, nil // all digits, just very many
	}
	if err == nil {
		secs = min(secs, uint64(maxRetryAfterSeconds))
		return time.Duration(secs) * time.Second, true
	}
	for _, layout := range httpDateFormats {
		if t, err := time.Parse(layout, value); err == nil {
			return max(t.Sub(now), 0), true
		}
	}
	return 0, false
}

// maxRetryAfterSeconds keeps seconds·time.Second from overflowing; a policy
// bounds the wait much lower anyway (Policy.MaxRetryAfter).
const maxRetryAfterSeconds = int64(1<<63-1) / int64(time.Second)
