// Package device owns the status model behind the 设备 (device status) page:
// for each device the appliance drives (fingerprint reader, ticket printer,
// buttons) it records whether it is connected, reconnecting, in error or
// disabled, since when, how many reconnect attempts have been made, the exact
// last error text for technicians (English, not translated), and free-form
// counters (frames read, bad checksums, tickets printed...).
//
// Drivers report into a Registry through plain method calls wired in cmd
// (for example a serialport.Link's OnState callback calls Registry.Set); the
// web UI reads List and Subscribe to push changes over Server-Sent Events,
// and the health check reads AllHealthy. A Registry is safe for concurrent
// use and never blocks its writers: subscribers get a coalesced, non-blocking
// notification and re-read List.
//
// device imports only the standard library; it does no I/O.
package device
