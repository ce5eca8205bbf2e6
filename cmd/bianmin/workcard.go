package main

import (
	"bianmin/appliance/printjob"
	"bianmin/appliance/report"
	"bianmin/appliance/store"
)

// workCardDoc lays out a substitute's temporary work card (临时工作证) for
// the ticket printer, from the same layout the PDF is written from
// (report.WorkCardOf): the title, the name large, the post, whom they
// stand in for and until when.
func workCardDoc(c report.WorkCard) *printjob.Doc {
	card := printjob.WorkCard{Title: c.Center + " " + c.Title, Name: c.Name, Footer: c.Footer}
	for _, f := range c.Fields {
		card.Fields = append(card.Fields, printjob.Field{Label: f.Label, Value: f.Value})
	}
	return card.Doc()
}

// cardPrinter is ui.CardPrinter: the card becomes a print job, printed
// by the worker when the printer is ready (printjobs.go).
type cardPrinter struct{ db *store.DB }

func (p cardPrinter) PrintWorkCard(actor string, c report.WorkCard) error {
	_, err := printjob.Print(p.db, actor, printjob.Request{Kind: printjob.KindWorkCard, Title: c.Title + " " + c.Name, Doc: workCardDoc(c)})
	return err
}
