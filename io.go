package main

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// readLines calls f for each line of r, in order, including over-long lines
// (answered as too long rather than ending the run).
func readLines(r io.Reader, f func(string) error, stderr io.Writer) int {
	br := bufio.NewReaderSize(r, 64*1024)
	for {
		line, err := br.ReadString('\n')
		if len(line) > 0 || err == nil {
			if ferr := f(strings.TrimRight(line, "\r\n")); ferr != nil {
				fmt.Fprintln(stderr, "recruitbot:", ferr)
				return 1
			}
		}
		if err == io.EOF {
			return 0
		}
		if err != nil {
			fmt.Fprintln(stderr, "recruitbot: read:", err)
			return 1
		}
	}
}

// newLogger logs at level in format: json, text, or "" for JSON unless w
// is a terminal, where a person reads it.
func newLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	var l slog.Level
	if level == "" {
		level = "info"
	}
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: l}
	switch format {
	case "":
		if isTerminal(w) {
			return slog.New(slog.NewTextHandler(w, opts)), nil
		}
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("log format %q: want json or text", format)
}
