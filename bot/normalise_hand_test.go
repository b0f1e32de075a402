package bot

import (
	"strings"
	"testing"
)

func TestShorten(t *testing.T) {
	// As shorten was written before it stopped converting to runes.
	old := func(s string, n int) string {
		if len([]rune(s)) <= n {
			return s
		}
		r := []rune(s)[:n]
		cut := strings.LastIndexByte(string(r), ' ')
		out := string(r)
		if cut > n/2 {
			out = out[:cut]
		}
		return strings.TrimRight(out, " ,;:.") + "…"
	}
	for _, s := range []string{"", "short", "a rather longer sentence, with commas; and more words after it.",
		"naïve café résumé über straße naïve café résumé über straße", "x\xffy z\xfe a b c d e f g h i j k l m n o p",
		"nospacesatallinthislongwordthatgoesonandon", "日本語の文章は空白がありません日本語の文章は空白"} {
		for n := 1; n < 40; n++ {
			if got, want := shorten(s, n), old(s, n); got != want {
				t.Errorf("shorten(%q, %d) = %q, want %q", s, n, got, want)
			}
		}
	}
}

func TestTrimQuoteAmp(t *testing.T) {
	for _, w := range []string{"", "'", "&", "'&'", "a", "'a'", "&a&", "a'b", "''a&&", "é'", "'é&"} {
		if got, want := trimQuoteAmp(w), strings.Trim(w, "'&"); got != want {
			t.Errorf("trimQuoteAmp(%q) = %q, want %q", w, got, want)
		}
	}
}

func TestAllDigits(t *testing.T) {
	for _, w := range []string{"", "0", "12", "12th", "a1", "1a", "٣", "007"} {
		if got, want := allDigits(w), strings.Trim(w, "0123456789") == ""; got != want {
			t.Errorf("allDigits(%q) = %v, want %v", w, got, want)
		}
	}
}
