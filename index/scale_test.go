package index_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/index"
	"github.com/recruitbot/recruitbot/internal/rolegen"
)

// scaleQuestions mix the intents: requirement, search, duty, fact.
var scaleQuestions = []string{"Do I need to be HCPC registered?", "Will I work with older adults?", "What does duty 9 say?",
	"Is conflict resolution a requirement?", "What is the salary?", "Does this job involve medicines management?",
	"any experiance of motivational interviewing?", "do they want someone who can multitask"}

// BenchmarkScale builds the index of n roles made by internal/rolegen from
// the built-in one, in memory and on disk, reopens the on-disk one as a
// restart with --index does, and answers questions routed to random roles.
// It reports the build time, the heap the index holds after the build and
// after every role has been asked a question, the process's RSS and peak
// RSS, the restart time, the answer p50/p99, and the p99 of each role's
// first answer; and, with the index kept on disk (--index), the time to
// warm every role's statistics (as the bot does in the background after a
// start) and the heap once every role has been asked. 10,000 roles run
// only with RECRUITBOT_SCALE=10000 (they take minutes and gigabytes):
//
//	go test -run '^$' -bench 'Scale/roles=1000$' -benchtime 1x ./index/
//	RECRUITBOT_SCALE=10000 go test -run '^$' -bench 'Scale/roles=10000$' -benchtime 1x -timeout 30m ./index/
func BenchmarkScale(b *testing.B) {
	sizes := []int{1000}
	if n, _ := strconv.Atoi(os.Getenv("RECRUITBOT_SCALE")); n > 0 && n != 1000 {
		sizes = append(sizes, n)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("roles=%d", n), func(b *testing.B) {
			if n > 1000 && os.Getenv("RECRUITBOT_SCALE") == "" {
				b.Skip("set RECRUITBOT_SCALE")
			}
			for range b.N {
				scale(b, n)
			}
		})
	}
}

func scale(b *testing.B, n int) {
	base := load(b)
	c := &corpus.Corpus{Roles: rolegen.Roles(base.Roles[0], n), Synonyms: base.Synonyms}
	heapBefore := heapAlloc()

	t := time.Now()
	ix, err := index.Build(c, index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	build := time.Since(t)
	heap := heapAlloc() - min(heapBefore, heapAlloc())
	rss := procStatus("VmRSS")

	// A role's first question is the dearest (its statistics are computed
	// then); the heap is measured again once every role has been asked, and
	// the answer times after that.
	bt := bot.New(bot.Library{Roles: c.Roles, Searcher: ix}, nil)
	ctx := context.Background()
	var cold, lat []time.Duration
	for i, r := range c.Roles {
		q := bot.Question{Text: scaleQuestions[i%len(scaleQuestions)], RoleID: r.ID}
		t := time.Now()
		a := bt.Answer(ctx, q)
		cold = append(cold, time.Since(t))
		if !a.Answered && i < len(scaleQuestions) {
			b.Errorf("%q: %s", q.Text, a.Text)
		}
	}
	warmHeap := heapAlloc() - min(heapBefore, heapAlloc())
	for i := range 2000 {
		q := bot.Question{Text: scaleQuestions[i%len(scaleQuestions)], RoleID: c.Roles[(i*7919)%n].ID}
		t := time.Now()
		bt.Answer(ctx, q)
		lat = append(lat, time.Since(t))
	}
	sort.Slice(cold, func(i, j int) bool { return cold[i] < cold[j] })
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	ix.Close()
	ix, bt = nil, nil
	runtime.GC()
	debug.FreeOSMemory()

	dir := b.TempDir()
	disk, err := index.Build(c, index.Options{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	disk.Close()
	runtime.GC()
	t = time.Now()
	disk, err = index.Build(c, index.Options{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	// A restart is over when the first question is answered.
	bot.New(bot.Library{Roles: c.Roles, Searcher: disk}, nil).Answer(ctx, bot.Question{Text: scaleQuestions[0], RoleID: c.Roles[n/2].ID})
	restart := time.Since(t)
	// The bot warms a restarted index in the background.
	t = time.Now()
	disk.Warm()
	warm := time.Since(t)
	if disk.Rebuilt {
		b.Error("the restart rebuilt the index")
	}
	// Kept on disk, a role's index is mapped from its files rather than
	// held in the heap; every role asked once.
	dbt := bot.New(bot.Library{Roles: c.Roles, Searcher: disk}, nil)
	for i, r := range c.Roles {
		dbt.Answer(ctx, bot.Question{Text: scaleQuestions[i%len(scaleQuestions)], RoleID: r.ID})
	}
	diskHeap := heapAlloc() - min(heapBefore, heapAlloc())
	disk.Close()

	b.ReportMetric(build.Seconds(), "build-s")
	b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
	b.ReportMetric(float64(rss)/(1<<10), "RSS-MB")
	b.ReportMetric(float64(procStatus("VmHWM"))/(1<<10), "peakRSS-MB")
	b.ReportMetric(restart.Seconds(), "restart-s")
	b.ReportMetric(warm.Seconds(), "warm-s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(cold[len(cold)*99/100].Microseconds()), "first-p99-µs")
	b.ReportMetric(float64(warmHeap)/(1<<20), "heap-asked-MB")
	b.ReportMetric(float64(diskHeap)/(1<<20), "disk-heap-asked-MB")
}

func heapAlloc() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// procStatus is a field of /proc/self/status in kB (0 where there is none).
func procStatus(field string) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, field+":"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	return 0
}

// BenchmarkRestart1000Roles reopens the on-disk index of 1,000 roles, as a
// restart with --index does.
//
//	go test -run '^$' -bench Restart1000Roles -benchtime 3x ./index/
func BenchmarkRestart1000Roles(b *testing.B) {
	base := load(b)
	c := &corpus.Corpus{Roles: rolegen.Roles(base.Roles[0], 1000), Synonyms: base.Synonyms}
	dir := b.TempDir()
	ix, err := index.Build(c, index.Options{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	ix.Close()
	b.ResetTimer()
	for range b.N {
		ix, err := index.Build(c, index.Options{Dir: dir})
		if err != nil {
			b.Fatal(err)
		}
		if ix.Rebuilt {
			b.Fatal("rebuilt")
		}
		ix.Close()
	}
}
