package importer

import (
	"strings"
	"testing"

	"github.com/recruitbot/recruitbot/corpus"
)

// TestFAQKept: a job description's FAQ becomes the role file's FAQ, one
// entry a question with its answer, whether each is on one line or the
// answer follows its question; a question with no answer is reported, not
// kept as an entry.
func TestFAQKept(t *testing.T) {
	src := `Practice nurse

Job scope
The post holder will provide nursing care to patients of all ages.

Key duties
1. Run nurse-led clinics for long-term conditions.
2. Take cervical smears.

Frequently asked questions
Is there parking? Yes, free staff parking on site.
Can I work part time?
We will consider 30 hours a week or more.
Is there a uniform?
`
	res, err := Import("faq.txt", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range res.Role.Items {
		if it.Kind == corpus.FAQ {
			got = append(got, it.Text)
		}
	}
	want := []string{"Is there parking? Yes, free staff parking on site.", "Can I work part time? We will consider 30 hours a week or more."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("FAQ items %q, want %q", got, want)
	}
	found := false
	for _, n := range res.Report.Unplaced {
		found = found || strings.Contains(n.Text, "uniform")
	}
	if !found {
		t.Errorf("the unanswered question is not reported: %+v", res.Report.Unplaced)
	}
}
