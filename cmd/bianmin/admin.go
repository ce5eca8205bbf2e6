package main

import (
	"errors"
	"fmt"
)

func runAdmin(g *global, args []string) error {
	fs := newFlags(g, "admin", "管理员工具 / admin tools\n\n  bianmin admin reset-password USERNAME   给账号一个新的一次性密码 / give the account a new one-time password"+viaService)
	if err := parse(g, fs, args); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) == 0 || rest[0] != "reset-password" {
		fs.Usage()
		return &exitError{2, errors.New("用法 / usage: bianmin admin reset-password USERNAME")}
	}
	return runResetPassword(g, rest[1:])
}

func runResetPassword(g *global, args []string) error {
	fs := newFlags(g, "admin reset-password USERNAME", "给账号一个新的一次性密码，并让它在各处退出登录 / give the account a new one-time password and end its sessions"+viaService)
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return &exitError{2, errors.New("请给出用户名 / give one USERNAME")}
	}
	u, err := call[oneTimePassword](g, resetPasswordOp, fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "用户 / user: %s\n一次性密码 / one-time password: %s\n首次登录后须修改 / must be changed at first login\n", u.Username, u.Password)
	return nil
}
