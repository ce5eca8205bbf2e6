package ui

import (
	"runtime/debug"
	"sync/atomic"
)

// releasing is set while a memory release runs (see releaseMemory).
var releasing atomic.Bool

// releaseMemory hands the memory of a one-off big job back to the system
// once the job is done: a report's judgement, a PDF (with its 4.6 MB font)
// or a punch export briefly needs tens of megabytes, which the runtime
// would otherwise keep until its next collection, minutes later on an
// idle box, and leaves the database pages it read mapped into the process
// (store.ReleaseMapped). It runs in the background, one release at a
// time; jobs that finish meanwhile share it. The live heap is a few
// megabytes, so the collection it forces costs a few milliseconds.
func (a *App) releaseMemory() {
	if !releasing.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer releasing.Store(false)
		debug.FreeOSMemory()
		if a.DB != nil {
			if err := a.DB.ReleaseMapped(); err != nil {
				a.Logger.Warn("release the database pages read", "err", err)
			}
		}
	}()
}
