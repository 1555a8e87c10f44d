// Package fakecloud is a fake Huawei Cloud for the provider's tests and
// demo: a real HTTP server that serves SMS v3, DCS v2 background tasks and
// the IAM calls the provider makes, with the service's bodies, limits,
// states and errors. README.md beside this file describes the routes, the
// state machine, the readings, the control API and the error codes.
//
// Every rule has a source, ranked:
//
//  1. the requests the official provider's SMS acceptance tests send, and
//     what they read back (they run against the real service): a rule they
//     contradict is wrong, whatever an SDK model's Go struct says;
//  2. the SDK models (huaweicloud-sdk-go-v3 v0.1.207) and the API pages;
//  3. where all are silent or disagree, a reading: an Options field the fake
//     answers both ways by, the provider tested under each (readings.go).
package fakecloud
