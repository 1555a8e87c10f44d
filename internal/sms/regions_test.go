package sms

import (
	"slices"
	"testing"
)

func TestKnownRegion(t *testing.T) {
	for _, r := range []string{"cn-north-4", "ap-southeast-3", "my-kualalumpur-1", "ru-moscow-1", "eu-west-101", "la-south-2"} {
		if !KnownRegion(r) {
			t.Errorf("KnownRegion(%q) = false", r)
		}
	}
	for _, r := range []string{"cn-nort-4", "", "CN-NORTH-4", "cn-north-44"} {
		if KnownRegion(r) {
			t.Errorf("KnownRegion(%q) = true", r)
		}
	}
}

func TestCloseRegions(t *testing.T) {
	if got := CloseRegions("cn-nort-4"); !slices.Equal(got, []string{"cn-north-4"}) {
		t.Errorf("CloseRegions(cn-nort-4) = %v, want [cn-north-4]", got)
	}
	if got := CloseRegions("ap-southeast3"); !slices.Equal(got, []string{"ap-southeast-3"}) {
		t.Errorf("CloseRegions(ap-southeast3) = %v, want [ap-southeast-3]", got)
	}
	// Equally near: all of them.
	if got := CloseRegions("cn-north-5"); !slices.Equal(got, []string{"cn-north-1", "cn-north-2", "cn-north-4", "cn-north-9"}) {
		t.Errorf("CloseRegions(cn-north-5) = %v, want the four cn-north regions", got)
	}
	if got := CloseRegions("mars-base-1"); len(got) != 0 {
		t.Errorf("CloseRegions(mars-base-1) = %v, want none", got)
	}
}
