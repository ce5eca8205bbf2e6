// Package backoff owns retrying: how long to wait before the next attempt
// after a failure, and how to log a long outage without a line per attempt.
// The serial link to the hall's devices (hw/serialport) uses it now; the
// upload to the county will use it too.
//
//   - Policy is capped, jittered exponential backoff: Initial·Factor^n,
//     never more than Max, shortened by a random fraction up to Jitter so
//     devices that failed together do not retry in step. The zero Policy is
//     usable (200ms, 10s, ×2, 20%).
//   - Backoff counts attempts for one retry loop: Next gives the delay and
//     advances, Reset starts over after a success, RetryAfter lets the far
//     end say "not before D" (an HTTP Retry-After, parsed by
//     ParseRetryAfter). Randomness and sleeping are injected, so tests run
//     without waiting.
//   - Log logs each distinct error once per outage (not once per attempt)
//     and the recovery once.
//
// Write one attempt as a function and put the loop around it:
//
//	b := backoff.New(backoff.Policy{Max: time.Minute}, backoff.Options{})
//	l := backoff.NewLog(logger, "upload failed", "upload working again")
//	for {
//		err := attempt(ctx)
//		if err == nil {
//			b.Reset()
//			l.Up()
//			...
//			continue
//		}
//		d := b.Next()
//		l.Down(err, "retry_in", d)
//		if err := b.Sleep(ctx, d); err != nil {
//			return err
//		}
//	}
//
// backoff is a shared leaf: it imports only the standard library, so both
// hw and appliance may use it.
package backoff
