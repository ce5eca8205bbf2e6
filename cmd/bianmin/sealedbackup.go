package main

// Encrypted backups for a USB stick: bianmin backup --encrypt FILE and
// bianmin restore of such a file (appliance/sealed: argon2id, AES-GCM).

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"bianmin/appliance/sealed"
	"bianmin/appliance/store"
)

// passphraseEnv gives the passphrase to scripts (the prompt is for people).
const passphraseEnv = "BIANMIN_BACKUP_PASSPHRASE"

// minPassphrase is the shortest passphrase accepted for a new backup.
const minPassphrase = 8

// readPassphrase reads the passphrase from file, the environment, or the
// terminal (twice when confirm, for a new backup).
func readPassphrase(g *global, file string, confirm bool) ([]byte, error) {
	var pass string
	switch {
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, &exitError{2, fmt.Errorf("--passphrase-file: %w", err)}
		}
		pass = strings.TrimRight(string(b), "\r\n")
	case os.Getenv(passphraseEnv) != "":
		pass = os.Getenv(passphraseEnv)
	default:
		in := bufio.NewReader(os.Stdin)
		p, err := prompt(g, in, "备份口令 / backup passphrase: ")
		if err != nil {
			return nil, err
		}
		if confirm {
			again, err := prompt(g, in, "再输入一遍 / once more: ")
			if err != nil {
				return nil, err
			}
			if again != p {
				return nil, &exitError{2, errors.New("两次输入的口令不同 / the two passphrases differ")}
			}
		}
		pass = p
	}
	if confirm && len([]rune(pass)) < minPassphrase {
		return nil, &exitError{2, fmt.Errorf("口令至少 %d 个字符 / the passphrase needs at least %d characters", minPassphrase, minPassphrase)}
	}
	if pass == "" {
		return nil, &exitError{2, errors.New("没有口令 / no passphrase")}
	}
	return []byte(pass), nil
}

// prompt reads a line from the terminal without echo (stty), or from
// whatever stdin is.
func prompt(g *global, in *bufio.Reader, text string) (string, error) {
	fmt.Fprint(g.stderr, text)
	if stty("-echo") == nil {
		defer func() { stty("echo"); fmt.Fprintln(g.stderr) }()
	}
	line, err := in.ReadString('\n')
	if err != nil && line == "" {
		return "", &exitError{2, errors.New("没有读到口令 / no passphrase read")}
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func stty(arg string) error {
	if fi, err := os.Stdin.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return errors.New("not a terminal")
	}
	cmd := exec.Command("stty", arg)
	cmd.Stdin = os.Stdin
	return cmd.Run()
}

// sealTo writes the backup stream fill produces to out, encrypted, and
// returns a decrypted copy read back from out (a temporary file the caller
// removes): the check after writing reads what is on the stick.
func sealTo(out string, pass []byte, fill func(w io.Writer) error) (plainCopy string, err error) {
	err = store.WriteFileAtomic(out, 0o600, func(w io.Writer) error {
		pr, pw := io.Pipe()
		done := make(chan error, 1)
		go func() { done <- sealed.Seal(w, pr, pass, sealed.Cost{}) }()
		ferr := fill(pw)
		pw.CloseWithError(ferr)
		serr := <-done
		if ferr != nil {
			return ferr
		}
		return serr
	})
	if err != nil {
		return "", err
	}
	return unseal(out, pass, "")
}

// unseal decrypts the sealed file into a temporary file in dir ("" = the
// system's) and returns its path.
func unseal(file string, pass []byte, dir string) (string, error) {
	in, err := os.Open(file)
	if err != nil {
		return "", err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(dir, ".bianmin-unsealed-*.db")
	if err != nil {
		return "", err
	}
	if err := sealed.Open(tmp, bufio.NewReaderSize(in, 1<<20), pass); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		if errors.Is(err, sealed.ErrOpen) {
			return "", &exitError{1, errors.New(catalog().Both("store.cli.sealed_open", map[string]any{"File": file}))}
		}
		return "", err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return tmp.Name(), nil
}

// isSealedFile reports whether the file is an encrypted backup.
func isSealedFile(file string) bool {
	f, err := os.Open(file)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	return sealed.IsSealed(head[:n])
}

// sameSHA256 checks a decrypted copy against the hash the service sent.
func sameSHA256(path, want string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); !strings.EqualFold(got, want) {
		return fmt.Errorf("the backup read back from the stick has SHA-256 %s, the copy sent %s: the stick may be failing; use another", got, want)
	}
	return nil
}
