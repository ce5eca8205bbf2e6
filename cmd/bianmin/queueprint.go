package main

import (
	"net"
	"strconv"

	"bianmin/appliance/center"
	"bianmin/appliance/locale"
	"bianmin/appliance/printjob"
	"bianmin/appliance/queue"
	"bianmin/appliance/store"
)

// queuePrinter queues a taken ticket's print job (appliance/printjob) in
// the taking transaction: the ticket's words in the center's language,
// and a QR code of its status page at the box's LAN address.
type queuePrinter struct {
	cat  *locale.Catalog
	lang string
	base string // http://192.168.1.20:8080, no trailing slash
}

func (p queuePrinter) QueueTicketTx(tx *store.Tx, t queue.TicketPrint) error {
	_, err := printjob.Submit(tx, printjob.Request{Kind: printjob.KindTicket, Title: t.Number + " " + t.Name,
		Ref: "queue/ticket/" + strconv.FormatUint(t.TicketID, 10), Doc: p.ticket(tx, t).Doc()})
	return err
}

// ticket lays out one ticket: center, number, service, how many wait
// before it, the time, the status page's QR code, "过号无效".
func (p queuePrinter) ticket(tx *store.Tx, t queue.TicketPrint) printjob.Ticket {
	T := func(key string, args ...any) string {
		m := map[string]any{}
		for i := 0; i+1 < len(args); i += 2 {
			m[args[i].(string)] = args[i+1]
		}
		return p.cat.T(p.lang, key, m)
	}
	st, _ := center.GetTx(tx)
	service := t.Name
	if t.Class == queue.ClassGreen {
		service += " · " + T("queue.class.green")
	}
	return printjob.Ticket{Center: st.Name, Number: t.Number, Service: service,
		Lines:  []string{T("queue.kiosk.ahead", "Count", t.Ahead), T("queue.ticket.taken", "Time", t.Taken.In(tx.Location()).Format("2006-01-02 15:04"))},
		QR:     p.base + "/q/" + t.Token,
		QRHint: T("queue.kiosk.qr_alt"),
		Footer: []string{T("queue.ticket.footer")}}
}

// lanBase is the address a phone on the hall's network reaches the box
// at, for the tickets' QR codes: the listen address's host, or, when it
// listens on every interface, the first non-loopback IPv4 address.
func lanBase(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
		if addrs, err := net.InterfaceAddrs(); err == nil {
			for _, a := range addrs {
				if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
					host = n.IP.String()
					break
				}
			}
		}
	}
	return "http://" + net.JoinHostPort(host, port)
}
