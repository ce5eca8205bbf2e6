package main

import (
	"strings"

	"bianmin/appliance/intake"
	"bianmin/appliance/printjob"
	"bianmin/appliance/store"
)

// noticeDoc lays out an intake document's short form for the ticket
// printer from the words it was issued with (frozen): the title, the
// case's particulars, the text (a table's rows as lines), the QR code to
// the status page, and the number, the center and the date at the foot.
func noticeDoc(n intake.Notice) *printjob.Doc {
	t := n.Text
	slip := printjob.Slip{Title: t.Title, QR: n.QR}
	for _, f := range t.Fields {
		slip.Fields = append(slip.Fields, printjob.Field{Label: f.Label, Value: f.Value})
	}
	slip.Paragraphs = append(slip.Paragraphs, t.Paragraphs...)
	for _, r := range t.Rows {
		slip.Paragraphs = append(slip.Paragraphs, strings.Join(r, " "))
	}
	slip.Paragraphs = append(slip.Paragraphs, t.After...)
	if t.QRHint != "" {
		slip.Footer = append(slip.Footer, t.QRHint)
	}
	slip.Footer = append(slip.Footer, n.DocNo, n.Center, t.Date)
	return slip.Doc()
}

// noticePrinter is ui.NoticePrinter: the short form becomes a print job,
// printed by the worker when the printer is ready (printjobs.go).
type noticePrinter struct{ db *store.DB }

func (p noticePrinter) PrintNotice(actor string, n intake.Notice) error {
	_, err := printjob.Print(p.db, actor, printjob.Request{Kind: printjob.KindSlip, Title: n.Text.Title + " " + n.CaseNo,
		Ref: intake.NoticeRef(n.ID), Doc: noticeDoc(n)})
	return err
}
