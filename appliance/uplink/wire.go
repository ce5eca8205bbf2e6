package uplink

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// Path is where countyd receives batches (POST, the sealed envelope as
// the body, application/json).
const Path = "/uplink/v1/batch"

// MaxBody bounds a batch on the wire and on the stick.
const MaxBody = 16 << 20

// Ack is countyd's answer to a batch: the highest S such that 1..S of the
// box's epoch are all stored, and the latest audit head it holds.
type Ack struct {
	Box   string `json:"box"`
	Epoch string `json:"epoch"`
	Seq   uint64 `json:"seq"`
	// HeadSeq is the seq of the latest audit head the county holds for the
	// box (the next batches anchor to it).
	HeadSeq uint64 `json:"head_seq"`
	// Outcome: "stored", "again" (a resend of a stored batch), "held" (a
	// batch after a gap, kept until the gap fills).
	Outcome string `json:"outcome"`
}

// Outcomes of a received batch.
const (
	OutcomeStored = "stored"
	OutcomeAgain  = "again"
	OutcomeHeld   = "held"
)

// Refusal codes.
const (
	CodeMalformed  = "malformed"   // not a batch
	CodeSignature  = "signature"   // the signature does not match (changed byte, wrong key)
	CodeUnknownBox = "unknown_box" // a key no box was registered with
	CodeConflict   = "conflict"    // the same sequence number with other content
)

// Refused is countyd's refusal of a batch: sending it again will not help.
type Refused struct {
	Code   string `json:"code"`
	Detail string `json:"detail"`
}

func (r *Refused) Error() string {
	return fmt.Sprintf("county refused the batch (%s): %s", r.Code, r.Detail)
}

// Receiver stores batches: countyd's store (appliance/county).
type Receiver interface {
	// Receive checks and stores one sealed batch; via says how it came
	// ("http 10.1.2.3", "usb"). A *Refused error refuses it for good;
	// any other error is the county's trouble and the box retries.
	Receive(data []byte, via string) (Ack, error)
}

// Handler serves Path over a Receiver.
func Handler(r Receiver) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "POST a batch", http.StatusMethodNotAllowed)
			return
		}
		data, err := io.ReadAll(http.MaxBytesReader(w, req.Body, MaxBody))
		if err != nil {
			writeJSON(w, http.StatusRequestEntityTooLarge, &Refused{Code: CodeMalformed, Detail: err.Error()})
			return
		}
		ack, err := r.Receive(data, "http "+req.RemoteAddr)
		var ref *Refused
		switch {
		case errors.As(err, &ref):
			status := http.StatusBadRequest
			switch ref.Code {
			case CodeSignature, CodeUnknownBox:
				status = http.StatusForbidden
			case CodeConflict:
				status = http.StatusConflict
			}
			writeJSON(w, status, ref)
		case err != nil:
			w.Header().Set("Retry-After", strconv.Itoa(int(retryBusy.Seconds())))
			http.Error(w, "the county could not store the batch now: "+err.Error(), http.StatusServiceUnavailable)
		default:
			writeJSON(w, http.StatusOK, ack)
		}
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
