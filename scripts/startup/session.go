package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"
)

// session is a logged-in browser of bianmin's web pages, as a person
// would use them: cookies, the CSRF token from each form, redirects.
type session struct {
	base string
	c    *http.Client
}

var (
	csrfRE  = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)
	draftRE = regexp.MustCompile(`href="/reports/(d-[0-9a-f]+)/pdf"`)
	failRE  = regexp.MustCompile(`data-draft-state="failed"`)
)

func newSession(base string) (*session, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	return &session{base: base, c: &http.Client{Jar: jar, Timeout: 2 * time.Minute,
		Transport: &http.Transport{Proxy: nil}}}, nil
}

// get returns the page's body and final path; non-200 is an error.
func (s *session) get(path string) (string, string, error) {
	resp, err := s.c.Get(s.base + path)
	if err != nil {
		return "", "", err
	}
	return readPage(resp, "GET "+path)
}

// readPage reads the final page of a request and its path; non-200 is an
// error.
func readPage(resp *http.Response, what string) (string, string, error) {
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s: status %d", what, resp.StatusCode)
	}
	return string(b), resp.Request.URL.Path, err
}

// post submits a form of the page at page to path with the page's CSRF
// token and returns the final page and its path.
func (s *session) post(page, path string, form url.Values) (string, string, error) {
	body, _, err := s.get(page)
	if err != nil {
		return "", "", err
	}
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		return "", "", fmt.Errorf("no CSRF token on %s", page)
	}
	form.Set("csrf_token", m[1])
	resp, err := s.c.PostForm(s.base+path, form)
	if err != nil {
		return "", "", err
	}
	return readPage(resp, "POST "+path)
}

// login signs in; when the account must change its password first (a new
// admin) it changes it to newPass.
func (s *session) login(user, pass, newPass string) error {
	_, where, err := s.post("/login", "/login", url.Values{"username": {user}, "password": {pass}})
	if err != nil {
		return err
	}
	switch {
	case where == "/login":
		return fmt.Errorf("login as %s refused", user)
	case where == "/account/password" && newPass == "":
		return fmt.Errorf("%s must change the password first (run -setup again)", user)
	case where == "/account/password":
		_, where, err = s.post("/account/password", "/account/password",
			url.Values{"old_password": {pass}, "new_password": {newPass}, "confirm_password": {newPass}})
		if err == nil && where == "/account/password" {
			err = errors.New("the new password was refused")
		}
	}
	return err
}

// monthlyPDF opens the reports page, generates the month's report, waits
// for the draft and downloads its PDF.
func (s *session) monthlyPDF(month string) ([]byte, error) {
	if _, _, err := s.post("/reports", "/reports/generate", url.Values{"kind": {"monthly"}, "period": {month}}); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		body, _, err := s.get("/reports")
		if err != nil {
			return nil, err
		}
		if m := draftRE.FindStringSubmatch(body); m != nil {
			resp, err := s.c.Get(s.base + "/reports/" + m[1] + "/pdf")
			if err != nil {
				return nil, err
			}
			defer resp.Body.Close()
			pdf, err := io.ReadAll(resp.Body)
			if err == nil && (resp.StatusCode != http.StatusOK || !bytes.HasPrefix(pdf, []byte("%PDF-"))) {
				err = fmt.Errorf("PDF download: status %d, %.20q", resp.StatusCode, pdf)
			}
			return pdf, err
		}
		if failRE.MatchString(body) {
			return nil, fmt.Errorf("the report draft for %s failed", month)
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("the report draft for %s was not ready after 2 minutes", month)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// readLogin reads "user\npassword\n" as -setup writes it.
func readLogin(path string) (string, string, error) {
	if path == "" {
		return "", "", errors.New("-login FILE is needed for the page and PDF (written by -setup)")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", "", err
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 {
		return "", "", fmt.Errorf("%s: want two lines, user and password", path)
	}
	return lines[0], lines[1], nil
}
