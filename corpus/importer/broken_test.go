package importer_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/recruitbot/recruitbot/corpus/importer"
)

func docxWith(t *testing.T, name string, size int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>`))
	chunk := bytes.Repeat([]byte("a"), 1<<20)
	for n := 0; n < size; n += len(chunk) {
		w.Write(chunk)
	}
	w.Write([]byte(`</w:t></w:r></w:p></w:body></w:document>`))
	zw.Close()
	return b.Bytes()
}

// Broken inputs each get an error that says what is wrong, never a panic
// and never a role.
func TestBrokenInputs(t *testing.T) {
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty.txt", nil, "empty"},
		{"blank.txt", []byte("\n \n\t\n"), "empty"},
		{"binary.txt", []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00"), "binary file"},
		{"binary.html", []byte("\x00\x01\x02\x03<html>"), "binary file"},
		{"notzip.docx", []byte("This is a text file with a .docx name."), "not a Word document"},
		{"empty.docx", nil, "empty"},
		{"other.docx", docxWith(t, "content.xml", 10), "no word/document.xml"},
		{"bomb.docx", docxWith(t, "word/document.xml", 40<<20), "zip bomb"},
		{"big.txt", bytes.Repeat([]byte("Experience of x.\n"), 50<<20/17+1), "too big"},
		{"notpdf.pdf", []byte("%PDF-1.4\nnot really"), "not a readable PDF"},
		{"scanned.pdf", importer.PDFWith("q 100 0 0 100 50 50 cm 0 0 1 1 re f Q"), "no text layer"},
		{"nothing.txt", []byte("Hello\n\nJust a note.\n"), "no job scope, duties or criteria"},
		{"truncated.docx", docxWith(t, "word/document.xml", 10)[:200], "not a Word document"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := importer.Import(tt.name, tt.data)
			if err == nil {
				t.Fatalf("imported a role from a broken file:\n%s", res.Markdown)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.name) {
				t.Errorf("error %q, want one naming the file and saying %q", err, tt.want)
			}
		})
	}
	if _, err := importer.Import("scanned.pdf", importer.PDFWith("q 0 0 1 1 re f Q")); !errors.Is(err, importer.ErrNoText) {
		t.Errorf("a PDF with no text layer: %v, want ErrNoText", err)
	}
}

// A PDF with a text layer is read.
func TestMinimalPDF(t *testing.T) {
	res, err := importer.Import("tiny.pdf", importer.PDFWith("BT /F1 12 Tf 72 760 Td (Job title: Porter) Tj ET BT /F1 12 Tf 72 730 Td (Key duties) Tj ET BT /F1 12 Tf 72 716 Td (1. Move patients safely.) Tj ET"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Role.Title != "Porter" || len(res.Role.Duties()) != 1 || res.Role.Duties()[0].Text != "Move patients safely." {
		t.Errorf("got %q %+v\n%s", res.Role.Title, res.Role.Items, res.Markdown)
	}
}

// A person specification table with no level columns: the criteria are
// not dropped or given a level by guesswork; each is in the UNPLACED block
// and the report says why.
func TestTableWithoutLevels(t *testing.T) {
	src := "Job title: Cleaner\n\nMain duties\n\n1. Clean the wards.\n\nPerson specification\n\n" +
		"Criteria\tHow assessed\n" +
		"Experience of cleaning in a hospital.\tInterview\n" +
		"Able to work early shifts.\tApplication\n"
	res, err := importer.Import("cleaner.txt", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	md := string(res.Markdown)
	for _, c := range []string{"Experience of cleaning in a hospital.", "Able to work early shifts."} {
		if !strings.Contains(md, "#   "+c) {
			t.Errorf("%q is not in the UNPLACED block:\n%s", c, md)
		}
	}
	if len(res.Report.Unplaced) != 2 || !strings.Contains(res.Report.String(), "no Essential/Desirable column") {
		t.Errorf("report:\n%s", res.Report)
	}
	if len(res.Role.Criteria("", "")) != 0 {
		t.Errorf("criteria with guessed levels: %+v", res.Role.Criteria("", ""))
	}
}

// Text saved by older Windows programs (Windows-1252) is read, not refused.
func TestWindows1252(t *testing.T) {
	src := []byte("Job title: Caf\xe9 manager\n\nKey duties\n\n1. Run the caf\xe9 \x96 every day.\n")
	res, err := importer.Import("cafe.txt", src)
	if err != nil {
		t.Fatal(err)
	}
	if res.Role.Title != "Café manager" || res.Role.Duties()[0].Text != "Run the café – every day." {
		t.Errorf("got %q, %q", res.Role.Title, res.Role.Duties()[0].Text)
	}
}

// A Word document with a text box: its paragraphs are read once (the
// drawing's fallback copy is not), and the paragraph around it survives.
func TestDOCXTextBox(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(`<w:document xmlns:w="w" xmlns:mc="mc"><w:body>
<w:p><w:r><w:t>Job title: Porter</w:t></w:r></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>Reference: P-1</w:t></w:r></w:p></w:txbxContent></mc:Choice>
<mc:Fallback><w:txbxContent><w:p><w:r><w:t>Reference: P-1</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>Key duties</w:t></w:r></w:p>
<w:p><w:r><w:t>1. Move patients safely.</w:t></w:r></w:p>
</w:body></w:document>`))
	zw.Close()
	res, err := importer.Import("tb.docx", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if res.Role.Facts.Reference != "P-1" || len(res.Role.Duties()) != 1 || res.Role.Duties()[0].Section != "Key duties" {
		t.Errorf("facts %+v items %+v\n%s", res.Role.Facts, res.Role.Items, res.Markdown)
	}
}

// A file that is one endless item, continued paragraph after paragraph, is
// cut into items of bounded length, so importing it takes time in
// proportion to its size.
func TestEndlessItem(t *testing.T) {
	var b strings.Builder
	b.WriteString("Job title: Big\n\nKey duties\n\n1. Start.\n\n")
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&b, "more text number %d here.\n\n", i)
	}
	res, err := importer.Import("big.txt", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Role.Duties() {
		if len(d.Text) > 10100 {
			t.Fatalf("duty %d is %d bytes long", d.Number, len(d.Text))
		}
	}
}
