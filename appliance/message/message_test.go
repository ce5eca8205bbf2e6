package message

import "testing"

func TestRender(t *testing.T) {
	msgs := map[string]string{"a": "plain", "b": "line {{.Line}}", "c": "broken {{.Line"}
	cases := []struct{ key, want string }{
		{"a", "plain"}, {"b", "line 7"}, {"c", "broken {{.Line"}, {"missing", "missing"},
	}
	for _, tc := range cases {
		if got := Render(msgs, tc.key, map[string]any{"Line": 7}); got != tc.want {
			t.Errorf("Render(%q) = %q, want %q", tc.key, got, tc.want)
		}
	}
}
