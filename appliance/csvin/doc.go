// Package csvin reads the spreadsheet files people import (the staff list,
// leave, punches and the clock's id mapping) the same way: at most so many
// bytes; UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode
// text") or else GB18030, the superset of the GBK that Excel on Chinese
// Windows writes; the separator the first line uses most (comma, semicolon
// or tab); blank rows skipped; every record with the 1-based line it
// starts on, and at most so many of them. What is wrong with the file comes
// back as a problem (appliance/problem) whose locale key the importing
// package chose, so each import keeps its own words.
//
// It imports the standard library, golang.org/x/text (encodings) and
// appliance/problem.
package csvin
