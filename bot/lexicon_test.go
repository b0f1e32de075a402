package bot

import "testing"

func TestLexiconAlternatives(t *testing.T) {
	lx, err := parseLexicon("[x]\nwhat does this|the job|role involve, rundown")
	if err != nil {
		t.Fatal(err)
	}
	ps := lx.set("x")
	for _, q := range []string{"what does this job involve", "what does the role involve", "rundown"} {
		if !ps.has(tokens(q)) {
			t.Errorf("%q is not in the set", q)
		}
	}
	for _, q := range []string{"what does a job involve", "what does this|the job involve", "this job involve"} {
		if ps.has(tokens(q)) {
			t.Errorf("%q is in the set", q)
		}
	}
}
