// Package countytest feeds a county store signed batches from simulated
// township boxes, for tests and benchmarks of countyd (the pull API, the
// roll-ups): each Box has its own key, epoch and sequence numbers, and its
// batches go through County.Receive like an upload.
package countytest

import (
	"encoding/json"
	"fmt"
	"time"

	"bianmin/appliance/boxkey"
	"bianmin/appliance/county"
	"bianmin/appliance/uplink"
)

// Box is one simulated township box registered with the county.
type Box struct {
	County *county.County
	Key    *boxkey.Key
	Reg    county.Box
	Epoch  string
	seq    uint64 // batches sent
	outbox uint64 // records sent
}

// Register registers a new simulated box under the township name and area.
func Register(c *county.County, name, area string) (*Box, error) {
	key := boxkey.Generate()
	reg, err := c.AddBox("test", name, area, key.PublicText())
	if err != nil {
		return nil, err
	}
	return &Box{County: c, Key: key, Reg: reg, Epoch: fmt.Sprintf("%016x", reg.ID)}, nil
}

// Record is one record to send.
type Record struct {
	Kind    string
	Time    time.Time
	Payload any
}

// Send seals the records into the box's next batch and has the county
// receive it.
func (b *Box) Send(recs []Record) (uplink.Ack, error) {
	batch := uplink.Batch{Box: b.Key.Fingerprint(), Epoch: b.Epoch, Seq: b.seq + 1, Schema: 1, Created: time.Now().UTC()}
	for _, r := range recs {
		p, err := json.Marshal(r.Payload)
		if err != nil {
			return uplink.Ack{}, err
		}
		b.outbox++
		batch.Records = append(batch.Records, uplink.Record{Seq: b.outbox, Time: r.Time.UTC(), Kind: r.Kind, Payload: p})
	}
	batch.First, batch.Last = b.outbox-uint64(len(recs))+1, b.outbox
	data, err := uplink.Seal(batch, b.Key)
	if err != nil {
		return uplink.Ack{}, err
	}
	ack, err := b.County.Receive(data, "test")
	if err == nil {
		b.seq++
	}
	return ack, err
}

// Punch is the payload of a simulated punch: No is unique per box.
type Punch struct {
	No      int       `json:"no"`
	StaffID uint64    `json:"staff_id"`
	Time    time.Time `json:"time"`
	Source  string    `json:"source"`
}

// SendPunches sends n punches numbered from first, at one a minute from
// start, in batches of at most per records.
func (b *Box) SendPunches(first, n, per int, start time.Time) error {
	for done := 0; done < n; {
		k := min(per, n-done)
		recs := make([]Record, 0, k)
		for i := range k {
			no := first + done + i
			at := start.Add(time.Duration(no) * time.Minute)
			recs = append(recs, Record{Kind: "punch", Time: at, Payload: Punch{No: no, StaffID: uint64(no%60 + 1), Time: at, Source: "fingerprint"}})
		}
		if _, err := b.Send(recs); err != nil {
			return err
		}
		done += k
	}
	return nil
}
