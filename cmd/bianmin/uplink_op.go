package main

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"

	"bianmin/appliance/auditlog"
	"bianmin/appliance/boxkey"
	"bianmin/appliance/problem"
	"bianmin/appliance/schema"
	"bianmin/appliance/uplink"
)

// uplinkBox is the county uplink over the open store, signing with the
// box's key (made here when a command runs before the service ever did).
func (s *services) uplinkBox() (*uplink.Box, error) {
	if s.uplink != nil {
		return s.uplink, nil
	}
	log := s.auditLog()
	if log.Key() == nil {
		key, _, err := boxkey.LoadOrCreate(s.db.DataDir())
		if err != nil {
			return nil, fmt.Errorf("the box key: %w", err)
		}
		s.audit = auditlog.New(s.db, key)
		log = s.audit
	}
	s.uplink = uplink.New(s.db, log, schema.Latest())
	return s.uplink, nil
}

type uplinkSendArgs struct {
	To string `json:"to"`
}

type uplinkSendResult struct {
	uplink.Result
	Error string `json:"error,omitempty"`
}

// uplinkSendOp sends everything pending now to the county (--to, or the
// address in the settings). A failure is reported in the result, after
// what was sent before it.
var uplinkSendOp = newOp("uplink send", writesExisting, func(x *opCall, req uplinkSendArgs) (uplinkSendResult, error) {
	box, err := x.svc.uplinkBox()
	if err != nil {
		return uplinkSendResult{}, err
	}
	set, err := box.Settings()
	if err != nil {
		return uplinkSendResult{}, err
	}
	c, err := uplink.NewClient(set, req.To)
	if err != nil {
		if _, ok := problem.As(err); ok {
			return uplinkSendResult{}, err
		}
		return uplinkSendResult{Error: err.Error()}, nil
	}
	res, err := box.Send(context.Background(), c)
	out := uplinkSendResult{Result: res}
	if err != nil {
		out.Error = err.Error()
	}
	return out, nil
})

// uplinkExportOp packs everything pending and streams the unacknowledged
// batches and the manifest to the command as a tar stream (the service
// cannot write to the stick; the command writes the files).
var uplinkExportOp = newOp("uplink export", writesExisting, func(x *opCall, _ struct{}) (uplink.Exported, error) {
	box, err := x.svc.uplinkBox()
	if err != nil {
		return uplink.Exported{}, err
	}
	tw := tar.NewWriter(x.Output())
	ex, err := box.Export(func(name string, data []byte) error {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		_, err := tw.Write(data)
		return err
	})
	if err != nil {
		return ex, err
	}
	return ex, tw.Close()
})

// uplinkReceiptOp acknowledges what the receipts (inputs) list; a receipt
// of another box is skipped.
var uplinkReceiptOp = newOp("uplink receipt", writesExisting, func(x *opCall, _ struct{}) (uplink.Acked, error) {
	box, err := x.svc.uplinkBox()
	if err != nil {
		return uplink.Acked{}, err
	}
	var total uplink.Acked
	var firstErr error
	for i := range x.Inputs {
		a, err := box.ImportReceipt(x.Inputs[i])
		if p, ok := problem.As(err); ok && p.Key == "uplink.err.receipt_box" && len(x.Inputs) > 1 {
			continue
		}
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		total.Batches += a.Batches
		total.Records += a.Records
	}
	if firstErr != nil && total.Batches == 0 {
		return total, firstErr
	}
	return total, nil
})

// uplinkStatusOp reads the uplink's status.
var uplinkStatusOp = newOp("uplink status", readsStore, func(x *opCall, _ struct{}) (uplink.Status, error) {
	key, _ := boxkey.Load(x.svc.db.DataDir())
	return uplink.New(x.svc.db, auditlog.New(x.svc.db, key), schema.Latest()).Status()
})

var errNoReceipt = errors.New("no uplink receipt (uplink-*-receipt.json) there")
