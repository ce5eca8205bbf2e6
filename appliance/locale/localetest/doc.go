// Package localetest holds what tests of the domain's readers share about
// the problems they report: every problem can be shown. It imports
// appliance/locale and appliance/problem, and is for tests only.
package localetest
