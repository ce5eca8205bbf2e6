package main

import (
	"errors"

	"bianmin/appliance/attendance"
	"bianmin/appliance/auditlog"
	"bianmin/appliance/report"
)

// reportArgs is a report draft's request: the period as typed, and how to
// judge and word it.
type reportArgs struct {
	Kind   string `json:"kind"`   // weekly, monthly, quarterly
	Period string `json:"period"` // 2026-03-02, 2026-02, 2026-Q1
	TZ     string `json:"tz"`
	Preset string `json:"preset,omitempty"`
	Lang   string `json:"lang"`
}

// reportOp judges the period and lays the draft out in the request's
// language; the command writes the PDF, the XLSX or the text (the service
// keeps no font in memory for it). Drafts are never published: the store
// is only read.
var reportOp = newOp("report", readsStore, func(x *opCall, a reportArgs) (*report.Document, error) {
	loc, err := centerLocation(a.TZ)
	if err != nil {
		return nil, err
	}
	p, err := report.ParsePeriod(report.Kind(a.Kind), a.Period, loc)
	if err != nil {
		return nil, err
	}
	cal, err := x.svc.calendarIn(loc)
	if err != nil {
		return nil, err
	}
	cat := catalog()
	opts := report.Options{Calendar: cal, Location: loc, Progress: func(done, total int) {
		if total > 1 {
			x.Progress(cat.Both("control.progress.months", map[string]any{"Done": done, "Total": total}))
		}
	}}
	if a.Preset != "" {
		pr, ok := attendance.PresetByKey(a.Preset)
		if !ok {
			return nil, presetError(a.Preset)
		}
		opts.Preset = &pr
	}
	r, err := report.Build(x.svc.db, p, opts)
	if err != nil {
		return nil, err
	}
	t := func(key string, args map[string]any) string { return cat.T(a.Lang, key, args) }
	head, err := x.svc.auditLog().SignedHead()
	if err != nil && !errors.Is(err, auditlog.ErrNoKey) {
		return nil, err
	}
	return report.Layout(r, report.Meta{Lang: a.Lang, Location: loc, T: t, AuditHead: auditlog.FooterLine(head, t)}), nil
})
