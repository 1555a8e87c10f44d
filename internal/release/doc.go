// Package release holds no code: its test builds the release as users get it
// (.goreleaser.yml with the pinned goreleaser, in snapshot mode, for this
// machine's platform), installs the provider from those zips the way
// `terraform init` installs a registry release, with checksums checked, and
// runs it and the released fakecloud binary together. make test runs it.
package release
