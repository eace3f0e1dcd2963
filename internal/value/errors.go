package value

import "fmt"

// Error is a value a rule refuses; its message says what to write instead.
type Error struct{ msg string }

func (e *Error) Error() string { return e.msg }

func errorf(format string, args ...any) error { return &Error{msg: fmt.Sprintf(format, args...)} }
