package chat

import (
	"testing"
	"time"
)

func TestPolicyDefaultsAndValidate(t *testing.T) {
	want := Policy{ReplyDeadline: DefaultReplyDeadline, PostDeadline: DefaultPostDeadline, Concurrency: DefaultConcurrency}
	if got := (Policy{}).OrDefaults(); got != want {
		t.Errorf("zero policy = %+v, want the defaults %+v", got, want)
	}
	set := Policy{ReplyDeadline: time.Second, PostDeadline: time.Minute, Concurrency: 1}
	if got := set.OrDefaults(); got != set {
		t.Errorf("set policy = %+v, want it kept", got)
	}
	for _, p := range []Policy{{ReplyDeadline: -1}, {PostDeadline: -1}, {Concurrency: -1}} {
		if p.Validate() == nil {
			t.Errorf("%+v is valid, want refused", p)
		}
	}
	if err := set.Validate(); err != nil {
		t.Errorf("%+v: %v", set, err)
	}
}
