package version

import "testing"

func TestCompare(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"1.4.2", "1.4.2", 0},
		{"v1.4.2", "1.4.2", 0},
		{"1.4.2", "1.4.10", -1},
		{"1.10.0", "1.9.9", 1},
		{"2.0", "1.99.99", 1},
		{"1.4", "1.4.0", 0},
		{"1.5.0-rc1", "1.5.0", -1},
		{"1.5.0-rc2", "1.5.0-rc10", -1},
		{"1.4.2-7-gabc123", "1.4.2", 1},
		{"1.4.2-7-gabc123", "1.4.2-12-gdef456", -1},
		{"1.4.2-7-gabc123", "1.4.3", -1},
		{"0.1.0-dev", "0.1.0", -1},
		{"abc", "0.0.1", -1},
		{"0.0.1", "abc", 1},
	} {
		if got := Compare(c.a, c.b); got != c.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := Compare(c.b, c.a); got != -c.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", c.b, c.a, got, -c.want)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for _, s := range []string{"", "v", "1..2", "1.x", "1.2.3.4.5", "-1"} {
		if Valid(s) {
			t.Errorf("Valid(%q) = true", s)
		}
	}
}
