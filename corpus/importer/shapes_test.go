package importer_test

import (
	"strings"
	"testing"

	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/corpus/importer"
)

// crits lists a role's criteria as "Area|level|label|text".
func crits(r *corpus.Role) []string {
	var out []string
	for _, it := range r.Criteria("", "") {
		out = append(out, it.Area+"|"+string(it.Level)+"|"+it.LevelLabel+"|"+it.Text)
	}
	return out
}

// The shapes person specifications come in, each read to the same kind of
// criteria: the rules are for the shape, not for one employer's file.
func TestSpecShapes(t *testing.T) {
	for _, tt := range []struct {
		name, spec string
		want       []string
	}{
		{"level headings and plain lines", "Qualifications\n\nEssential\n\nDegree in nursing.\nNMC registration.\n\nDesirable\n\nMentorship qualification.\n",
			[]string{"Qualifications|essential||Degree in nursing.", "Qualifications|essential||NMC registration.", "Qualifications|desirable||Mentorship qualification."}},
		{"marks after criteria", "Skills\n\n• Able to drive (E)\n• Speaks Welsh (D)\n- First aid certificate - Desirable\n",
			[]string{"Skills|essential||Able to drive", "Skills|desirable||Speaks Welsh", "Skills|desirable||First aid certificate"}},
		{"labels before criteria", "Experience\n\nMust have: Two years in retail.\nNice to have: Experience of stock control.\n",
			[]string{"Experience|essential|Must have|Two years in retail.", "Experience|desirable|Nice to have|Experience of stock control."}},
		{"E and D in level columns", "Criteria\tEssential\tDesirable\nSkills\t\t\nAble to lift 20kg.\tE\t\nForklift licence.\t\tD\n",
			[]string{"Skills|essential||Able to lift 20kg.", "Skills|desirable||Forklift licence."}},
		{"dashes and numbers run together in cells", "Area\tRequired\tPreferred\nSkills\t- Able to cook - Food hygiene level 2\t1. Barista training 2. Allergen training\n",
			[]string{"Skills|essential|Required|Able to cook", "Skills|essential|Required|Food hygiene level 2", "Skills|desirable|Preferred|Barista training", "Skills|desirable|Preferred|Allergen training"}},
		{"area and criterion columns with ticks", "Area\tCriterion\tEssential\tDesirable\nKnowledge\tFood safety law.\t✓\t\n\tLocal suppliers.\t\t✓\n",
			[]string{"Knowledge|essential||Food safety law.", "Knowledge|desirable||Local suppliers."}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := "Job title: Cook\n\nKey duties\n\n1. Cook meals.\n\nPerson specification\n\n" + tt.spec
			res, err := importer.Import("cook.txt", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			if got := crits(res.Role); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"), res.Report)
			}
		})
	}
}

// Duty shapes: headings with sub-headings, lettered sub-items, a lead-in,
// plain lines.
func TestDutyShapes(t *testing.T) {
	src := "Job title: Cook\n\nMain duties\n\nKitchen\n\nThe post holder will:\n\n1. Cook meals to the menu.\n   a) breakfasts\n2. Order food.\n\nHygiene\n\nClean the kitchen after each service.\nKeep fridge temperature records.\n"
	res, err := importer.Import("cook.txt", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Role.Duties() {
		got = append(got, d.Section+"|"+d.Text)
	}
	want := []string{"Kitchen|Cook meals to the menu. a) breakfasts", "Kitchen|Order food.", "Hygiene|Clean the kitchen after each service.", "Hygiene|Keep fridge temperature records."}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), res.Report)
	}
	if len(res.Report.Unplaced) != 1 {
		t.Errorf("unplaced %v", res.Report.Unplaced)
	}
}

// Splitting run-together criteria: at full stops and where a full stop was
// lost before a capital, but not inside a criterion's own names.
func TestSplitRunTogether(t *testing.T) {
	for _, tt := range []struct{ cell, want string }{
		{"Degree in nursing. NMC registration. Able to drive", "Degree in nursing.|NMC registration.|Able to drive"},
		{"Experience of X, e.g. wards. This includes nights.", "Experience of X, e.g. wards. This includes nights."},
		{"Able to speak Welsh fluently and confidently in meetings", "Able to speak Welsh fluently and confidently in meetings"},
		{"Working knowledge of Microsoft Office and the internet", "Working knowledge of Microsoft Office and the internet"},
		{"Good understanding of clinical governance requirements Evidence of reflective practice in a team", "Good understanding of clinical governance requirements|Evidence of reflective practice in a team"},
		{"Experience of teaching Key Stage 2 pupils in school", "Experience of teaching Key Stage 2 pupils in school"},
	} {
		src := "Job title: Nurse\n\nPerson specification\n\nArea\tEssential\tDesirable\nSkills\t" + tt.cell + "\t\n"
		res, err := importer.Import("n.txt", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range res.Role.Criteria("", "") {
			got = append(got, c.Text)
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("%q\n got %q\nwant %q", tt.cell, strings.Join(got, "|"), tt.want)
		}
	}
}

// Duties written as <li> fragments in a text export, with or without numbers.
func TestListFragments(t *testing.T) {
	src := "Job title: Porter\n\nMain duties\n\n<ol><li>Move patients safely.</li><li>Deliver post</li></ol>\n<li>3. Keep records.</li>\n"
	res, err := importer.Import("p.txt", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Role.Duties() {
		got = append(got, d.Text)
	}
	if strings.Join(got, "|") != "Move patients safely.|Deliver post|Keep records." {
		t.Errorf("got %q\n%s", got, res.Report)
	}
}

// Facts under headings of their own, as some adverts lay them out.
func TestFactHeadings(t *testing.T) {
	src := "Job title: Porter\n\nSalary\n\n£23,615 a year\n\nClosing date\n\n1 March 2027\n\nJob purpose\n\nMove patients safely around the hospital.\n"
	res, err := importer.Import("p.txt", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	f := res.Role.Facts
	if f.Salary != "£23,615 a year" || f.ClosingDate.Format("2006-01-02") != "2027-03-01" || len(res.Role.Of("scope")) != 1 {
		t.Errorf("facts %+v, items %+v\n%s", f, res.Role.Items, res.Report)
	}
}

// Headings typed in capitals are written as the role format writes them.
func TestCapitalHeadings(t *testing.T) {
	src := "JOB TITLE: HOSPITAL PORTER\n\nKEY DUTIES\n\n1. Move patients.\n\nPERSON SPECIFICATION\n\nAREA\tESSENTIAL\tDESIRABLE\nEXPERIENCE\tPortering.\t\n"
	res, err := importer.Import("p.txt", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	d := res.Role.Duties()
	c := res.Role.Criteria("", "")
	if res.Role.Title != "Hospital porter" || len(d) != 1 || d[0].Section != "Key duties" || len(c) != 1 || c[0].Area != "Experience" {
		t.Errorf("title %q, items %+v", res.Role.Title, res.Role.Items)
	}
}

// Person specification tables without a header row.
func TestHeaderlessSpecTables(t *testing.T) {
	for _, tt := range []struct {
		name, spec string
		want       []string
	}{
		{"area, essential, desirable", "Skills\t• Able to cook. • Food hygiene.\t• Barista training.\n",
			[]string{"Skills|essential||Able to cook.", "Skills|essential||Food hygiene.", "Skills|desirable||Barista training."}},
		{"a table a level", "Essential criteria\n\nSkills\t• Able to cook. • Food hygiene.\nExperience\tTwo years in a kitchen.\n\nDesirable criteria\n\nSkills\tBarista training.\n",
			[]string{"Skills|essential||Able to cook.", "Skills|essential||Food hygiene.", "Skills|desirable||Barista training.", "Experience|essential||Two years in a kitchen."}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := "Job title: Cook\n\nKey duties\n\n1. Cook meals.\n\nPerson specification\n\n" + tt.spec
			res, err := importer.Import("cook.txt", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			if got := crits(res.Role); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"), res.Report)
			}
		})
	}
}

func TestTitleFromFirstLine(t *testing.T) {
	for in, want := range map[string]string{
		"Job description for a community nurse": "Community nurse",
		"Job Description – Community Nurse":     "Community Nurse",
		"JOB DESCRIPTION: STAFF NURSE":          "Staff nurse",
		"Community nurse":                       "Community nurse",
	} {
		res, err := importer.Import("x.txt", []byte(in+"\n\nKey duties\n\n1. Care for patients.\n"))
		if err != nil {
			t.Fatal(err)
		}
		if res.Role.Title != want {
			t.Errorf("%q: title %q, want %q", in, res.Role.Title, want)
		}
	}
}

// A table cell with a line break in it: the row goes on over the next
// lines until it has all its columns.
func TestCellWithLineBreaks(t *testing.T) {
	src := "Job title: Cook\n\nKey duties\n\n1. Cook meals.\n\nPerson specification\n\nArea\tEssential\tDesirable\n" +
		"Skills\t• Able to cook.\n• Food hygiene level 2.\t• Barista training.\nExperience\tTwo years in a kitchen.\t\n"
	res, err := importer.Import("cook.txt", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Skills|essential||Able to cook.", "Skills|essential||Food hygiene level 2.", "Skills|desirable||Barista training.", "Experience|essential||Two years in a kitchen."}
	if got := crits(res.Role); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), res.Report)
	}
}

// An advert laid out with a heading for every fact and level headings in
// the person specification, as national job sites do.
func TestAdvertWithHeadings(t *testing.T) {
	src := `<html><body><h1>Dental nurse</h1>
<h2>Job overview</h2><p>Support dentists in a busy community clinic.</p>
<h2>Main duties of the job</h2><ul><li>Prepare surgeries.</li><li>Sterilise instruments.</li></ul>
<h3>Salary</h3><p>£24,071 to £25,674 a year</p><h3>Contract</h3><p>Permanent</p><h3>Job locations</h3><p>Northgate Clinic, Leeds</p>
<h3>Reference number</h3><p>123-DN-77</p>
<h2>Person Specification</h2>
<h3>Qualifications</h3><h4>Essential</h4><ul><li>GDC registration as a dental nurse.</li></ul><h4>Desirable</h4><ul><li>Radiography certificate.</li></ul>
<h3>Experience</h3><h4>Essential</h4><ul><li>Experience of chairside assisting.</li></ul>
</body></html>`
	res, err := importer.Import("dn.html", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	f := res.Role.Facts
	if f.Salary != "£24,071 to £25,674 a year" || f.Contract != "Permanent" || f.Location != "Northgate Clinic, Leeds" || f.Reference != "123-DN-77" {
		t.Errorf("facts %+v\n%s", f, res.Report)
	}
	want := []string{"Qualifications|essential||GDC registration as a dental nurse.", "Qualifications|desirable||Radiography certificate.", "Experience|essential||Experience of chairside assisting."}
	if got := crits(res.Role); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), res.Report)
	}
	if d := res.Role.Duties(); len(d) != 2 || d[0].Section != "Main duties of the job" {
		t.Errorf("duties %+v", d)
	}
}
