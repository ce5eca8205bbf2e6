// Package xlsx writes Office Open XML workbooks (.xlsx) that Excel, WPS
// and LibreOffice open: sheets of text and number cells, a few cell
// styles (bold and sized font, solid fill, thin borders, alignment and
// wrapping), merged ranges, a frozen heading and column widths. Rows are
// streamed into the zip as they are written, so a sheet of tens of
// thousands of rows stays light on a small box; text is written inline
// (no shared-string table to hold in memory).
//
// It writes only what the reports need and never reads workbooks (tests
// read them back with excelize). It replaced excelize in the binary, whose
// package initialisation alone held about 3 MB of memory in every process
// and which added 2.4 MB to the binary (docs/DECISIONS.md).
//
// xlsx imports the standard library only.
package xlsx
