// Package sms is the Huawei Cloud API client used by the provider: Server
// Migration Service (SMS v3) tasks and source servers, Distributed Cache
// Service (DCS v2) background tasks, and the two IAM calls needed to find a
// project id.
//
// Every call goes through one HTTP path (Client.do): request building, AK/SK
// signing or token auth, retries with backoff, per-attempt logging and typed
// error decoding live in one place so every operation behaves the same way.
//
// Credentials come from one credentialProvider per client (credentials.go):
// long-lived keys, or temporary ones from the ECS metadata service or OIDC
// federation, optionally exchanged for an agency's (credential_sources.go).
// Temporary credentials are fetched through the same HTTP path, renewed
// before they expire by one caller for all, and renewed once more when the
// gateway refuses them with a 401 (retry.go).
package sms
