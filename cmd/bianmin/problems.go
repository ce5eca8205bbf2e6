package main

import (
	"errors"
	"fmt"

	"bianmin/appliance/locale"
	"bianmin/appliance/problem"
	"bianmin/embedded"
)

// catalog is the locale catalog, for printing in both languages.
func catalog() *locale.Catalog {
	c, err := locale.Load(embedded.FS)
	if err != nil {
		panic(err) // the embedded files are checked by tests
	}
	return c
}

// refusedFile prints every problem of a rejected file to stderr, one a
// line ("第 N 行 / line N ("value"): 中文 — English"), and exits 1 saying
// nothing was imported. An error that holds no problem is returned as it
// is.
func refusedFile(g *global, err error) error {
	probs := problem.All(err)
	if len(probs) == 0 {
		return err
	}
	c := catalog()
	for _, p := range probs {
		fmt.Fprintln(g.stderr, c.ProblemLine(p))
	}
	n := len(probs)
	return &exitError{1, fmt.Errorf("文件有 %d 处错误，什么都没有导入 / %d problem(s) in the file: nothing was imported", n, n)}
}

// refused words a refusal in both languages as the command's error; an
// error that holds no problem is returned as it is.
func refused(err error) error {
	if p, ok := problem.As(err); ok {
		return errors.New(catalog().ProblemLine(p))
	}
	return err
}
