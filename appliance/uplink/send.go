package uplink

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"bianmin/internal/backoff"
)

// retryBusy is the Retry-After countyd sends when it cannot store now.
const retryBusy = 30 * time.Second

// Client posts sealed batches to one countyd.
type Client struct {
	url  string
	http *http.Client
}

// NewClient makes the client for the county at to (Settings.URL when
// empty), with the settings' CA or pinned certificate. Plain HTTP is
// refused unless to is a loopback address or the county allows it.
func NewClient(s Settings, to string) (*Client, error) {
	if to == "" {
		to = s.URL
	}
	if to == "" {
		return nil, errors.New("no county address: set it on the uplink settings page or give --to")
	}
	if err := CheckURL(to, s.AllowHTTP); err != nil {
		return nil, err
	}
	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12}
	switch {
	case s.PinSHA256 != "":
		pin := normalPin(s.PinSHA256)
		// The pin replaces the CA check: the county's certificate is the
		// one registered, byte for byte.
		tlsConf.InsecureSkipVerify = true
		tlsConf.VerifyPeerCertificate = func(raw [][]byte, _ [][]*x509.Certificate) error {
			if len(raw) == 0 {
				return errors.New("the county sent no certificate")
			}
			sum := sha256.Sum256(raw[0])
			if hex.EncodeToString(sum[:]) != pin {
				return fmt.Errorf("the county's certificate is not the pinned one (sha256 %x)", sum)
			}
			return nil
		}
	case s.CACert != "":
		pool, err := certPool(s.CACert)
		if err != nil {
			return nil, fmt.Errorf("the county CA certificate: %w", err)
		}
		tlsConf.RootCAs = pool
	}
	tr := &http.Transport{
		TLSClientConfig:       tlsConf,
		Proxy:                 nil, // the extranet has no proxy; a box's environment must not send batches elsewhere
		TLSHandshakeTimeout:   15 * time.Second,
		ResponseHeaderTimeout: 60 * time.Second,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
	}
	return &Client{url: strings.TrimRight(to, "/") + Path, http: &http.Client{Transport: tr, Timeout: 2 * time.Minute}}, nil
}

// HTTPError is a county answer that is neither an acknowledgement nor a
// refusal (a proxy's error page, 503 while countyd is busy).
type HTTPError struct {
	Status     int
	RetryAfter string // the Retry-After header, "" when none
	Body       string
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("county answered %d: %s", e.Status, e.Body)
}

// Post sends one sealed batch and returns the county's acknowledgement.
func (c *Client) Post(ctx context.Context, data []byte) (Ack, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(data))
	if err != nil {
		return Ack{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return Ack{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return Ack{}, err
	}
	switch {
	case resp.StatusCode == http.StatusOK:
		var a Ack
		if err := json.Unmarshal(body, &a); err != nil {
			return Ack{}, fmt.Errorf("read the county's acknowledgement: %w", err)
		}
		return a, nil
	case resp.StatusCode >= 400 && resp.StatusCode < 500 && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json"):
		var r Refused
		if json.Unmarshal(body, &r) == nil && r.Code != "" {
			return Ack{}, &r
		}
	}
	return Ack{}, &HTTPError{Status: resp.StatusCode, RetryAfter: resp.Header.Get("Retry-After"), Body: strings.TrimSpace(string(bytes.ToValidUTF8(body[:min(len(body), 200)], nil)))}
}

// Result is what one Send did, in records (outbox entries).
type Result struct {
	Sent, Acknowledged, Pending int
	Batches                     int // batches posted
}

// Poster posts one sealed batch (Client; tests and the bench may wrap it).
type Poster interface {
	Post(ctx context.Context, data []byte) (Ack, error)
}

// Send packs and posts everything pending now, in order, one batch at a
// time, and applies each acknowledgement as it comes. It stops at the
// first failure (the caller retries later; kept batches are sent again
// with the same bytes, so a lost acknowledgement is harmless).
func (b *Box) Send(ctx context.Context, p Poster) (Result, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var res Result
	err := b.send(ctx, p, &res)
	res.Pending = b.db.OutboxLen()
	now := b.db.Now().UTC()
	if err != nil {
		b.noteError(err.Error(), now)
	}
	return res, err
}

// window is how many batches are packed in one transaction and sent
// before their acknowledgement is applied (one transaction): a kill in
// between only sends some of them again.
const window = 8

func (b *Box) send(ctx context.Context, p Poster, res *Result) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		batches, epoch, err := b.next(window)
		if err != nil {
			return err
		}
		if len(batches) == 0 {
			made, err := b.build(window)
			if err != nil || !made {
				return err
			}
			continue
		}
		var last *Ack
		var sendErr error
		for _, s := range batches {
			ack, err := p.Post(ctx, s.Data)
			if err != nil {
				sendErr = err
				break
			}
			res.Batches++
			res.Sent += int(s.Last - s.First + 1)
			if ack.Epoch != epoch || ack.Box != b.ID() {
				sendErr = fmt.Errorf("the county acknowledged box %s epoch %s, not this box's %s epoch %s", ack.Box, ack.Epoch, b.ID(), epoch)
				break
			}
			last = &ack
			if ack.Seq < s.Seq {
				// The county holds this batch after a gap it cannot fill
				// from here: what it misses was acknowledged before.
				sendErr = fmt.Errorf("the county acknowledges only up to batch %d of epoch %s, but batch %d is the lowest this box still has: the county lost batches it had acknowledged", ack.Seq, epoch, s.Seq)
				break
			}
		}
		if last != nil {
			a, err := b.ack(epoch, last.Seq, last.HeadSeq, b.db.Now().UTC())
			if err != nil {
				return err
			}
			res.Acknowledged += a.Records
		}
		if sendErr != nil {
			return sendErr
		}
	}
}

// Loop policy: after a failure the sender waits from a minute up to an
// hour; when all is sent it looks again every Every.
var loopPolicy = backoff.Policy{Initial: time.Minute, Max: time.Hour, Jitter: 0.3, MaxRetryAfter: 6 * time.Hour}

// Run sends in the background while ctx lives: every every, or at once
// after Kick, when the settings name a county. Failures back off (capped,
// jittered, Retry-After honoured) and each distinct error is logged once
// per outage.
func (b *Box) Run(ctx context.Context, logger *slog.Logger, every time.Duration, kick <-chan struct{}) {
	bo := backoff.New(loopPolicy, backoff.Options{})
	blog := backoff.NewLog(logger, "county uplink down", "county uplink working")
	wait := time.Duration(0)
	for {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-kick:
			t.Stop()
		case <-t.C:
		}
		wait = every
		set, err := b.Settings()
		if err != nil || set.URL == "" {
			continue
		}
		c, err := NewClient(set, "")
		var res Result
		if err == nil {
			res, err = b.Send(ctx, c)
		}
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			var he *HTTPError
			if errors.As(err, &he) && he.RetryAfter != "" {
				if d, ok := backoff.ParseRetryAfter(he.RetryAfter, time.Now()); ok {
					bo.RetryAfter(d)
				}
			}
			wait = bo.Next()
			blog.Down(err, "retry_in", wait.Round(time.Second), "pending", res.Pending)
			continue
		}
		bo.Reset()
		blog.Up("sent", res.Sent, "pending", res.Pending)
	}
}
