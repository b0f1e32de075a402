package importer

import (
	"regexp"
	"strings"
	"time"
)

var (
	weekday  = regexp.MustCompile(`(?i)^(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?,?\s+`)
	ordinal  = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)\b`)
	dateTail = regexp.MustCompile(`(?i)\s*(?:,|at|by|-|–|\()\s*(?:\d{1,2}[:.]\d{2}|midnight|noon|midday|\d{1,2}\s*[ap]m).*$`)
)

var dateLayouts = []string{
	"2006-01-02", "2 January 2006", "2 Jan 2006", "January 2 2006", "Jan 2 2006", "January 2, 2006",
	"Jan 2, 2006", "02/01/2006", "2/1/2006", "02.01.2006", "02-01-2006", "2 January, 2006", "02/01/06",
}

// parseDate reads a closing date as UK job adverts write it: "12 February
// 2027", "Friday 12th February 2027 at midnight", "12/02/2027".
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	s = weekday.ReplaceAllString(s, "")
	s = ordinal.ReplaceAllString(s, "$1")
	s = dateTail.ReplaceAllString(s, "")
	s = strings.TrimRight(strings.TrimSpace(s), ".")
	s = strings.Join(strings.Fields(s), " ")
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	if len(s) > 4 && strings.EqualFold(s[:4], "sept") {
		return parseDate("Sep" + s[4:])
	}
	return time.Time{}, false
}
