package main

import (
	"errors"
	"fmt"

	"bianmin/appliance/account"
)

// oneTimePassword is the account and its new one-time password.
type oneTimePassword struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// resetPasswordOp gives the account a new one-time password and ends its
// sessions (in the service: at once, in every browser).
var resetPasswordOp = newOp("admin reset-password", writesStore, func(x *opCall, username string) (oneTimePassword, error) {
	u, err := x.svc.accounts.UserByName(username)
	if errors.Is(err, account.ErrUserNotFound) {
		return oneTimePassword{}, fmt.Errorf("没有用户 %q / no user %q", username, username)
	}
	if err != nil {
		return oneTimePassword{}, err
	}
	pw, err := x.svc.accounts.ResetPassword(x.actor, u.ID)
	if err != nil {
		return oneTimePassword{}, err
	}
	return oneTimePassword{Username: u.Username, Password: pw}, nil
})
