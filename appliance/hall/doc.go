// Package hall owns what the hall's public screens say and play, apart
// from the queue itself (appliance/queue keeps tickets and calls): the
// spoken announcement of a call — which clips, in which order, and the
// text the browser's own speech synthesis reads — and the hall display's
// settings the office edits (voice, volume, repeat count, the center's
// notices).
//
// The announcement is a pure function of the ticket, the window and the
// settings, so the tests assert what would be played, not the sound.
//
// It imports appliance/store and appliance/problem only.
package hall
