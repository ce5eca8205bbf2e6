package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"bianmin/appliance/control"
	"bianmin/appliance/uplink"
	"bianmin/ui/countyui"
)

func runServe(g *global, args []string) error {
	fs := newFlags(g, "serve", "运行县级接收服务：接收上报（"+uplink.Path+"）和县级页面 / receive uploads at "+uplink.Path+" and serve the county pages")
	addr := fs.String("addr", envOr("COUNTYD_ADDR", "127.0.0.1:8443"), "监听地址 / listen address HOST:PORT")
	cert := fs.String("tls-cert", "", "TLS 证书（PEM）/ TLS certificate (PEM); without it plain HTTP (loopback or the extranet only)")
	key := fs.String("tls-key", "", "TLS 私钥（PEM）/ TLS private key (PEM)")
	logLevel := fs.String("log-level", "info", "日志级别 / log level: debug, info, warn, error")
	if _, err := parse(g, fs, args); err != nil {
		return err
	}
	if (*cert == "") != (*key == "") {
		return &exitError{2, errors.New("--tls-cert 和 --tls-key 须同时给出 / give both --tls-cert and --tls-key")}
	}
	logger := newLogger(*logLevel)
	c, err := openCounty(g, logger)
	if err != nil {
		return err
	}
	defer c.DB().Close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	sock, err := control.Listen(filepath.Join(g.dataDir, SocketName), dispatch(c), control.Options{Logger: logger})
	if err != nil {
		logger.Warn("no command socket: commands need the service stopped", "err", err)
	} else {
		go sock.Serve()
		defer sock.Close()
	}

	accts := countyAccounts(c)
	adminPW, created, err := accts.EnsureAdmin()
	if err != nil {
		return err
	}
	web, err := countyui.New(countyui.Deps{County: c, Accounts: accts, Logger: logger, Location: c.DB().Location(), SecureCookies: *cert != ""})
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle(uplink.Path, uplink.Handler(c))
	mux.Handle("/", web)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 15 * time.Second, ReadTimeout: 2 * time.Minute, WriteTimeout: 2 * time.Minute}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return &exitError{1, fmt.Errorf("监听 / listen %s: %w", *addr, err)}
	}
	scheme := "http"
	if *cert != "" {
		scheme = "https"
	}
	fmt.Fprintf(g.stdout, "countyd 已启动 / countyd is running\n  网址 / URL:  %s://%s\n  数据 / data: %s\n", scheme, ln.Addr(), g.dataDir)
	if created {
		fmt.Fprintf(g.stdout, "  县级管理员 / county admin: admin\n  一次性密码 / one-time password: %s\n  首次登录后须修改密码 / change it at first login\n", adminPW)
	}
	logger.Info("listening", "addr", ln.Addr().String(), "tls", *cert != "", "data", g.dataDir, "version", version)
	errc := make(chan error, 1)
	go func() {
		if *cert != "" {
			errc <- srv.ServeTLS(ln, *cert, *key)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shut)
}
