package printjob

// Layouts of the receipts the hall prints. Every string is given by the
// caller, already in the reader's language; empty fields are left out.

// Ticket is a queue ticket (排队小票).
type Ticket struct {
	Center  string   // the center's name, heading
	Number  string   // the queue number, e.g. "A012", printed huge
	Service string   // the service, e.g. "综合业务"
	Lines   []string // e.g. "前面还有 3 人", "取号时间 2026-03-02 09:15", centred
	QR      string   // a link to the ticket's live status page
	QRHint  string   // under the QR code, e.g. "扫码查看排队进度"
	Footer  []string // e.g. "过号无效，请留意叫号", bold, centred
}

// Doc lays the ticket out.
func (t Ticket) Doc() *Doc {
	d := NewDoc()
	if t.Center != "" {
		d.Text(t.Center, Title).Rule()
	}
	if t.Number != "" {
		d.Text(t.Number, Huge)
	}
	if t.Service != "" {
		d.Text(t.Service, Tall)
	}
	for _, l := range t.Lines {
		d.Text(l, Center)
	}
	if t.QR != "" {
		d.Feed(1).QR(t.QR).Feed(1) // a quiet zone above and below
		if t.QRHint != "" {
			d.Text(t.QRHint, Center)
		}
	}
	if len(t.Footer) > 0 {
		d.Rule()
		for _, l := range t.Footer {
			d.Text(l, Bold)
		}
	}
	return d
}

// Field is one labelled value on a slip or a work card.
type Field struct{ Label, Value string }

// Slip is a short form or a receipt of something done (回执, 受理单,
// 一次性告知单): a heading, labelled values, paragraphs, an optional QR
// code, footer lines. Copies > 1 prints that many, cut apart (one for the
// citizen, one for the file).
type Slip struct {
	Title      string
	Fields     []Field
	Paragraphs []string // free text after the fields (the materials to bring)
	QR         string
	Footer     []string
	Copies     int
}

// Doc lays the slip out.
func (s Slip) Doc() *Doc {
	d := NewDoc()
	for c := range max(s.Copies, 1) {
		if c > 0 {
			d.Cut()
		}
		if s.Title != "" {
			d.Text(s.Title, Title).Rule()
		}
		for _, f := range s.Fields {
			d.Row(f.Label, f.Value)
		}
		for _, p := range s.Paragraphs {
			d.Text(p, Plain)
		}
		if s.QR != "" {
			d.Feed(1).QR(s.QR).Feed(1)
		}
		if len(s.Footer) > 0 {
			d.Rule()
			for _, l := range s.Footer {
				d.Text(l, Plain)
			}
		}
	}
	return d
}

// Notice is a printed notice (通知): a heading, paragraphs, and the
// issuer and date at the bottom right.
type Notice struct {
	Title      string
	Paragraphs []string
	Issuer     string // e.g. the center's name
	Date       string
}

// Doc lays the notice out.
func (n Notice) Doc() *Doc {
	d := NewDoc()
	if n.Title != "" {
		d.Text(n.Title, Title).Feed(1)
	}
	for _, p := range n.Paragraphs {
		d.Text("\u3000\u3000"+p, Plain) // two ideographic spaces: a Chinese paragraph indent
	}
	if n.Issuer != "" || n.Date != "" {
		d.Feed(1)
	}
	if n.Issuer != "" {
		d.Text(n.Issuer, Right)
	}
	if n.Date != "" {
		d.Text(n.Date, Right)
	}
	return d
}

// WorkCard is a temporary work card (临时工作证) for a substitute on a
// post: the title, the person's name large, labelled values, a footer.
type WorkCard struct {
	Title  string
	Name   string
	Fields []Field
	QR     string
	Footer string
}

// Doc lays the work card out.
func (w WorkCard) Doc() *Doc {
	d := NewDoc()
	if w.Title != "" {
		d.Text(w.Title, Title).Rule()
	}
	if w.Name != "" {
		d.Feed(1).Text(w.Name, Style{Align: AlignCenter, Bold: true, Width: 3, Height: 3}).Feed(1)
	}
	for _, f := range w.Fields {
		d.Row(f.Label, f.Value)
	}
	if w.QR != "" {
		d.Feed(1).QR(w.QR).Feed(1)
	}
	if w.Footer != "" {
		d.Rule().Text(w.Footer, Plain)
	}
	return d
}

// TestTicket is the printer's test page, as `bianmin printer test` and the
// 打印任务 page print it: the layout of a queue ticket with sample content,
// a QR code and a line of Chinese with rare name characters. t words the
// printer.test.* keys in the reader's language; stamp is the time printed;
// extra lines (the printer's model) follow the sample lines.
func TestTicket(center string, t func(key string, args map[string]any) string, stamp string, extra ...string) *Doc {
	return Ticket{
		Center:  center,
		Number:  "A001",
		Service: t("printer.test.service", nil),
		Lines: append([]string{
			t("printer.test.sample", nil),
			t("printer.test.chinese", nil),
			t("printer.test.printed_at", map[string]any{"Time": stamp}),
		}, extra...),
		QR:     "BIANMIN " + t("printer.test.title", nil) + " " + stamp,
		QRHint: t("printer.test.qr_hint", nil),
		Footer: []string{t("printer.test.footer", nil)},
	}.Doc()
}
