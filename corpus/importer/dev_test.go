package importer

import (
	"os"
	"testing"
)

func TestDevDump(t *testing.T) {
	f := os.Getenv("IMPORT_FILE")
	if f == "" {
		t.Skip()
	}
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import(f, data)
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout.Write(res.Markdown)
	os.Stdout.WriteString(res.Report.String())
}
