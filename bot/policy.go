package bot

// Policy holds every threshold the bot decides with, named. Coverage is the
// share of the question's focus, weighted by rarity, that an item matches
// (0..1). Strength is the summed weight of the matched focus terms divided by
// the weight of a term only one item has, so that a bar means the same in a
// 20-item role and a 70-item one: 1 is "one rare word's worth".
//
// The values are chosen on the development set (testdata/dev) by
// internal/calibrate, fitting on some roles and scoring on the others; see
// the README.
type Policy struct {
	MinCoverage float64 // below this share of the focus, abstain
	MinStrength float64 // below this much matched substance, abstain
	// SureCoverage: at or above it, a yes/no question gets a plain "Yes"
	// (when at least two focus terms match directly).
	SureCoverage float64
	// RelatedCoverage and RelatedScore: a further item is cited beside the
	// first when it covers this share of what the first covers and ranks
	// within this share of its score.
	RelatedCoverage, RelatedScore float64
	// CriterionShare: a requirement question is answered from the best
	// criterion when it ranks within this share of the best item.
	CriterionShare float64
	// StrongStrength and StrongCoverage: an item that shares this much
	// substance with the question directly (in units of the rarest term) is
	// trusted at this lower coverage: "my OT degree is from South Africa, so
	// not RCOT approved - dealbreaker?" shares OT, RCOT and approved with
	// the criterion, whatever else the asker says of themselves.
	StrongStrength, StrongCoverage float64
	// CheckStrength and CheckCoverage: a self-check clause addresses a
	// criterion when it shares this much with it.
	CheckStrength, CheckCoverage float64
}

// DefaultPolicy is the calibrated policy.
var DefaultPolicy = Policy{
	MinCoverage:     0.45,
	MinStrength:     0.5,
	SureCoverage:    0.85,
	RelatedCoverage: 0.9,
	RelatedScore:    0.6,
	CriterionShare:  0.6,
	StrongStrength:  2.0,
	StrongCoverage:  0.3,
	CheckStrength:   0.6,
	CheckCoverage:   0.3,
}

func (p Policy) confident(h Hit) bool {
	if h.Direct <= 0 {
		return false
	}
	return h.Coverage >= p.MinCoverage && h.strength() >= p.MinStrength ||
		h.Coverage >= p.StrongCoverage && h.direct() >= p.StrongStrength
}

// direct is Direct in units of the rarest term's weight.
func (h Hit) direct() float64 {
	if h.Norm <= 0 {
		return h.Direct
	}
	return h.Direct / h.Norm
}

// strength is Strength in units of the rarest term's weight.
func (h Hit) strength() float64 {
	if h.Norm <= 0 {
		return h.Strength
	}
	return h.Strength / h.Norm
}
