package chat

import (
	"fmt"
	"strings"
	"testing"
)

// amp costs '&' as Slack's "&amp;", to test widths other than one a rune.
func amp(r rune) int {
	if r == '&' {
		return 5
	}
	return 1
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		limit int
		w     Width
		want  []string
	}{
		{"fits", "short text", 20, nil, []string{"short text"}},
		{"blank", "  \n ", 20, nil, nil},
		{"empty", "", 10, nil, nil},
		{"paragraph first", "First paragraph here.\n\nSecond one", 30, nil, []string{"First paragraph here.", "Second one"}},
		{"then a line", "one line here\ntwo lines", 20, nil, []string{"one line here", "two lines"}},
		{"then a sentence", "One sentence. Two sentences here", 20, nil, []string{"One sentence.", "Two sentences here"}},
		{"then a word", "alpha beta gamma delta", 12, nil, []string{"alpha beta", "gamma delta"}},
		{"only in the second half", "a bcdefghijklmnop", 10, nil, []string{"a bcdefghi", "jklmnop"}},
		{"mid-word as a last resort", "abcdefghij", 4, nil, []string{"abcd", "efgh", "ij"}},
		{"counts runes, not bytes", "ééééé", 2, nil, []string{"éé", "éé", "é"}},
		{"words of runes", "héllo wörld", 6, nil, []string{"héllo", "wörld"}},
		{"by width", "a&b&c&d", 10, amp, []string{"a&b", "&c", "&d"}}, // 7, 6, 6
		{"no room", "text", 0, nil, nil},
		{"never after an escaping backslash", `abc\*def`, 4, nil, []string{"abc", `\*de`, "f"}},
		{"after an escaped backslash", `ab\\cdef`, 4, nil, []string{`ab\\`, "cdef"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Split(tt.in, tt.limit, tt.w)
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
				t.Errorf("Split(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
			}
			for _, p := range got {
				if Len(p, tt.w) > tt.limit {
					t.Errorf("piece %q costs %d, over %d", p, Len(p, tt.w), tt.limit)
				}
			}
		})
	}
}

// TestSplitKeepsEverything: only white space is lost at the cuts.
func TestSplitKeepsEverything(t *testing.T) {
	in := strings.Repeat("Applicants must show evidence of clinical reasoning & reflection.\n", 50) + strings.Repeat("x", 300)
	for _, limit := range []int{7, 50, 333, 1000} {
		got := strings.Join(Split(in, limit, amp), "")
		if strip(got) != strip(in) {
			t.Errorf("limit %d: the pieces differ from the text", limit)
		}
	}
}

func strip(s string) string { return strings.Join(strings.Fields(s), "") }

func TestTruncate(t *testing.T) {
	tests := []struct {
		in    string
		limit int
		w     Width
		want  string
	}{
		{"short", 10, nil, "short"},
		{"exactly ten", 11, nil, "exactly ten"},
		{"one two three four", 12, nil, "one two…"},
		{"one two, three four", 13, nil, "one two…"},
		{"abcdefghijkl", 6, nil, "abcde…"},
		{"ab & cd & ef", 10, amp, "ab &…"},
		{"ééééé", 3, nil, "éé…"},
		{"anything", 0, nil, ""},
	}
	for _, tt := range tests {
		got := Truncate(tt.in, tt.limit, tt.w)
		if got != tt.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
		}
		if Len(got, tt.w) > tt.limit {
			t.Errorf("Truncate(%q, %d) costs %d", tt.in, tt.limit, Len(got, tt.w))
		}
	}
}

func TestLen(t *testing.T) {
	if got := Len("a&é", nil); got != 3 {
		t.Errorf("Len = %d, want 3 runes", got)
	}
	if got := Len("a&é", amp); got != 7 {
		t.Errorf("Len = %d, want 7", got)
	}
}
