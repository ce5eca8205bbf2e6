package main

import (
	"errors"
	"fmt"

	"bianmin/appliance/account"
	"bianmin/appliance/control"
	"bianmin/appliance/county"
	"bianmin/appliance/problem"
	"bianmin/appliance/uplink"
)

type boxAddArgs struct {
	Name string `json:"name"`
	Area string `json:"area"`
	Key  string `json:"key"`
}

var boxAddOp = newOp("box add", func(c *county.County, call *control.Call, req boxAddArgs) (county.Box, error) {
	return c.AddBox(actorOf(call), req.Name, req.Area, req.Key)
})

var boxListOp = newOp("box list", func(c *county.County, _ *control.Call, _ struct{}) ([]county.Box, error) {
	return c.Boxes()
})

// receiveResult is a received batch's acknowledgement or refusal.
type receiveResult struct {
	Ack     *uplink.Ack     `json:"ack,omitempty"`
	Refused *uplink.Refused `json:"refused,omitempty"`
}

// receiveOp receives one batch from a stick (the command reads the file).
var receiveOp = newOp("receive", func(c *county.County, call *control.Call, _ struct{}) (receiveResult, error) {
	if len(call.Inputs) != 1 {
		return receiveResult{}, errors.New("receive: send one batch")
	}
	ack, err := c.Receive(call.Inputs[0], "usb")
	var ref *uplink.Refused
	if errors.As(err, &ref) {
		return receiveResult{Refused: ref}, nil
	}
	if err != nil {
		return receiveResult{}, err
	}
	return receiveResult{Ack: &ack}, nil
})

type receiptArgs struct {
	Box   string     `json:"box"`
	Epoch string     `json:"epoch"`
	Seqs  []uint64   `json:"seqs"`
	Ack   uplink.Ack `json:"ack"`
}

var receiptOp = newOp("receipt", func(c *county.County, _ *control.Call, req receiptArgs) (uplink.Receipt, error) {
	return c.Receipt(req.Box, req.Epoch, req.Seqs, req.Ack)
})

type countArgs struct {
	Box  string `json:"box"`
	Kind string `json:"kind"`
}

var recordsCountOp = newOp("records count", func(c *county.County, _ *control.Call, req countArgs) (int, error) {
	b, err := c.BoxNamed(req.Box)
	if err != nil {
		return 0, err
	}
	return c.Count(b, req.Kind), nil
})

// actorOf names the person at the console in audit entries.
func actorOf(call *control.Call) string { return fmt.Sprintf("cli:uid-%d", call.Peer.UID) }

// countyAccounts is countyd's account service over its store: the two
// county roles, the first account a county admin.
func countyAccounts(c *county.County) *account.Service {
	return account.New(c.DB(), account.Options{Roles: account.CountyRoles, AdminRole: account.RoleCountyAdmin})
}

type adminAddArgs struct {
	Username  string   `json:"username"`
	Name      string   `json:"name"`
	Role      string   `json:"role"`
	Townships []string `json:"townships"`
}

type adminAdded struct {
	Username string `json:"username"`
	Role     string `json:"role"`
	Password string `json:"password"`
}

// adminAddOp makes a county account (a viewer possibly limited to some
// townships, by name) and returns its one-time password.
var adminAddOp = newOp("admin add", func(c *county.County, call *control.Call, req adminAddArgs) (adminAdded, error) {
	var ids []uint64
	for _, name := range req.Townships {
		b, err := c.BoxNamed(name)
		if err != nil {
			return adminAdded{}, problem.New("townships", "county.cli.err.township", "Name", problem.Bound(name))
		}
		ids = append(ids, b.ID)
	}
	role := account.Role(req.Role)
	if len(ids) > 0 && role != account.RoleCountyViewer {
		return adminAdded{}, problem.New("townships", "county.cli.err.townships_viewer")
	}
	u, pw, err := countyAccounts(c).CreateUser(actorOf(call), account.NewUser{Username: req.Username, DisplayName: req.Name, Role: role})
	if err != nil {
		return adminAdded{}, err
	}
	if len(ids) > 0 {
		if err := c.SetViewerTownships(actorOf(call), u.ID, ids); err != nil {
			return adminAdded{}, err
		}
	}
	return adminAdded{Username: u.Username, Role: string(u.Role), Password: pw}, nil
})

type adminResetArgs struct {
	Username string `json:"username"`
}

// adminResetOp gives an account a new one-time password (a county admin
// who forgot theirs).
var adminResetOp = newOp("admin reset-password", func(c *county.County, call *control.Call, req adminResetArgs) (adminAdded, error) {
	accts := countyAccounts(c)
	u, err := accts.UserByName(req.Username)
	if err != nil {
		return adminAdded{}, problem.New("username", "county.cli.err.no_user", "Username", problem.Bound(req.Username))
	}
	pw, err := accts.ResetPassword(actorOf(call), u.ID)
	if err != nil {
		return adminAdded{}, err
	}
	return adminAdded{Username: u.Username, Role: string(u.Role), Password: pw}, nil
})
