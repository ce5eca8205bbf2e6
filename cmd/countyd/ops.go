package main

import (
	"errors"
	"fmt"

	"bianmin/appliance/control"
	"bianmin/appliance/county"
	"bianmin/appliance/uplink"
)

type boxAddArgs struct {
	Name string `json:"name"`
	Area string `json:"area"`
	Key  string `json:"key"`
}

var boxAddOp = newOp("box add", func(c *county.County, call *control.Call, req boxAddArgs) (county.Box, error) {
	return c.AddBox(actorOf(call), req.Name, req.Area, req.Key)
})

var boxListOp = newOp("box list", func(c *county.County, _ *control.Call, _ struct{}) ([]county.Box, error) {
	return c.Boxes()
})

// receiveResult is a received batch's acknowledgement or refusal.
type receiveResult struct {
	Ack     *uplink.Ack     `json:"ack,omitempty"`
	Refused *uplink.Refused `json:"refused,omitempty"`
}

// receiveOp receives one batch from a stick (the command reads the file).
var receiveOp = newOp("receive", func(c *county.County, call *control.Call, _ struct{}) (receiveResult, error) {
	if len(call.Inputs) != 1 {
		return receiveResult{}, errors.New("receive: send one batch")
	}
	ack, err := c.Receive(call.Inputs[0], "usb")
	var ref *uplink.Refused
	if errors.As(err, &ref) {
		return receiveResult{Refused: ref}, nil
	}
	if err != nil {
		return receiveResult{}, err
	}
	return receiveResult{Ack: &ack}, nil
})

type receiptArgs struct {
	Box   string     `json:"box"`
	Epoch string     `json:"epoch"`
	Seqs  []uint64   `json:"seqs"`
	Ack   uplink.Ack `json:"ack"`
}

var receiptOp = newOp("receipt", func(c *county.County, _ *control.Call, req receiptArgs) (uplink.Receipt, error) {
	return c.Receipt(req.Box, req.Epoch, req.Seqs, req.Ack)
})

type countArgs struct {
	Box  string `json:"box"`
	Kind string `json:"kind"`
}

var recordsCountOp = newOp("records count", func(c *county.County, _ *control.Call, req countArgs) (int, error) {
	b, err := c.BoxNamed(req.Box)
	if err != nil {
		return 0, err
	}
	return c.Count(b, req.Kind), nil
})

// actorOf names the person at the console in audit entries.
func actorOf(call *control.Call) string { return fmt.Sprintf("cli:uid-%d", call.Peer.UID) }
