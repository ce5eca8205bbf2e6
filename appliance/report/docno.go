package report

// Document numbers (发文字号, GB/T 9704-2012 7.2.4): the center's prefix
// (发文机关代字), the year in 〔〕 and a number counted per year and kind —
// 青山便民〔2026〕12号 — allocated when a report is published. A corrected
// revision is a new document and gets a new number; a number is never
// given twice. Each monthly letter to a home unit is a letter (函) with a
// number of its own. Other areas number their documents (leave slips,
// intake notices) with AllocDocNo in series of their own.

import (
	"encoding/binary"
	"fmt"
	"strconv"

	"bianmin/appliance/center"
	"bianmin/appliance/store"
)

const bucketDocSeq = "report.doc_seq" // series|year → last number given (uint32)

// Series are the numbered kinds of document: a report kind, or the
// letters to home units.
const (
	SeriesLetter = "letter"
)

// seriesMarks are the marks after the prefix that tell the series apart,
// as 代字 do (青山便民函〔2026〕3号 is a letter): the weekly notice, the most
// frequent, has none. They are part of the number, the same in every
// language.
var seriesMarks = map[string]string{
	string(Weekly):    "",
	string(Monthly):   "考",
	string(Quarterly): "核",
	SeriesLetter:      "函",
}

// DocNumber formats a document number: the center's prefix, the series'
// mark, the year, the number — 青山便民函〔2026〕3号.
func DocNumber(prefix, mark string, year, n int) string {
	return prefix + mark + "〔" + strconv.Itoa(year) + "〕" + strconv.Itoa(n) + "号"
}

// allocDocNo numbers a report series (a kind, or the letters).
func allocDocNo(tx *store.Tx, series string) (string, error) {
	return AllocDocNo(tx, series, seriesMarks[series])
}

// AllocDocNo gives the next number of series (a key of the caller's:
// "weekly", "leave_slip") in the year of the transaction's clock in the
// center's time zone, with mark after the prefix (the series' 代字 part,
// "" for none), in tx: the first of a year is 1, and a number is never
// given twice.
func AllocDocNo(tx *store.Tx, series, mark string) (string, error) {
	c, err := center.GetTx(tx)
	if err != nil {
		return "", err
	}
	year := tx.Now().In(tx.Location()).Year()
	b, err := tx.Bucket(bucketDocSeq)
	if err != nil {
		return "", err
	}
	key := []byte(series + "|" + strconv.Itoa(year))
	var n uint32
	if v := b.Get(key); len(v) == 4 {
		n = binary.BigEndian.Uint32(v)
	}
	n++
	if err := b.Put(key, binary.BigEndian.AppendUint32(nil, n)); err != nil {
		return "", fmt.Errorf("document number %s %d: %w", series, year, err)
	}
	return DocNumber(c.DocumentPrefix(), mark, year, int(n)), nil
}
