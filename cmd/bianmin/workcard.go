package main

import (
	"bianmin/appliance/report"
	"bianmin/hw/escpos"
)

// workCardDoc lays out a substitute's temporary work card (临时工作证) for
// the ticket printer, from the same layout the PDF is written from
// (report.WorkCardOf): the title, the name large, the post, whom they
// stand in for and until when. The print-job queue (issue #12) sends it to
// the printer; ui.CardPrinter is wired to it there.
func workCardDoc(c report.WorkCard) *escpos.Doc {
	card := escpos.WorkCard{Title: c.Center + " " + c.Title, Name: c.Name}
	for _, f := range c.Fields {
		card.Fields = append(card.Fields, escpos.Field{Label: f.Label, Value: f.Value})
	}
	d := card.Doc()
	if c.Footer != "" {
		d.Rule().Text(c.Footer, escpos.Plain)
	}
	return d.Cut()
}
