package control

import (
	"errors"
	"fmt"
	"reflect"

	"bianmin/appliance/problem"
)

// Failure is why an operation did not succeed, as the command receives it:
// the refusal's problems intact (to be printed through the locale catalog,
// as the direct path prints them), or a failure's message; and the exit
// code the command should end with.
type Failure struct {
	Code     int          `json:"code"` // process exit code; 1 when the error named none
	Message  string       `json:"message,omitempty"`
	Problems problem.List `json:"problems,omitempty"`
}

func (f *Failure) Error() string {
	if f.Message != "" {
		return f.Message
	}
	return f.Problems.Error()
}

// Unwrap gives the problems, so that problem.All finds them.
func (f *Failure) Unwrap() error {
	if len(f.Problems) == 0 {
		return nil
	}
	return f.Problems
}

// ExitCode is the code the command should exit with.
func (f *Failure) ExitCode() int { return f.Code }

// exitCoder is an error that names the process's exit code.
type exitCoder interface{ ExitCode() int }

// FailureOf describes err for the command. Problem arguments are sent as
// the text the message would show (fmt's rendering, as the catalog's
// templates print them), so that a number or a date reads the same after
// the trip through JSON.
func FailureOf(err error) *Failure {
	f := &Failure{Code: 1, Message: err.Error()}
	var ec exitCoder
	if errors.As(err, &ec) && ec.ExitCode() != 0 {
		f.Code = ec.ExitCode()
	}
	for _, p := range problem.All(err) {
		q := *p
		if len(p.Args) > 0 {
			q.Args = make(map[string]any, len(p.Args))
			for k, v := range p.Args {
				q.Args[k] = argText(v)
			}
		}
		f.Problems = append(f.Problems, &q)
	}
	if len(f.Problems) > 0 {
		f.Message = ""
	}
	return f
}

// argText is what a template's {{.Name}} prints for v: nil stays nil
// ("<no value>" on both sides), a pointer is followed.
func argText(v any) any {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		if _, ok := v.(fmt.Stringer); ok {
			break
		}
		if _, ok := v.(error); ok {
			break
		}
		rv = rv.Elem()
		v = rv.Interface()
	}
	if v == nil || (rv.Kind() == reflect.Pointer && rv.IsNil()) {
		return nil
	}
	return fmt.Sprint(v)
}
