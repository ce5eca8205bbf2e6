package main

import (
	"errors"
	"fmt"
	"strings"
)

// runAdmin: `countyd admin add` makes a county account and prints its
// one-time password; `countyd admin reset-password` gives one a new one.
func runAdmin(g *global, args []string) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "reset-password") {
		fmt.Fprintln(g.stderr, "用法 / usage: countyd admin add --username NAME --name 姓名 [--role county_admin|county_viewer] [--townships 乡镇,乡镇] | countyd admin reset-password --username NAME")
		return &exitError{2, errors.New("用法 / usage: countyd admin add|reset-password")}
	}
	if args[0] == "reset-password" {
		fs := newFlags(g, "admin reset-password", "重设县级账号的密码，打印一次性密码 / give a county account a new one-time password and print it"+viaService)
		username := fs.String("username", "", "登录名 / the username")
		if _, err := parse(g, fs, args[1:]); err != nil {
			return err
		}
		if *username == "" {
			fs.Usage()
			return &exitError{2, errors.New("缺少 / missing --username")}
		}
		r, err := call[adminAdded](g, adminResetOp, adminResetArgs{Username: *username})
		if err != nil {
			return err
		}
		printOneTime(g, r)
		return nil
	}
	fs := newFlags(g, "admin add", "建立县级账号，打印一次性密码 / make a county account and print its one-time password"+viaService)
	username := fs.String("username", "", "登录名（小写字母、数字、. _ -）/ the username (lower-case letters, digits, . _ -)")
	name := fs.String("name", "", "姓名 / the person's name")
	role := fs.String("role", "county_admin", "角色：county_admin（县级管理员）或 county_viewer（县级查看人员）/ the role")
	towns := fs.String("townships", "", "仅县级查看人员：可查看的乡镇，逗号分隔；不写为全部 / viewers only: the townships they may see, comma-separated; empty for all")
	if _, err := parse(g, fs, args[1:]); err != nil {
		return err
	}
	if *username == "" || *name == "" {
		fs.Usage()
		return &exitError{2, errors.New("缺少 / missing --username or --name")}
	}
	var list []string
	for _, t := range strings.FieldsFunc(*towns, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
		if t = strings.TrimSpace(t); t != "" {
			list = append(list, t)
		}
	}
	r, err := call[adminAdded](g, adminAddOp, adminAddArgs{Username: *username, Name: *name, Role: *role, Townships: list})
	if err != nil {
		return err
	}
	printOneTime(g, r)
	return nil
}

func printOneTime(g *global, r adminAdded) {
	fmt.Fprintf(g.stdout, "登录名 / username: %s\n角色 / role: %s\n一次性密码 / one-time password: %s\n首次登录后须修改 / change it at first login\n", r.Username, r.Role, r.Password)
}
