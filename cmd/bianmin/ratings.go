package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"time"

	"bianmin/appliance/device"
	"bianmin/appliance/problem"
	"bianmin/appliance/rating"
	"bianmin/hw/button"
)

// checkLineMap is hw/button's Validate for the settings: the line map's
// JSON read strictly, each refusal (a reserved pin, a pin used twice, a
// window short of its five buttons…) mapped onto a problem with the
// button.err.* key and arguments hw/button gave.
func checkLineMap(raw json.RawMessage) error {
	m, err := decodeLineMap(raw)
	if err != nil {
		return problem.New("line_map", "rating.err.line_map_json", "Detail", problem.Bound(err.Error()))
	}
	var ces button.ConfigErrors
	if err := m.Validate(); errors.As(err, &ces) {
		var l problem.List
		for _, ce := range ces {
			l.Add(problem.WithArgs(ce.Field, ce.Key, ce.Args))
		}
		return l.Err()
	} else if err != nil {
		return err
	}
	return nil
}

func decodeLineMap(raw json.RawMessage) (button.Map, error) {
	var m button.Map
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(&m)
	return m, err
}

// startRatings builds the rating flow over svc's ratings and, when the
// settings hold a line map, runs its buttons into the flow (their state
// on the 设备 page) until ctx is done. A box without a line map rates
// through the panel only. onChange is told when a window is armed or
// disarmed (the window displays ask for a rating while it is armed).
func startRatings(ctx context.Context, svc *services, devices *device.Registry, logger *slog.Logger, others func(button.Press), onChange func(window int, armed bool)) *rating.Flow {
	ratings := svc.ratingService()
	flow := rating.NewFlow(ratings, func() time.Duration {
		set, err := ratings.Settings()
		if err != nil {
			set = rating.DefaultSettings()
		}
		return time.Duration(set.ArmSeconds) * time.Second
	}, logger)
	flow.OnChange = onChange // before anything can arm or press
	raw, err := ratings.LineMap()
	if err != nil || raw == nil {
		return flow
	}
	m, err := decodeLineMap(raw)
	if err != nil {
		logger.Error("button line map unreadable; buttons not started", "err", err)
		return flow
	}
	b, err := button.New(m, button.Hardware{}, button.Options{Logger: logger, OnState: func(dev, state, msg string) {
		devices.Set(dev, "buttons", "", device.State(state), msg)
	}})
	if err != nil {
		logger.Error("button line map refused; buttons not started", "err", err)
		return flow
	}
	go func() { _ = runRatingButtons(ctx, b, flow, others) }()
	return flow
}

// ratingService is the ratings over the store, due dates on the
// calendar (openRecords).
func (s *services) ratingService() *rating.Service {
	if s.ratings == nil {
		s.ratings = rating.New(s.db, s.calendar)
	}
	return s.ratings
}
