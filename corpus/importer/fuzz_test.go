package importer

import (
	"archive/zip"
	"bytes"
	"testing"

	"github.com/recruitbot/recruitbot/corpus"
)

// fuzzImport imports data as name with the panic guard off: a reader must
// return an error, not panic; a role it returns must parse and hold items.
func fuzzImport(t *testing.T, name string, data []byte) {
	guard = false
	defer func() { guard = true }()
	res, err := Import(name, data)
	if err != nil {
		return
	}
	if len(res.Role.Items) == 0 {
		t.Fatalf("a role with no items")
	}
	if _, err := corpus.Parse(name, bytes.NewReader(res.Markdown)); err != nil {
		t.Fatalf("the role file written does not parse: %v\n%s", err, res.Markdown)
	}
}

func FuzzText(f *testing.F) {
	f.Add([]byte("Job title. Porter\n\nKey duties\n\n1. Move patients.\n2. Keep\n\nrecords.\n\nPerson specification\n\nArea\tEssential\tDesirable\nSkills\t<ul> • Able to lift. • Kind.\t<p>Driving licence.</p>\n\t<p>more</p>\t\n"))
	f.Add([]byte("# Role\n\n## Main duties\n- one • two\n\n## Person specification\n### Skills\nEssential criteria\n- Able (E)\n- Keen - Desirable\n"))
	f.Add([]byte("Salary: £20,000\nClosing date: 31st January 2027\nCriteria\tE/D\nA thing.\tE\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, "fuzz.txt", data) })
}

func FuzzHTML(f *testing.F) {
	f.Add([]byte(`<h1>Porter</h1><h2>Duties</h2><ol start="3"><li>Move<ul><li>x</li></ul></li></ol><dl><dt>Salary</dt><dd>£1</dd></dl>` +
		`<h2>Person specification</h2><table><tr><th>Criteria</th><th>Essential</th><th>Desirable</th></tr><tr><td colspan=3>Skills</td></tr><tr><td>Kind.</td><td>✓</td><td></td></tr></table>`))
	f.Add([]byte(`<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table><p hidden>no</p>`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, "fuzz.html", data) })
}

// tinyDOCX is a short Word document: a heading, a numbered list, a table.
func tinyDOCX() []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(`<w:document xmlns:w="w"><w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Porter</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t>Key duties</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Move patients.</w:t></w:r></w:p>` +
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Area</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Essential</w:t></w:r></w:p></w:tc></w:tr>` +
		`<w:tr><w:tc><w:p><w:r><w:t>Skills</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Kind.</w:t><w:tab/><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>`))
	w, _ = zw.Create("word/numbering.xml")
	w.Write([]byte(`<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`))
	zw.Close()
	return b.Bytes()
}

// tinyPDF is a short PDF with a text layer.
func tinyPDF() []byte {
	return PDFWith("BT /F1 12 Tf 72 760 Td (Job title: Porter) Tj ET BT /F1 12 Tf 72 730 Td (Key duties) Tj ET BT /F1 12 Tf 72 716 Td [(1. Move) -250 (patients.)] TJ ET")
}

func FuzzDOCX(f *testing.F) {
	f.Add(tinyDOCX())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, "fuzz.docx", data) })
}

func FuzzPDF(f *testing.F) {
	f.Add(tinyPDF())
	f.Add([]byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, "fuzz.pdf", data) })
}
