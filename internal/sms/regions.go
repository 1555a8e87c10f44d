package sms

import "slices"

// knownRegions are the public regions of the official SDK's region tables
// for the services this client calls: SMS (which also serves every other
// region from cn-north-4) and DCS (whose table includes IAM's). A region
// outside them has no default endpoint that answers.
var knownRegions = []string{
	"ae-ad-1", "af-south-1", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
	"cn-east-2", "cn-east-3", "cn-north-1", "cn-north-2", "cn-north-4", "cn-north-9",
	"cn-south-1", "cn-south-2", "cn-southwest-2", "eu-west-0", "eu-west-101",
	"la-north-2", "la-south-2", "me-east-1", "my-kualalumpur-1", "na-mexico-1",
	"ru-moscow-1", "ru-northwest-2", "sa-brazil-1", "tr-west-1",
}

// KnownRegion reports whether region is one of the public regions the
// default endpoints serve.
func KnownRegion(region string) bool { return slices.Contains(knownRegions, region) }

// CloseRegions returns the known regions nearest to region, within a few
// typing mistakes: the suggestions of an unknown-region error.
func CloseRegions(region string) []string {
	best := 4 // farther than this is no typo
	var out []string
	for _, r := range knownRegions {
		switch d := editDistance(region, r); {
		case d < best:
			best, out = d, []string{r}
		case d == best:
			out = append(out, r)
		}
	}
	return out
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
